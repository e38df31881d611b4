import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

/**
 * scrypt is memory-hard and ships with Node, so no native addon to build. The hash string carries
 * its own parameters, so the cost can rise later without invalidating stored hashes.
 */
let defaultCost = 15;
export function setPasswordHashCost(log2N: number) {
  defaultCost = log2N;
}

const R = 8;
const P = 1;

export async function hashPassword(password: string, log2N = defaultCost): Promise<string> {
  const salt = crypto.randomBytes(16);
  const N = 2 ** log2N;
  const key = await scrypt(password.normalize('NFKC'), salt, 32, { N, r: R, p: P, maxmem: 256 * N * R });
  return `scrypt$${log2N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [log2N, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  const N = 2 ** log2N;
  const key = await scrypt(password.normalize('NFKC'), salt, expected.length, { N, r, p, maxmem: 256 * N * r });
  return crypto.timingSafeEqual(key, expected);
}

/** An initial password someone else hands over: readable, and always passes the policy. */
export function generateInitialPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz';
  const pick = (s: string) => s[crypto.randomInt(s.length)];
  const body = Array.from({ length: 6 }, () => pick(alphabet)).join('');
  return `${pick('ABCDEFGHJKLMNPQRSTUVWXYZ')}${body}#${crypto.randomInt(100, 1000)}`;
}

/** A dummy hash to spend the same time on unknown usernames as on wrong passwords. */
let dummy: Promise<string> | null = null;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword('not-a-real-password');
  return dummy;
}
