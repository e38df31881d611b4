import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, importSPKI, type CryptoKey } from 'jose';

export interface SigningKeys {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

const ALG = 'EdDSA';

/**
 * Keys from the environment, else generated once and kept under the data directory so that tokens
 * survive a restart. Several nodes must share the same keys (set them in the environment).
 */
export async function loadSigningKeys(opts: { privatePem?: string; publicPem?: string; dataDir: string }): Promise<SigningKeys> {
  let privatePem = opts.privatePem?.replace(/\\n/g, '\n');
  let publicPem = opts.publicPem?.replace(/\\n/g, '\n');
  if (!privatePem || !publicPem) {
    const dir = path.join(opts.dataDir, 'keys');
    const privFile = path.join(dir, 'jwt-private.pem');
    const pubFile = path.join(dir, 'jwt-public.pem');
    if (fs.existsSync(privFile) && fs.existsSync(pubFile)) {
      privatePem = fs.readFileSync(privFile, 'utf8');
      publicPem = fs.readFileSync(pubFile, 'utf8');
    } else {
      const pair = await generateKeyPair(ALG, { extractable: true });
      privatePem = await exportPKCS8(pair.privateKey);
      publicPem = await exportSPKI(pair.publicKey);
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      fs.writeFileSync(privFile, privatePem, { mode: 0o600 });
      fs.writeFileSync(pubFile, publicPem);
    }
  }
  const kid = crypto.createHash('sha256').update(publicPem).digest('base64url').slice(0, 16);
  return { kid, privateKey: await importPKCS8(privatePem, ALG), publicKey: await importSPKI(publicPem, ALG) };
}

export const SIGNING_ALG = ALG;
