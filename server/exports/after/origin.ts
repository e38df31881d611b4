import type { Request } from 'express';
import { log } from '../../logger';

let warned = false;

/**
 * The public address printed into certificates (the QR code opens `<origin>/verify?code=…`).
 * `PUBLIC_URL` (e.g. `https://zc.example.gov.cn`, or with a path prefix `https://example.gov.cn/zc`)
 * when it is set, because a certificate outlives the request that printed it and the Host header
 * seen behind a proxy is often an internal name; otherwise the request's own scheme and host.
 * Read here until the configuration table has it (server/config.ts).
 */
export function configuredPublicUrl(env: NodeJS.ProcessEnv = process.env): string | null {
  const raw = env.PUBLIC_URL?.trim();
  if (!raw) return null;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    if (!warned) log.warn({ PUBLIC_URL: raw }, 'PUBLIC_URL is not an http(s) URL; certificates use the request host');
    warned = true;
    return null;
  }
}

export function publicOrigin(req: Request): string {
  return configuredPublicUrl() ?? `${req.protocol}://${req.get('host')}`;
}
