import fc from 'fast-check';
import type { Operation, Schema } from './openapi';
import { example, typesOf } from './openapi';

/**
 * Hostile inputs for the fuzzer, generated from a route's schema: every generated request is one
 * of the strategies below, applied to a valid request of the role table (so it reaches validation
 * and, when it passes, the handler).
 */
export interface FuzzRequest {
  strategy: string;
  /** Path params as they go into the URL (already percent-encoded). */
  params: Record<string, string>;
  /** Extra raw query string, appended to the row's own. */
  query: string;
  /** Exactly what goes on the wire. */
  body?: string | FormData;
  contentType?: string;
}

export const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u202Eevil\u202C\u200F',
  'مرحبا بالعالم',
  '👨‍👩‍👧‍👦🏳️‍🌈'.repeat(40),
  '\uD800',
  '\uDFFFx\uD83D',
  "' OR '1'='1",
  "1'; DROP TABLE accounts; --",
  '%_%\\',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '${7*7}{{7*7}}',
  'x'.repeat(5_000),
  '测'.repeat(70_000),
  '1e309',
  'true',
  'null',
];

export const HOSTILE_NUMBERS = [-1, 0, -0, 0.5, 1.5, 2 ** 31, 2 ** 31 - 1, 2 ** 53 + 2, 1e308, -1e308, Number.MIN_VALUE, 99_999_999_999];

/** Percent-encoded, as they go into a URL: including invalid UTF-8 (a lone surrogate, an overlong slash). */
export const HOSTILE_IDS = ['0', '-1', '1.5', '1e3', 'abc', '99999999999999999999', '2147483648', '%201', '1%3BDROP', '%27', '%00', '..%2F..', '%D9%A1%D9%A2', '0x10', 'null', '%F0%9F%98%80', '%ED%A0%80', '%C0%AF', '%FF', '%'];

/** encodeURIComponent, except that a lone surrogate (which it refuses) goes as its CESU-8 bytes. */
export function encodeHostile(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return [...s].map((ch) => {
      const c = ch.charCodeAt(0);
      if (ch.length === 1 && c >= 0xd800 && c <= 0xdfff) return `%${(0xe0 | (c >> 12)).toString(16)}%${(0x80 | ((c >> 6) & 0x3f)).toString(16)}%${(0x80 | (c & 0x3f)).toString(16)}`.toUpperCase();
      return encodeURIComponent(ch);
    }).join('');
  }
}

const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
);
const hostileNumber = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) }, { weight: 1, arbitrary: fc.integer() }, { weight: 1, arbitrary: fc.double() });

/** Nested arrays or objects, deep enough to hurt a recursive validator. */
const deep = fc.tuple(fc.integer({ min: 50, max: 3000 }), fc.boolean()).map(([n, arrays]) => ({ __raw: arrays ? `${'['.repeat(n)}${']'.repeat(n)}` : `${'{"a":'.repeat(n)}1${'}'.repeat(n)}` }));

const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  hostileNumber,
  hostileString,
  fc.constant([]),
  fc.constant({}),
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), hostileString, { maxKeys: 3 }),
  deep,
  fc.constant(Array.from({ length: 5000 }, (_x, i) => i)),
);

/** JSON text, with `{"__raw": text}` placeholders spliced in as they are. */
function toJson(v: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(v, (_k, x) => {
    if (x && typeof x === 'object' && !Array.isArray(x) && '__raw' in x && Object.keys(x).length === 1) {
      raws.push((x as { __raw: string }).__raw);
      return `__RAW_${raws.length - 1}__`;
    }
    return x;
  });
  return (text ?? 'null').replace(/"__RAW_(\d+)__"/g, (_m, i: string) => raws[Number(i)]);
}

type Path = Array<string | number>;

/** Where a mutation may land: the root, every key of the valid body, and every property the schema knows. */
function pathsOf(base: unknown, schema: Schema | undefined): Path[] {
  const out: Path[] = [[]];
  const walk = (v: unknown, s: Schema | undefined, at: Path, depth: number) => {
    if (depth > 3) return;
    const props = s?.properties ?? (s?.anyOf ?? []).find((x) => x.properties)?.properties;
    const keys = new Set<string>([...(v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : []), ...Object.keys(props ?? {})]);
    for (const k of keys) {
      out.push([...at, k]);
      walk((v as Record<string, unknown> | undefined)?.[k], props?.[k], [...at, k], depth + 1);
    }
    if (Array.isArray(v) && v.length) {
      out.push([...at, 0]);
      walk(v[0], s?.items, [...at, 0], depth + 1);
    }
  };
  walk(base, schema, [], 0);
  return out;
}

function setAt(base: unknown, path: Path, value: unknown | typeof DELETE): unknown {
  if (path.length === 0) return value === DELETE ? undefined : value;
  const clone = structuredClone(base ?? {}) as Record<string | number, unknown>;
  let cur = clone;
  for (const k of path.slice(0, -1)) {
    if (!cur[k] || typeof cur[k] !== 'object') cur[k] = {};
    cur = cur[k] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1];
  if (value === DELETE) delete cur[last];
  else cur[last] = value;
  return clone;
}
const DELETE = Symbol('delete');

const POLLUTERS = ['"__proto__":{"polluted":"yes","isAdmin":true}', '"constructor":{"prototype":{"polluted":"yes"}}', '"__proto__":[1]', '"prototype":{"polluted":"yes"}'];
const MALFORMED = ['{', '{"a":', '{"a":1}}', '[1,2', "{'a':1}", '{"a":01}', '\uFEFF{}', 'nul', '{"a":1,}', '"\\u12"', '{"a":"\\x"}', '\u0000', 'x'.repeat(300_000)];
const CONTENT_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'multipart/form-data; boundary=zz', 'application/xml', 'application/json; charset=latin1', '*/*'];

/** A hostile request for one route, built on a valid one (its params, its body). */
export function hostileRequest(op: Operation, base: { params: Record<string, string | number>; body: unknown; form: boolean }): fc.Arbitrary<FuzzRequest> {
  const encoded = Object.fromEntries(Object.entries(base.params).map(([k, v]) => [k, encodeURIComponent(String(v))]));
  const ok = { params: encoded, query: '' };
  const strategies: Array<fc.Arbitrary<FuzzRequest>> = [];
  const json = (v: unknown) => toJson(v);

  if (op.body?.kind === 'json') {
    const paths = pathsOf(base.body, op.body.schema);
    strategies.push(
      fc.tuple(fc.constantFrom(...paths), fc.oneof({ weight: 1, arbitrary: fc.constant<unknown>(DELETE) }, { weight: 5, arbitrary: wrongValue })).map(([p, v]) => ({
        ...ok,
        strategy: `body ${p.length ? p.join('.') : '(root)'} ${v === DELETE ? 'missing' : 'replaced'}`,
        body: json(setAt(base.body, p, v)),
        contentType: 'application/json',
      })),
      fc.tuple(fc.constantFrom(...paths.filter((p) => p.length <= 1)), fc.string({ minLength: 1, maxLength: 12 }), wrongValue).map(([p, k, v]) => ({
        ...ok,
        strategy: 'body with an unknown field',
        body: json(setAt(base.body, [...p.slice(0, -1), `x_${k}`], v)),
        contentType: 'application/json',
      })),
      fc.constantFrom(...POLLUTERS).map((pol) => {
        const text = json(base.body);
        return { ...ok, strategy: `body with ${pol.slice(1, 12)}`, body: text.startsWith('{') && text !== '{}' ? `{${pol},${text.slice(1)}` : `{${pol}}`, contentType: 'application/json' };
      }),
      fc.constantFrom(...MALFORMED).map((m) => ({ ...ok, strategy: 'malformed JSON', body: m, contentType: 'application/json' })),
      fc.constantFrom(...CONTENT_TYPES).map((ct) => ({ ...ok, strategy: `JSON sent as ${ct}`, body: json(base.body), contentType: ct })),
    );
  } else if (op.body?.kind === 'multipart') {
    const fields = Object.keys(op.body.schema.properties ?? {}).filter((k) => k !== 'file');
    strategies.push(
      fc.tuple(fc.constantFrom(...fields, 'x_unknown'), hostileString, fc.constantFrom('none', 'text', 'pdf', 'elsewhere', 'two')).map(([field, value, file]) => {
        const fd = new FormData();
        for (const f of fields) fd.append(f, f === field ? value : 'agree');
        if (field === 'x_unknown') fd.append(field, value);
        const pdf = new Blob([new Uint8Array(Buffer.from('%PDF-1.4\n%%EOF\n'))], { type: 'application/pdf' });
        if (file === 'text') fd.append('file', new Blob(['not a pdf at all'], { type: 'application/pdf' }), 'x.pdf');
        if (file === 'pdf') fd.append('file', pdf, value.slice(0, 200) || 'a.pdf');
        if (file === 'elsewhere') fd.append('other', pdf, 'a.pdf');
        if (file === 'two') {
          fd.append('file', pdf, 'a.pdf');
          fd.append('file', pdf, 'b.pdf');
        }
        return { ...ok, strategy: `multipart ${field}, file ${file}`, body: fd };
      }),
      fc.constantFrom(...MALFORMED.slice(0, 4)).map((m) => ({ ...ok, strategy: 'JSON to a multipart route', body: m, contentType: 'application/json' })),
      fc.constant({ ...ok, strategy: 'multipart without a boundary', body: '--zz\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc', contentType: 'multipart/form-data' }),
    );
  } else if (op.method !== 'get' && op.method !== 'delete') {
    // A route without a body: whatever arrives must be ignored or refused, never half-read.
    strategies.push(
      fc.oneof(wrongValue.map((v) => json({ x: v })), fc.constantFrom(...MALFORMED, ...POLLUTERS.map((p) => `{${p}}`))).map((b) => ({ ...ok, strategy: 'a body where none belongs', body: b, contentType: 'application/json' })),
    );
  }

  for (const p of op.pathParams) {
    strategies.push(
      fc.oneof(fc.constantFrom(...HOSTILE_IDS), hostileString.map((s) => encodeHostile(s).slice(0, 2000))).map((v) => ({
        ...ok,
        params: { ...encoded, [p.name]: v },
        strategy: `path :${p.name} hostile`,
        ...(base.body !== undefined && !base.form ? { body: json(base.body), contentType: 'application/json' } : {}),
      })),
    );
  }

  const queryNames = op.query.map((q) => q.name);
  const queryValue = fc.oneof(hostileString, hostileNumber.map(String), fc.constantFrom(...HOSTILE_IDS));
  strategies.push(
    fc.tuple(fc.constantFrom(...queryNames, 'x_unknown', 'page', '__proto__', 'constructor[prototype][x]'), fc.array(queryValue, { minLength: 1, maxLength: 3 })).map(([k, vs]) => ({
      ...ok,
      strategy: `query ${k}${vs.length > 1 ? ' repeated' : ''}`,
      query: vs.map((v) => `${encodeURIComponent(k)}=${HOSTILE_IDS.includes(String(v)) ? v : encodeHostile(String(v)).slice(0, 4000)}`).join('&'),
      ...(base.body !== undefined && !base.form ? { body: json(base.body), contentType: 'application/json' } : {}),
    })),
  );
  return fc.oneof(...strategies);
}

/**
 * The schema's own limits, each at its edge, on an otherwise valid body: the longest string it takes
 * (in 3-byte and 4-byte characters), the largest and smallest numbers, the most items. What the
 * schema accepts must fit the database (a column shorter than the schema's maximum is a 500).
 */
export function boundaryRequests(op: Operation, base: { params: Record<string, string | number>; body: unknown }): FuzzRequest[] {
  if (op.body?.kind !== 'json') return [];
  const encoded = Object.fromEntries(Object.entries(base.params).map(([k, v]) => [k, encodeURIComponent(String(v))]));
  const out: FuzzRequest[] = [];
  const edges = (s: Schema): Array<[string, unknown]> => {
    const alt = (s.anyOf ?? []).find((x) => !typesOf(x).includes('null')) ?? s;
    const t = typesOf(alt).filter((x) => x !== 'null')[0];
    if (alt.enum) return [];
    if (t === 'string') {
      if (alt.pattern || alt.format) return [];
      const n = alt.maxLength ?? 60_000;
      return [
        [`${n} × 测`, '测'.repeat(n)],
        [`${Math.floor(n / 2)} × 😀`, '😀'.repeat(Math.floor(n / 2))],
        [`${n} × NUL/RTL`, '\u0000\u202E'.repeat(Math.ceil(n / 2)).slice(0, n)],
      ];
    }
    if (t === 'integer' || t === 'number') {
      const hi = alt.maximum ?? (alt.exclusiveMaximum !== undefined ? alt.exclusiveMaximum - 1 : 2 ** 31);
      const lo = alt.minimum ?? (alt.exclusiveMinimum !== undefined ? alt.exclusiveMinimum + 1 : -(2 ** 31));
      return [
        [`max ${hi}`, hi],
        [`min ${lo}`, lo],
        ...(t === 'number' ? ([['1e300', 1e300]] as Array<[string, unknown]>) : []),
      ];
    }
    if (t === 'array' && alt.items) {
      const n = Math.min(alt.maxItems ?? 2000, 2000);
      return [[`${n} items`, Array.from({ length: n }, () => example(alt.items))]];
    }
    return [];
  };
  const walk = (s: Schema | undefined, path: Path, depth: number) => {
    if (!s || depth > 2) return;
    const obj = s.properties ? s : (s.anyOf ?? []).find((x) => x.properties);
    if (!obj?.properties) return;
    for (const [k, prop] of Object.entries(obj.properties)) {
      for (const [what, v] of edges(prop)) {
        out.push({ strategy: `edge ${[...path, k].join('.')} ${what}`, params: encoded, query: '', body: toJson(setAt(base.body, [...path, k], v)), contentType: 'application/json' });
      }
      walk(prop, [...path, k], depth + 1);
    }
  };
  walk(op.body.schema, [], 0);
  return out;
}
