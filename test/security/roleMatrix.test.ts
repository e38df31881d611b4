import { expect } from 'chai';
import { documentedOperations, type Operation } from './lib/openapi';
import { requestFor, rawRequest, type Sent } from './lib/send';
import { rows, type Case } from './lib/table';
import { ACTORS, buildSecurityWorld, type ActorKey, type World } from './lib/world';
import { TABLE } from './matrix';
import { socketMatrix } from './sockets';

/**
 * The role matrix (issue 8, part 3): every route of /api/openapi.json, called as every actor on a
 * resource with a known owner, answered as the table says. The table is data (matrix/*.ts); a
 * route the API documents without a row fails the test, so a new route must be classified.
 */
type Outcome = 'ok' | 'refused' | 'denied' | 'error';

/** Requests in flight at once where order cannot matter (reads; calls that must be denied). */
const IN_FLIGHT = 8;

/** Runs tasks with at most `n` at a time. */
async function pool(tasks: Array<() => Promise<void>>, n: number) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, tasks.length) }, async () => {
    while (next < tasks.length) await tasks[next++]();
  }));
}
/** SEC_ONLY=regex runs the rows whose route matches (while working on the table); the full run checks coverage. */
const ONLY = process.env.SEC_ONLY ? new RegExp(process.env.SEC_ONLY) : null;

/** 2xx: it happened; 401/403/404: denied (404 where existence is hidden); 5xx: a bug; else a domain refusal. */
export function outcomeOf(status: number): Outcome {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 401 || status === 403 || status === 404) return 'denied';
  if (status >= 500) return 'error';
  return 'refused';
}

interface Finding {
  route: string;
  label?: string;
  actor: ActorKey;
  expected: 'allow' | 'deny';
  status: number;
  code: string;
  kind: 'unauthorised success' | 'refused instead of denied' | 'denied though allowed' | 'server error' | 'invalid request in the table';
}

const codeOf = (res: Sent) => String((res.body as { error?: { code?: string } | null } | null)?.error?.code ?? '');

describe('role matrix: every route × every actor, as the table says', function () {
  this.timeout(900_000);
  let w: World;
  let ops: Operation[];

  before(async () => {
    w = await buildSecurityWorld();
    ops = await documentedOperations();
  });

  it('has a row for every documented route (a new route must be classified), and no row for a route that does not exist', () => {
    const documented = new Set(ops.map((o) => o.key));
    const missing = ops.map((o) => o.key).filter((k) => !(k in TABLE));
    const stale = Object.keys(TABLE).filter((k) => !documented.has(k));
    expect(missing, `routes without a row in the role table: ${missing.join(', ')}`).to.deep.equal([]);
    expect(stale, `rows for routes the API does not document: ${stale.join(', ')}`).to.deep.equal([]);
    for (const [key, entry] of Object.entries(TABLE)) {
      for (const c of rows(entry)) {
        const both = c.allow.filter((a) => c.refuses?.includes(a));
        expect(both, `${key}: in both allow and refuses`).to.deep.equal([]);
      }
    }
  });

  it('answers every (route, actor) pair as expected: 0 unauthorised successes', async () => {
    const byKey = new Map(ops.map((o) => [o.key, o]));
    const cases: Array<{ op: Operation; c: Case; order: number }> = [];
    let order = 0;
    for (const [key, entry] of Object.entries(TABLE)) {
      const op = byKey.get(key);
      if (!op || (ONLY && !ONLY.test(key))) continue;
      for (const c of rows(entry)) cases.push({ op, c, order: order++ });
    }
    cases.sort((a, b) => (a.c.phase ?? 0) - (b.c.phase ?? 0) || a.order - b.order);

    const findings: Finding[] = [];
    let allowedOk = 0;
    let succeeded = 0;
    const refusals: string[] = [];
    let deniedOk = 0;
    let requests = 0;
    let relogins = 0;
    const started = Date.now();

    const slow: Array<[string, number]> = [];
    const relogging = new Map<ActorKey, Promise<string>>();
    const call = async (op: Operation, c: Case, actor: ActorKey, params: Record<string, string | number>) => {
      const send = async () => {
        const { url, body } = await requestFor(w, op, c, actor, params);
        return rawRequest(op.method, url, { token: w.actors[actor].token, body });
      };
      let res = await send();
      requests += 1;
      // An allowed call elsewhere may have ended this actor's session (a reset, a reissued login): sign in again once.
      if (res.status === 401 && actor !== 'anon' && ['token_revoked', 'account_disabled'].includes(codeOf(res))) {
        if (!relogging.has(actor)) relogging.set(actor, w.relogin(actor).finally(() => relogging.delete(actor)));
        await relogging.get(actor);
        relogins += 1;
        res = await send();
        requests += 1;
      }
      const outcome = outcomeOf(res.status);
      const took = outcome === 'ok' && (c.tookEffect ? c.tookEffect(res.body) : true);
      const expected = c.allow.includes(actor) ? 'allow' : 'deny';
      const note = (kind: Finding['kind']) => findings.push({ route: op.key, label: c.label, actor, expected, status: res.status, code: codeOf(res), kind });
      if (outcome === 'error') note('server error');
      else if (expected === 'allow') {
        if (outcome === 'denied') note('denied though allowed');
        // A row must send a request the schema accepts, or it tests validation, not authorization.
        else if (codeOf(res) === 'validation_failed') note('invalid request in the table');
        else {
          allowedOk += 1;
          if (outcome === 'ok') succeeded += 1;
          else refusals.push(`${op.key}${c.label ? ` [${c.label}]` : ''} as ${actor}: ${res.status} ${codeOf(res)}`);
        }
      } else if (took) note('unauthorised success');
      else if (outcome === 'refused' && !c.refuses?.includes(actor)) note('refused instead of denied');
      else deniedOk += 1;
    };
    const timed = async (op: Operation, c: Case, run: () => Promise<void>) => {
      const t0 = Date.now();
      await run();
      slow.push([`${op.key}${c.label ? ` [${c.label}]` : ''}`, Date.now() - t0]);
    };

    for (const phase of [...new Set(cases.map((x) => x.c.phase ?? 0))].sort((a, b) => a - b)) {
      const inPhase = cases.filter((x) => (x.c.phase ?? 0) === phase);
      // Reads first, all pairs at once (a few at a time): a read changes nothing, so order does not matter.
      const reads = inPhase.filter((x) => x.op.method === 'get' && !x.c.fresh);
      const pairs: Array<() => Promise<void>> = [];
      for (const { op, c } of reads) {
        pairs.push(() => timed(op, c, async () => {
          const params = await (c.params?.(w, 'anon') ?? {});
          await pool(ACTORS.map((a) => () => call(op, c, a, params)), IN_FLIGHT);
        }));
      }
      await pool(pairs, 2);
      // Then the writes, in the table's order. Those who must be refused go first, on the resource as
      // the world left it (together: none of them may change anything); then those allowed, one by one.
      for (const { op, c } of inPhase.filter((x) => !reads.includes(x))) {
        await timed(op, c, async () => {
          const denied = ACTORS.filter((a) => !c.allow.includes(a));
          const allowed = ACTORS.filter((a) => c.allow.includes(a));
          const shared = await (c.params?.(w, denied[0] ?? allowed[0]) ?? {});
          await pool(denied.map((a) => () => call(op, c, a, shared)), IN_FLIGHT);
          for (const actor of allowed) await call(op, c, actor, c.fresh ? await c.params!(w, actor) : shared);
        });
      }
    }
    if (process.env.SEC_REFUSALS) console.log(refusals.map((r) => `      allowed, refused by the domain: ${r}`).join('\n'));
    if (process.env.SEC_TIMING) {
      slow.sort((a, b) => b[1] - a[1]);
      console.log(slow.slice(0, 25).map(([k, ms]) => `      ${ms} ms ${k}`).join('\n'));
    }

    const count = (k: Finding['kind']) => findings.filter((f) => f.kind === k).length;
    const routes = new Set(cases.map((x) => x.op.key)).size;
    console.log(
      `      role matrix: ${routes} routes (${cases.length} rows) × ${ACTORS.length} actors = ${requests} requests in ${Math.round((Date.now() - started) / 1000)} s; ` +
        `${allowedOk} allowed as expected (${succeeded} 2xx, ${allowedOk - succeeded} domain refusals after authorization), ${deniedOk} denied as expected, ${count('unauthorised success')} unauthorised successes` +
        (relogins ? `; ${relogins} sessions renewed` : ''),
    );
    if (findings.length) {
      const lines = findings.map((f) => `  ${f.kind}: ${f.route}${f.label ? ` [${f.label}]` : ''} as ${f.actor}: ${f.status} ${f.code}`);
      console.log(`      ${findings.length} findings:\n${lines.join('\n')}`);
    }
    expect(count('unauthorised success'), 'unauthorised successes').to.equal(0);
    expect(count('server error'), 'server errors').to.equal(0);
    expect(findings, 'every pair as the table says').to.deep.equal([]);
  });

  it('does the same for every socket event and room kind (a smaller set of actors)', async () => {
    await socketMatrix(w);
  });
});
