import fc from 'fast-check';
import { api } from '../../helpers/api';

/** A JSON schema as zod-to-openapi writes it (only what the tests read). */
export interface Schema {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  prefixItems?: Schema[];
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
  const?: unknown;
}

export interface Operation {
  /** `GET /orgs/:id`: the key of the role table. */
  key: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express-style, relative to /api. */
  path: string;
  needs: string;
  pathParams: Array<{ name: string; schema: Schema }>;
  query: Array<{ name: string; schema: Schema; required: boolean }>;
  body: { kind: 'json' | 'multipart'; schema: Schema } | null;
}

interface Doc {
  paths: Record<string, Record<string, { description?: string; parameters?: Array<{ name: string; in: string; required?: boolean; schema: Schema }>; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
}

/** Every route the API documents, read from /api/openapi.json. */
export async function documentedOperations(): Promise<Operation[]> {
  const res = await api().get('/openapi.json');
  if (res.status !== 200) throw new Error(`openapi.json: ${res.status}`);
  const doc = res.body as Doc;
  const out: Operation[] = [];
  for (const [oasPath, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const path = oasPath.replace(/^\/api/, '').replace(/\{(\w+)\}/g, ':$1');
      const params = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      const json = content['application/json'];
      const form = content['multipart/form-data'];
      out.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method as Operation['method'],
        path,
        needs: (op.description ?? '').replace(/^Needs: /, '').replace(/\.$/, ''),
        pathParams: params.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema })),
        query: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema, required: !!p.required })),
        body: json ? { kind: 'json', schema: json.schema } : form ? { kind: 'multipart', schema: form.schema } : null,
      });
    }
  }
  return out;
}

export const typesOf = (s: Schema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

const PATTERN_EXAMPLES: Record<string, string> = {};

/** A value that matches a pattern (fast-check generates one; the same one every time). */
function matching(pattern: string): string {
  if (PATTERN_EXAMPLES[pattern] !== undefined) return PATTERN_EXAMPLES[pattern];
  const [v] = fc.sample(fc.stringMatching(new RegExp(pattern)), { numRuns: 1, seed: 42 });
  PATTERN_EXAMPLES[pattern] = v;
  return v;
}

/**
 * The smallest value a schema accepts: required properties only, the first enum member, the
 * shortest string, the lowest number. The role table overrides what must point at real records.
 */
export function example(s: Schema | undefined): unknown {
  if (!s) return undefined;
  if (s.const !== undefined) return s.const;
  if (s.default !== undefined) return s.default;
  if (s.enum) return s.enum.find((x) => x !== null);
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return example(alt.find((x) => !typesOf(x).includes('null') || typesOf(x).length > 1) ?? alt[0]);
  if (s.allOf) return example(s.allOf[0]);
  const types = typesOf(s).filter((t) => t !== 'null');
  const type = types[0] ?? (s.properties ? 'object' : undefined);
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const k of s.required ?? []) out[k] = example(s.properties?.[k]);
      return out;
    }
    case 'array': {
      if (s.prefixItems) return s.prefixItems.map(example);
      return Array.from({ length: s.minItems ?? 0 }, () => example(s.items));
    }
    case 'string':
      if (s.format === 'date-time') return new Date(Date.now() + 86400_000).toISOString();
      if (s.format === 'date') return '2026-06-01';
      if (s.format === 'email') return 'a@example.com';
      if (s.format === 'uri') return 'https://example.com/x';
      if (s.format === 'binary') return '';
      if (s.pattern) return matching(s.pattern);
      return '测试内容'.repeat(Math.ceil((s.minLength ?? 1) / 4)).slice(0, Math.max(s.minLength ?? 1, 2));
    case 'integer':
    case 'number':
      if (s.minimum !== undefined) return s.minimum;
      if (s.exclusiveMinimum !== undefined) return s.exclusiveMinimum + 1;
      return 1;
    case 'boolean':
      return false;
    default:
      return null;
  }
}
