import pino from 'pino';

/**
 * One logger for the process. Redaction is the last line of defence: handlers never log bodies,
 * but if anyone ever does, passwords and tokens are cut out here.
 */
export const redactPaths = [
  'password',
  'currentPassword',
  'newPassword',
  'initialPassword',
  'accessToken',
  'refreshToken',
  'token',
  'ticket',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.initialPassword',
  '*.accessToken',
  '*.refreshToken',
  '*.token',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

export function createLogger(level: string) {
  return pino({ level, redact: { paths: redactPaths, censor: '[redacted]' }, base: { pid: process.pid } });
}

export type Logger = pino.Logger;

export let log: Logger = createLogger(process.env.LOG_LEVEL ?? 'info');

export function setLogger(l: Logger) {
  log = l;
}
