import { server } from '../../helpers/setup';
import { example, type Operation } from './openapi';
import type { Case } from './table';
import { pdfUpload, type ActorKey, type World } from './world';

export interface Sent {
  status: number;
  body: unknown;
  contentType: string;
  text: string;
}

/** Fills `:name` with the row's params (URL-encoded). */
export function fillPath(path: string, params: Record<string, string | number>): string {
  return path.replace(/:(\w+)/g, (_m, k: string) => {
    if (params[k] === undefined) throw new Error(`no value for :${k} in ${path}`);
    return encodeURIComponent(String(params[k]));
  });
}

export function queryString(q: Record<string, string | number | boolean> | undefined): string {
  if (!q || Object.keys(q).length === 0) return '';
  return `?${new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)])).toString()}`;
}

/** One raw request: whatever the body (a string is sent as is), with or without a token. */
export async function rawRequest(method: string, url: string, opts: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {}): Promise<Sent> {
  const headers: Record<string, string> = { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) body = opts.body;
  else if (typeof opts.body === 'string') {
    body = opts.body;
    headers['content-type'] = 'application/json';
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  Object.assign(headers, opts.headers ?? {});
  const res = await fetch(`${server().url}/api${url}`, { method: method.toUpperCase(), headers, body });
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  let parsed: unknown = text;
  if (contentType.includes('json') && text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: res.status, body: parsed, contentType, text };
}

/** The request a row makes for an actor: its params, query and body (or the schema's minimal one). */
export async function requestFor(w: World, op: Operation, c: Case, actor: ActorKey, params: Record<string, string | number>) {
  const url = fillPath(op.path, params) + queryString(c.query?.(w));
  let body: unknown;
  if (c.form) body = c.form(w, actor);
  else if (c.body) body = c.body(w, actor);
  else if (op.body?.kind === 'multipart') body = pdfUpload();
  else if (op.body) body = example(op.body.schema);
  else if (op.method !== 'get' && op.method !== 'delete') body = {};
  return { url, body };
}
