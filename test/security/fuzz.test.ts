import { expect } from 'chai';
import fc from 'fast-check';
import { documentedOperations, example, type Operation } from './lib/openapi';
import { Fingerprint } from './lib/fingerprint';
import { boundaryRequests, hostileRequest, type FuzzRequest } from './lib/hostile';
import { queryString, rawRequest, type Sent } from './lib/send';
import { rows, type Case } from './lib/table';
import { buildSecurityWorld, type ActorKey, type World } from './lib/world';
import { TABLE } from './matrix';

/**
 * Fuzzing (issue 8, part 4): for every route of /api/openapi.json, fast-check builds hostile requests
 * from the route's schema on top of a valid request of the role table (wrong types, missing and
 * unknown fields, huge and hostile strings, deep nesting, prototype keys, malformed JSON, wrong
 * content types, bad ids and query strings) and sends them as an actor the table allows, so they
 * pass authentication and reach validation and the handler. Every answer must be below 500, every
 * error `{ error: { code, message } }` without a stack, and a rejected request must change no row
 * (CHECKSUM TABLE over the whole database before and after).
 */
const RUNS_WITH_BODY = Number(process.env.FUZZ_RUNS ?? 12);
const RUNS_WITHOUT_BODY = Math.max(2, Math.round(RUNS_WITH_BODY / 2.5));
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const ONLY = process.env.SEC_ONLY ? new RegExp(process.env.SEC_ONLY) : null;

/** The actor to fuzz a route as: the first one the table allows (signed in where possible), with its row. */
function authorisedRow(key: string): { actor: ActorKey; c: Case } | null {
  const entry = TABLE[key];
  if (!entry) return null;
  for (const c of rows(entry)) {
    const a = c.allow.find((x) => x !== 'anon' && x !== 'mustChange');
    if (a) return { actor: a, c };
  }
  const c = rows(entry).find((x) => x.allow.includes('anon'));
  return c ? { actor: 'anon', c } : null;
}

/**
 * Rejected requests that write by design, and only these tables: the test would otherwise ask the
 * server to forget a failed sign-in or a stolen refresh token.
 */
const REJECTED_WRITES: Record<string, { tables: string[]; why: string }> = {
  'POST /auth/login': { tables: ['accounts'], why: 'a wrong password is counted; repeated ones lock the account (DESIGN §4)' },
  'POST /auth/refresh': { tables: ['refresh_tokens'], why: 'a refresh token used twice revokes its whole family (theft detection)' },
};

/**
 * Accepted requests whose writes go on after the answer: wait for the database to settle before the
 * next request is judged (or their late writes would be blamed on it).
 */
const DEFERRED_WRITES: Record<string, string> = {
  'POST /rounds/:id/ballots': 'round progress is announced coalesced, up to an interval after the ballot (commands/meeting/roundProgress.ts)',
};

interface Problem {
  route: string;
  strategy: string;
  status: number;
  what: string;
  /** The request as sent (shortened), to reproduce it. */
  sent: string;
}

const STACK = /\bat [\w$.<>]+ \(|node_modules|\.ts:\d+:\d+|"stack"/;

describe('fuzzing every route with hostile input', function () {
  this.timeout(900_000);
  let w: World;
  let ops: Operation[];
  let fp: Fingerprint;

  before(async () => {
    w = await buildSecurityWorld();
    ops = (await documentedOperations()).filter((o) => !ONLY || ONLY.test(o.key));
    fp = await Fingerprint.open();
  });
  after(async () => {
    await fp?.close();
  });

  /** The fingerprint once it has stopped changing (two reads 100 ms apart agree; at most 3 s). */
  async function settle(last: Map<string, string>) {
    for (let i = 0; i < 30; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const now = await fp.take();
      if (Fingerprint.changed(last, now).length === 0) return now;
      last = now;
    }
    return last;
  }

  it('the fingerprint sees what a rejected request writes (a wrong password is counted)', async () => {
    const before = await fp.take();
    const res = await rawRequest('post', '/auth/login', { body: { username: w.strs.spareUsername, password: 'wrong-password' } });
    expect(res.status).to.equal(401);
    expect(Fingerprint.changed(before, await fp.take())).to.deep.equal(['accounts']);
  });

  it('0 responses ≥ 500, errors as { error: { code, message } } without a stack, 0 rows changed by rejected requests', async () => {
    const problems: Problem[] = [];
    let requests = 0;
    let rejected = 0;
    let fuzzed = 0;
    const strategies = new Map<string, number>();
    const started = Date.now();
    let baseline = await fp.take();

    for (const op of ops) {
      const who = authorisedRow(op.key);
      if (!who) {
        problems.push({ route: op.key, strategy: '-', status: 0, what: 'no authorised actor in the role table', sent: '' });
        continue;
      }
      const { actor, c } = who;
      const params = await (c.params?.(w, actor) ?? {});
      const body = c.form ? undefined : c.body ? c.body(w, actor) : op.body?.kind === 'json' ? example(op.body.schema) : undefined;
      baseline = await fp.take(); // building the params may have written (a throwaway)
      fuzzed += 1;
      const arb = hostileRequest(op, { params, body, form: !!c.form || op.body?.kind === 'multipart' });

      const urlOf = (req: FuzzRequest) => {
        const url = op.path.replace(/:(\w+)/g, (_m, k: string) => req.params[k] ?? '1');
        const own = queryString(c.query?.(w));
        return `${url}${req.query ? (own ? `${own}&${req.query}` : `?${req.query}`) : own}`;
      };
      const send = async (req: FuzzRequest): Promise<Sent> => {
        const headers: Record<string, string> = req.contentType ? { 'content-type': req.contentType } : {};
        return rawRequest(op.method, urlOf(req), { token: w.actors[actor].token, body: req.body, headers });
      };

      const check = async (req: FuzzRequest) => {
        let res = await send(req);
        requests += 1;
        const kind = req.strategy.split(' ')[0];
        strategies.set(kind, (strategies.get(kind) ?? 0) + 1);
        const code = (res.body as { error?: { code?: string } })?.error?.code ?? '';
        if (res.status === 401 && actor !== 'anon' && ['token_revoked', 'account_disabled', 'account_locked', 'account_expired'].includes(code)) {
          // A hostile but valid call before (a password change, a reset) ended the session: sign in again.
          await w.relogin(actor);
          baseline = await fp.take();
          res = await send(req);
          requests += 1;
        }
        const after = await fp.take();
        const sent = `${op.method.toUpperCase()} ${urlOf(req)} ${req.contentType ?? ''} ${typeof req.body === 'string' ? req.body.slice(0, 80) : req.body ? '(form)' : ''}`;
        const note = (what: string) => problems.push({ route: op.key, strategy: req.strategy, status: res.status, what, sent });
        if (res.status >= 500) note(`server error ${res.text.slice(0, 200)}`);
        if (res.status >= 400) {
          const e = (res.body as { error?: { code?: unknown; message?: unknown } })?.error;
          if (!e || typeof e.code !== 'string' || typeof e.message !== 'string') note(`error body is not { error: { code, message } }: ${res.text.slice(0, 120)}`);
          if (STACK.test(res.text)) note('error body shows a stack trace');
        }
        if (res.status >= 400 && res.status < 500) {
          rejected += 1;
          const allowed = REJECTED_WRITES[op.key]?.tables ?? [];
          const changed = Fingerprint.changed(baseline, after).filter((t) => !allowed.includes(t));
          if (changed.length) note(`rejected, yet changed ${changed.join(', ')}`);
        }
        if (({} as Record<string, unknown>).polluted !== undefined || ({} as Record<string, unknown>).isAdmin !== undefined) note('Object.prototype polluted');
        baseline = after;
        if (res.status < 300 && DEFERRED_WRITES[op.key]) baseline = await settle(baseline);
      };

      // The schema's limits at their edges, then fast-check's hostile requests.
      for (const req of boundaryRequests(op, { params, body })) await check(req);
      await fc.assert(
        fc.asyncProperty(arb, async (req) => {
          await check(req);
          return true;
        }),
        { numRuns: op.body || op.pathParams.length ? RUNS_WITH_BODY : RUNS_WITHOUT_BODY, seed: SEED + fuzzed, endOnFailure: true },
      );
    }

    const count = (s: string) => problems.filter((p) => p.what.startsWith(s)).length;
    console.log(
      `      fuzz: ${requests} requests over ${fuzzed} routes in ${Math.round((Date.now() - started) / 1000)} s (seed ${SEED}), ${rejected} rejected; ` +
        `${count('server error')} responses ≥ 500, ${count('rejected, yet changed')} rows changed by rejected requests, ` +
        `${count('error body')} malformed error bodies`,
    );
    console.log(`      strategies: ${[...strategies.entries()].map(([k, n]) => `${k} ${n}`).join(', ')}`);
    if (problems.length) {
      // One line per kind of problem and strategy, with a request that reproduces it (TEST_LOG_LEVEL=error shows the server's side).
      const groups = new Map<string, Problem[]>();
      for (const p of problems) {
        const k = `${p.status} ${p.what.replace(/ \{.*$/, '').slice(0, 60)} ← ${p.strategy.replace(/:\w+/, ':param')}`;
        groups.set(k, [...(groups.get(k) ?? []), p]);
      }
      console.log(
        [...groups.entries()]
          .map(([k, ps]) => `  ${ps.length} × ${k} (${[...new Set(ps.map((p) => p.route))].length} routes), e.g. ${ps[0].sent.slice(0, 160)}`)
          .join('\n'),
      );
    }
    expect(count('server error'), 'responses ≥ 500').to.equal(0);
    expect(count('rejected, yet changed'), 'rows changed by rejected requests').to.equal(0);
    expect(problems).to.deep.equal([]);
  });
});
