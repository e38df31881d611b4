/**
 * The reviewer queue at scale: `declarations` rows (200,000 in the full run) spread over a
 * province's subtree (province office → city offices → county offices → employers, and a committee
 * unit with three committees) at the statuses and steps a year of declarations is at, then requests
 * at a fixed rate (open loop) against the running servers' REST lists as signed-in handlers:
 * - `GET /api/review/queue` (待审核: what waits at my org and step; series, level and unit filters);
 * - `GET /api/review/declarations` (申报查询 over my subtree; status, series, level, year and unit
 *   filters, 已审核 with handledByMyOrg);
 * pages 1 to 25, 20 or 50 a page. Then the same requests as raw SQL through mysql2 at the same rate:
 * the statements the endpoint runs (captured from Sequelize's logging by running the route's code
 * path in this process: where-building lookups, the COUNT and the page, the presenter's lookups).
 *
 * The organisations, the committee and the reviewers are made through the test factories and the
 * commands (so they are what the rules allow); the declarations, their applicants' accounts and
 * their flow log are bulk-inserted with multi-row INSERTs.
 *
 * `npx tsx bench/queue.ts` runs it alone: its own database `bench_queue`, an in-process server and a
 * spawned second node. Knobs: QUEUE_DECLARATIONS (20000), QUEUE_RATE (10/s), QUEUE_SECONDS (15),
 * QUEUE_WARMUP_SECONDS (3), QUEUE_ONLY (queue | search), QUEUE_OUT (write the figures there),
 * QUEUE_REUSE=1 (keep the database and the data an earlier run loaded: before/after comparisons),
 * QUEUE_LOAD_ONLY=1 (load and stop, for EXPLAIN), QUEUE_SQL_DUMP (every request's statements).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import type { Sequelize } from 'sequelize';
import { cpuMeter, machineMeter, pidOf, spawnWorker, wallMs } from './lib/proc';
import { isMain, unpackFloats } from './floor/common';
import type { HttpJob, SqlJob } from './queueWorker';

export interface QueueBenchParams {
  /** The database the servers use (bulk-loaded here). */
  databaseUrl: string;
  /** The running servers (requests go round-robin over them). */
  apiUrls: string[];
  declarations: number;
  ratePerSec: number;
  durationMs: number;
  log: (m: string) => void;
  /** Server processes to meter (name → pid); mariadbd and the worker are always metered. */
  pids?: Record<string, number | null | undefined>;
  /** Warm-up at the same rate before each measured phase (default 3000 ms). */
  warmupMs?: number;
  /** Flow-log rows for each declaration's path so far (default true; 已审核 reads them). */
  flow?: boolean;
  /** Distinct requests in the mix (default 200). */
  variants?: number;
  /** Build and load the data, then stop (for EXPLAIN sessions). */
  loadOnly?: boolean;
  /** Use the data an earlier run loaded into this database, if there is any (for before/after runs). */
  reuse?: boolean;
  /** Write every request's path and captured statements here (JSON), to EXPLAIN them. */
  sqlDumpPath?: string;
  /** Only 待审核 (`queue`) or only 申报查询 (`search`) requests; default both, half each. */
  only?: 'queue' | 'search';
}

const here = path.dirname(fileURLToPath(import.meta.url));
const KIND_NAMES = ['queue', 'search', 'handled'] as const;

// ---- small helpers -----------------------------------------------------------------------------

/** A seeded generator, so every run fires the same mix at the same data. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(r: () => number, items: Array<[T, number]>): T {
  const total = items.reduce((a, [, w]) => a + w, 0);
  let x = r() * total;
  for (const [v, w] of items) if ((x -= w) < 0) return v;
  return items[items.length - 1][0];
}

const pctl = (xs: ArrayLike<number>) => {
  const s = Float64Array.from(xs as ArrayLike<number>).sort();
  const at = (q: number) => (s.length ? Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))] * 100) / 100 : NaN);
  return { count: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: s.length ? Math.round(s[s.length - 1] * 100) / 100 : NaN };
};

/** Latency by endpoint kind, by actor, and by both (kind bytes are endpoint × 4 + actor). */
function byKind(lat: ArrayLike<number>, kinds: ArrayLike<number>) {
  const group = (key: (k: number) => string) => {
    const xs = new Map<string, number[]>();
    for (let i = 0; i < lat.length; i++) {
      const name = key(kinds[i]);
      if (!xs.has(name)) xs.set(name, []);
      xs.get(name)!.push(lat[i]);
    }
    return Object.fromEntries([...xs.entries()].sort().map(([name, v]) => [name, pctl(v)]));
  };
  return {
    endpoint: group((k) => KIND_NAMES[k >> 2]),
    actor: group((k) => ACTORS[k & 3][0]),
    both: group((k) => `${KIND_NAMES[k >> 2]}@${ACTORS[k & 3][0]}`),
  };
}

function connOptions(databaseUrl: string): mysql.ConnectionOptions {
  const url = new URL(databaseUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: url.pathname.slice(1),
    charset: 'utf8mb4',
    multipleStatements: true,
  };
}

/** The models in this process: the caller's (the test harness's server) or a connection of our own. */
async function ensureModels(databaseUrl: string): Promise<Sequelize> {
  const models = await import('../models');
  try {
    return models.db();
  } catch {
    const { createSequelize } = await import('../models/db');
    const { migrate } = await import('../models/migrate');
    const { setPasswordHashCost } = await import('../server/auth/passwords');
    const s = await createSequelize({ databaseUrl, dataDir: path.join(os.tmpdir(), `zc-bench-queue-${process.pid}`) });
    await migrate(s);
    models.initModels(s);
    // This process's own commands hash the generated org admins' passwords: test strength, as the
    // test harness's server does (a server of this process would have set its own already).
    setPasswordHashCost(10);
    return s;
  }
}

// ---- the organisation tree ---------------------------------------------------------------------

async function buildTree(log: (m: string) => void) {
  const { Organisation, Account } = await import('../models');
  const { inTransaction } = await import('../server/tx');
  const { bootstrapProvince } = await import('../server/commands/orgs');
  const { createCommittee } = await import('../server/commands/declarations/committees');
  const { actorFor, buildAccount, buildOrg, unique } = await import('../test/helpers/factories');
  const { TEST_PASSWORD } = await import('../test/helpers/env');
  type Built = Awaited<ReturnType<typeof buildOrg>>;

  // A province of our own, so every count is over the benchmark's data only.
  let code = '';
  for (let c = 97; c >= 90 && !code; c--) if (!(await Organisation.findOne({ where: { code: String(c) } }))) code = String(c);
  if (!code) throw new Error('queue bench: no free province code 90–97');
  const { org, admin } = await inTransaction((t) =>
    bootstrapProvince({ code, name: '压测省职改办', adminUsername: unique('qadm'), adminName: '压测管理员', password: TEST_PASSWORD }, t),
  );
  admin.mustChangePassword = false;
  await admin.save();
  const province: Built = { org, admin, adminActor: await actorFor((await Account.findByPk(admin.id))!) };

  const CITIES = ['石门', '保州', '邢台', '沧州'];
  const cities: Built[] = [];
  const counties: Array<{ org: Built; city: Built }> = [];
  const employers: Array<{ org: Built; path: number[] }> = [];
  const categories = ['hospital', 'university', 'state_enterprise', 'government', 'private_enterprise'] as const;
  for (const [ci, name] of CITIES.entries()) {
    const city = await buildOrg({ parent: province, kind: 'office', name: `${name}市职改办` });
    cities.push(city);
    // Large employers directly under the city (city hospitals, universities).
    for (let e = 0; e < 3; e++) {
      const emp = await buildOrg({ parent: city, kind: 'employer', category: categories[(ci + e) % categories.length], name: `${name}市第${e + 1}单位` });
      employers.push({ org: emp, path: [emp.org.id, city.org.id, province.org.id] });
    }
    for (let k = 0; k < 3; k++) {
      const county = await buildOrg({ parent: city, kind: 'office', name: `${name}市第${k + 1}县职改办` });
      counties.push({ org: county, city });
      for (let e = 0; e < 5; e++) {
        const emp = await buildOrg({ parent: county, kind: 'employer', category: categories[(k + e) % categories.length], name: `${name}市第${k + 1}县第${e + 1}单位` });
        employers.push({ org: emp, path: [emp.org.id, county.org.id, city.org.id, province.org.id] });
      }
    }
    log(`  orgs: city ${ci + 1}/${CITIES.length} built`);
  }
  const unit = await buildOrg({ parent: province, kind: 'committee_unit', category: 'government', name: '压测评审服务中心' });
  const committees = [];
  for (const series of ['weisheng', 'zhongxiaoxue', 'gongcheng']) {
    committees.push(
      await inTransaction((t) =>
        createCommittee(province.adminActor, { code: unique('QC'), name: `压测${series}高级评审委员会`, seriesCode: series, type: 'social', ownerOrgId: unit.org.id, levels: ['zhenggao', 'fugao'] }, t),
      ),
    );
  }
  // The reviewers: a handler at the province office, a city office, a county office of that city and
  // an employer of that county.
  const provinceHandler = await buildAccount(province, { role: 'staff', staffKind: 'handler', name: '省经办人' });
  const cityHandler = await buildAccount(cities[0], { role: 'staff', staffKind: 'handler', name: '市经办人' });
  const countyHandler = await buildAccount(counties[0].org, { role: 'staff', staffKind: 'handler', name: '县经办人' });
  const employerHandler = await buildAccount(employers.find((e) => e.path[1] === counties[0].org.org.id)!.org, { role: 'staff', staffKind: 'handler', name: '单位经办人' });
  // An applicant account made by the command: the template the bulk-inserted ones copy.
  const template = await buildAccount(employers[0].org, { role: 'applicant', name: '模板申报人' });
  return { province, cities, counties, employers, unit, committees, handlers: [provinceHandler, cityHandler, countyHandler, employerHandler], template };
}

type Tree = Awaited<ReturnType<typeof buildTree>>;

/** The tree an earlier run built in this database (the newest benchmark province), or null. */
async function findTree(): Promise<Tree | null> {
  const { Organisation, Account, Committee } = await import('../models');
  const { Op } = await import('sequelize');
  const province = await Organisation.findOne({ where: { name: '压测省职改办', level: 'province' }, order: [['id', 'DESC']] });
  if (!province) return null;
  const orgs = await Organisation.findAll({ where: { code: { [Op.like]: `${province.code}%` } }, order: [['id', 'ASC']] });
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const wrap = (o: (typeof orgs)[number]) => ({ org: o }) as unknown as Tree['province'];
  const cities = orgs.filter((o) => o.parentId === province.id && o.kind === 'office');
  const counties = orgs.filter((o) => o.kind === 'office' && cities.some((c) => c.id === o.parentId));
  const pathOf = (o: (typeof orgs)[number]) => {
    const out = [o.id];
    for (let x = o; x.parentId && byId.has(x.parentId); x = byId.get(x.parentId)!) out.push(x.parentId);
    return out;
  };
  const unit = orgs.find((o) => o.kind === 'committee_unit')!;
  const handlers = await Promise.all(['省经办人', '市经办人', '县经办人', '单位经办人'].map((name) => Account.findOne({ where: { orgId: orgs.map((o) => o.id), name } })));
  if (handlers.some((h) => !h) || !unit) return null;
  return {
    province: wrap(province),
    cities: cities.map(wrap),
    counties: counties.map((c) => ({ org: wrap(c), city: wrap(byId.get(c.parentId!)!) })),
    employers: orgs.filter((o) => o.kind === 'employer').map((o) => ({ org: wrap(o), path: pathOf(o) })),
    unit: wrap(unit),
    committees: await Committee.findAll({ where: { ownerOrgId: unit.id } }),
    handlers: handlers as Tree['handlers'],
    template: handlers[0]!,
  };
}

// ---- the declarations --------------------------------------------------------------------------

interface Position {
  status: string;
  step: string | null;
  /** Index into the declaration's path where it waits, 'last' (the terminal office), 'unit' (the committee unit), or null. */
  at: number | 'last' | 'unit' | null;
  committee: boolean;
  /** Orgs of the path that have passed it (handler + leader each), 'all', or a number. */
  passed: number | 'all';
  weight: number;
}

/** Where a year's declarations are (percent): the state machine of server/areas/declarations.md. */
const POSITIONS: Position[] = [
  { status: 'draft', step: null, at: null, committee: false, passed: 0, weight: 8 },
  { status: 'withdrawn', step: null, at: null, committee: false, passed: 0, weight: 1 },
  { status: 'returned', step: null, at: null, committee: false, passed: 1, weight: 4 },
  { status: 'under_review', step: 'handler', at: 0, committee: false, passed: 0, weight: 8 },
  { status: 'under_review', step: 'leader', at: 0, committee: false, passed: 0, weight: 4 },
  { status: 'awaiting_publicity', step: 'publicity', at: 0, committee: false, passed: 1, weight: 2 },
  { status: 'in_publicity', step: 'publicity', at: 0, committee: false, passed: 1, weight: 2 },
  { status: 'awaiting_recommendation', step: 'recommend', at: 0, committee: false, passed: 1, weight: 3 },
  { status: 'under_review', step: 'handler', at: 1, committee: false, passed: 1, weight: 6 },
  { status: 'under_review', step: 'leader', at: 1, committee: false, passed: 1, weight: 3 },
  { status: 'under_review', step: 'handler', at: 2, committee: false, passed: 2, weight: 5 },
  { status: 'under_review', step: 'leader', at: 2, committee: false, passed: 2, weight: 2 },
  { status: 'under_review', step: 'handler', at: 'last', committee: false, passed: -1, weight: 7 },
  { status: 'under_review', step: 'leader', at: 'last', committee: false, passed: -1, weight: 3 },
  { status: 'awaiting_assignment', step: 'assign', at: 'last', committee: false, passed: 'all', weight: 4 },
  { status: 'approved', step: null, at: null, committee: false, passed: 'all', weight: 2 },
  { status: 'assigned', step: 'receive', at: 'unit', committee: true, passed: 'all', weight: 2 },
  { status: 'policy_review', step: 'policy_first', at: 'unit', committee: true, passed: 'all', weight: 2 },
  { status: 'policy_review', step: 'policy_second', at: 'unit', committee: true, passed: 'all', weight: 2 },
  { status: 'policy_passed', step: 'publish', at: 'unit', committee: true, passed: 'all', weight: 1 },
  { status: 'policy_failed', step: 'publish', at: 'unit', committee: true, passed: 'all', weight: 0.5 },
  { status: 'ready_for_meeting', step: null, at: null, committee: true, passed: 'all', weight: 6 },
  { status: 'result_publicity', step: null, at: null, committee: true, passed: 'all', weight: 1 },
  { status: 'review_passed', step: null, at: null, committee: true, passed: 'all', weight: 2 },
  { status: 'review_failed', step: null, at: null, committee: true, passed: 'all', weight: 1 },
  { status: 'failed', step: null, at: null, committee: false, passed: 1, weight: 3 },
  { status: 'blacklisted', step: null, at: null, committee: false, passed: 1, weight: 0.5 },
  { status: 'terminated', step: null, at: null, committee: true, passed: 'all', weight: 0.5 },
];

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉梅俊峰宇浩然子轩欣怡雨涵思远嘉诚晓东海燕春雷立新文博';

async function loadDeclarations(p: QueueBenchParams, tree: Tree, sequelize: Sequelize) {
  const { makeIdNumber } = await import('../server/domain/idNumber');
  const { TitleSeries, TitleQualification, TitleSpecialty } = await import('../models');
  const { currentYear } = await import('../server/commands/accounts');
  const year = currentYear();
  const r = rng(20260101);
  const series = await TitleSeries.findAll({ order: [['id', 'ASC']] });
  const quals = await TitleQualification.findAll();
  const specs = await TitleSpecialty.findAll();
  // Teachers and doctors are most of any year; engineers next; the other series share the rest.
  const seriesWeight = (code: string) => ({ zhongxiaoxue: 30, weisheng: 28, gongcheng: 16, gaoxiao: 8 })[code] ?? 2;
  const seriesChoices: Array<[(typeof series)[number], number]> = series.filter((s) => quals.some((q) => q.seriesId === s.id)).map((s) => [s, seriesWeight(s.code)]);
  const levelWeight: Record<string, number> = { zhenggao: 10, fugao: 35, zhongji: 40, zhuli: 12, yuan: 3 };
  const committeeBySeries = new Map(tree.committees.map((c) => [c.seriesCode, c.id]));

  const conn = await mysql.createConnection(connOptions(p.databaseUrl));
  const extra = await Promise.all([1, 2].map(() => mysql.createConnection(connOptions(p.databaseUrl))));
  const t0 = wallMs();
  try {
    // The rows are made consistent here; the checks would only slow the load.
    for (const c of [conn, ...extra]) await c.query('SET SESSION foreign_key_checks = 0, unique_checks = 0');
    const [[tpl]] = (await conn.query('SELECT * FROM accounts WHERE id = ?', [tree.template.id])) as unknown as [[Record<string, unknown>]];
    const [[mx]] = (await conn.query('SELECT (SELECT COALESCE(MAX(id), 0) FROM accounts) AS a, (SELECT COALESCE(MAX(id), 0) FROM declarations) AS d')) as unknown as [[{ a: number; d: number }]];
    const accountCols = Object.keys(tpl).filter((c) => c !== 'id');
    const declCols = [
      'id', 'year', 'applicant_account_id', 'id_number', 'applicant_name', 'org_id', 'series_code', 'level', 'qualification_id', 'specialty_id', 'route', 'decl_type',
      'status', 'step', 'current_org_id', 'path', 'committee_id', 'policy_resubmit', 'policy_first', 'prev_position', 'version', 'flow_seq', 'submitted_at', 'created_at', 'updated_at',
    ];
    const flowCols = ['declaration_id', 'seq', 'action', 'actor_account_id', 'actor_name', 'actor_role', 'org_id', 'org_name', 'step', 'from_status', 'to_status', 'opinion', 'created_at'];
    const orgName = new Map<number, string>();
    for (const o of [tree.province, ...tree.cities, ...tree.counties.map((c) => c.org), ...tree.employers.map((e) => e.org), tree.unit]) orgName.set(o.org.id, o.org.name);
    const positions: Array<[Position, number]> = POSITIONS.map((x) => [x, x.weight]);
    // Employers under a city office are larger; the rest share the rest evenly.
    const employerChoices: Array<[(typeof tree.employers)[number], number]> = tree.employers.map((e) => [e, e.path.length === 3 ? 3 : 1]);
    const now = Date.now();
    const DAY = 86_400_000;

    const accounts: unknown[][] = [];
    const decls: unknown[][] = [];
    const flows: unknown[][] = [];
    let flowRows = 0;
    const counts = { accounts: 0, declarations: 0, flow: 0 };
    // Inserts go out on a few connections at once, while the next rows are generated.
    const inFlight = new Set<Promise<void>>();
    const free = [conn, ...extra];
    const send = async (sql: string, rows: unknown[][], count: keyof typeof counts) => {
      while (!free.length) await Promise.race(inFlight);
      const c = free.pop()!;
      const job = c.query(sql, [rows]).then(() => {
        counts[count] += rows.length;
        free.push(c);
        inFlight.delete(job);
      });
      inFlight.add(job);
    };
    const flush = async (force = false) => {
      const chunk = 2000;
      while (accounts.length >= (force ? 1 : chunk)) await send(`INSERT INTO accounts (id, ${accountCols.join(', ')}) VALUES ?`, accounts.splice(0, chunk), 'accounts');
      while (decls.length >= (force ? 1 : chunk)) await send(`INSERT INTO declarations (${declCols.join(', ')}) VALUES ?`, decls.splice(0, chunk), 'declarations');
      while (flows.length >= (force ? 1 : chunk * 2)) await send(`INSERT INTO declaration_flow (${flowCols.join(', ')}) VALUES ?`, flows.splice(0, chunk * 2), 'flow');
      if (force) await Promise.all(inFlight);
    };

    for (let i = 0; i < p.declarations; i++) {
      const accountId = Number(mx.a) + 1 + i;
      const declId = Number(mx.d) + 1 + i;
      const emp = pick(r, employerChoices);
      const s = pick(r, seriesChoices);
      const levels = [...new Set(quals.filter((q) => q.seriesId === s.id).map((q) => q.level))];
      const level = pick(r, levels.map((l) => [l, levelWeight[l] ?? 5] as [string, number]));
      const qs = quals.filter((q) => q.seriesId === s.id && q.level === level);
      const q = qs[Math.floor(r() * qs.length)];
      const sps = specs.filter((x) => x.seriesId === s.id);
      const sp = sps.length ? sps[Math.floor(r() * sps.length)] : null;
      const pos = pick(r, positions);
      const pth = emp.path;
      // One in 200 changed employer after submitting (单位变动): its path still climbs the old tree, so
      // the offices on it see it through "waits at me", not through their subtree.
      const employer = pos.status !== 'draft' && r() < 0.005 ? tree.employers[Math.floor(r() * tree.employers.length)].org : emp.org;
      const lastIdx = pth.length - 1;
      const committeeId = pos.committee ? (committeeBySeries.get(s.code) ?? tree.committees[0].id) : null;
      const atOrg = pos.at === null ? null : pos.at === 'unit' ? tree.unit.org.id : pos.at === 'last' ? pth[lastIdx] : pth[Math.min(pos.at, lastIdx)];
      const passedCount = pos.passed === 'all' ? pth.length : pos.passed < 0 ? lastIdx : Math.min(pos.passed, lastIdx);
      const name = SURNAMES[Math.floor(r() * SURNAMES.length)] + GIVEN[Math.floor(r() * GIVEN.length)] + (r() < 0.6 ? GIVEN[Math.floor(r() * GIVEN.length)] : '');
      const idNumber = makeIdNumber(`13${String(i % 10000).padStart(4, '0')}`, new Date(Date.UTC(1970, 0, 1) + Math.floor(i / 10000) * DAY).toISOString().slice(0, 10), 1 + (i % 997));
      const created = new Date(now - Math.floor(r() * 90 * DAY));
      const submitted = pos.status === 'draft' ? null : new Date(created.getTime() + Math.floor(r() * 5 * DAY));
      const updated = new Date(Math.min(now, (submitted ?? created).getTime() + Math.floor(r() * 40 * DAY)));
      const dyear = r() < 0.9 ? year : year - 1;

      const a: Record<string, unknown> = { ...tpl, username: idNumber, login_year: dyear, org_id: employer.org.id, name, id_number: idNumber, created_at: created, updated_at: created, last_login_at: null };
      accounts.push([accountId, ...accountCols.map((c) => a[c])]);

      // The flow log: submitted by the applicant, then handler and leader passes at each org passed.
      let seq = 0;
      if (p.flow !== false && submitted) {
        const at = (k: number) => new Date(submitted.getTime() + k * 3_600_000);
        flows.push([declId, ++seq, 'submit', accountId, name, 'applicant', emp.org.org.id, orgName.get(emp.org.org.id), null, 'draft', 'under_review', null, at(0)]);
        for (let k = 0; k < passedCount; k++) {
          const o = pth[k];
          flows.push([declId, ++seq, 'pass', null, '经办人', 'handler', o, orgName.get(o), 'handler', 'under_review', 'under_review', '同意', at(2 * k + 1)]);
          flows.push([declId, ++seq, 'pass', null, '负责人', 'leader', o, orgName.get(o), 'leader', 'under_review', 'under_review', '同意上报', at(2 * k + 2)]);
        }
        if (pos.step === 'leader' && atOrg) flows.push([declId, ++seq, 'pass', null, '经办人', 'handler', atOrg, orgName.get(atOrg), 'handler', 'under_review', 'under_review', '同意', at(2 * passedCount + 1)]);
        if (['returned', 'failed', 'blacklisted'].includes(pos.status)) {
          const o = pth[Math.min(passedCount, lastIdx)];
          flows.push([declId, ++seq, pos.status === 'returned' ? 'return' : pos.status === 'failed' ? 'fail' : 'blacklist', null, '经办人', 'handler', o, orgName.get(o), 'handler', 'under_review', pos.status, '材料不全', at(2 * passedCount + 1)]);
        }
      }
      flowRows += seq;
      decls.push([
        declId, dyear, accountId, idNumber, name, employer.org.id, s.code, level, q.id, sp?.id ?? null, 'review', 'normal',
        pos.status, pos.step, atOrg, JSON.stringify(pth), committeeId, 0, null, null, 1 + seq, seq, submitted, created, updated,
      ]);
      if (decls.length >= 2000) await flush();
      if ((i + 1) % 50_000 === 0) p.log(`  ${i + 1} declarations loaded (${Math.round(wallMs() - t0)} ms)`);
    }
    await flush(true);
    await conn.query('ANALYZE TABLE declarations, accounts, declaration_flow, organisations');
    return { ms: Math.round(wallMs() - t0), declarations: counts.declarations, accounts: counts.accounts, flowRows: counts.flow, orgs: orgName.size, computedFlowRows: flowRows };
  } finally {
    for (const c of [conn, ...extra]) await c.end();
    void sequelize;
  }
}

// ---- the request mix ---------------------------------------------------------------------------

interface Variant {
  /** ENDPOINT_KINDS index × 4 + ACTORS index. */
  kind: number;
  actor: number;
  path: string;
  endpoint: 'queue' | 'search';
  query: Record<string, string | number>;
}

/**
 * Who asks, and how often: reviewers at every level of the tree, the big subtrees included. The
 * province office's lists cover 180,000 of the 200,000 declarations, a city's about 45,000, a
 * county's about 10,000, an employer's about 2,000.
 */
const ACTORS: Array<[string, number]> = [
  ['province', 25],
  ['city', 30],
  ['county', 30],
  ['employer', 15],
];

function buildMix(tree: Tree, n: number, only?: 'queue' | 'search'): Variant[] {
  const r = rng(8);
  const out: Variant[] = [];
  const [provinceId, cityId, countyId, employerId] = tree.handlers.map((h) => h.orgId);
  const below = (id: number) => {
    if (id === provinceId) return [...tree.cities.map((c) => c.org.id), ...tree.counties.map((c) => c.org.org.id), ...tree.employers.map((e) => e.org.org.id)];
    return [...tree.counties.filter((c) => c.city.org.id === id).map((c) => c.org.org.id), ...tree.employers.filter((e) => e.path.includes(id) && e.path[0] !== id).map((e) => e.org.org.id)];
  };
  const units = [provinceId, cityId, countyId, employerId].map((id) => below(id));
  const seriesCodes: Array<[string, number]> = [['zhongxiaoxue', 3], ['weisheng', 3], ['gongcheng', 2], ['gaoxiao', 1]];
  const levels: Array<[string, number]> = [['fugao', 3], ['zhongji', 3], ['zhenggao', 1], ['zhuli', 1]];
  const statuses: Array<[string, number]> = [['under_review', 4], ['ready_for_meeting', 2], ['returned', 1], ['awaiting_assignment', 1], ['policy_review', 1], ['failed', 1]];
  const actorChoices: Array<[number, number]> = ACTORS.map(([, w], i) => [i, w]);
  for (let i = 0; i < n; i++) {
    const actor = pick(r, actorChoices);
    const coin = r();
    const endpoint = only ?? (coin < 0.5 ? 'queue' : 'search');
    const q: Record<string, string | number> = {};
    const page = pick(r, [[1, 60], [2 + Math.floor(r() * 4), 30], [6 + Math.floor(r() * 20), 10]] as Array<[number, number]>);
    if (page > 1) q.page = page;
    if (r() < 0.2) q.pageSize = 50;
    let kind = endpoint === 'queue' ? 0 : 1;
    const unit = () => units[actor][Math.floor(r() * units[actor].length)];
    if (endpoint === 'queue') {
      // Employers have the publicity and recommendation steps; offices the assignment.
      q.step = actor === 3 ? pick(r, [['handler', 6], ['leader', 2], ['publicity', 1], ['recommend', 1]]) : actor === 0 && r() < 0.15 ? 'assign' : r() < 0.75 ? 'handler' : 'leader';
      if (r() < 0.3) q.seriesCode = pick(r, seriesCodes);
      if (r() < 0.2) q.level = pick(r, levels);
      if (units[actor].length && r() < 0.2) q.orgId = unit();
    } else {
      if (r() < 0.5) q.status = pick(r, statuses);
      if (r() < 0.3) q.seriesCode = pick(r, seriesCodes);
      if (r() < 0.2) q.level = pick(r, levels);
      if (units[actor].length && r() < 0.3) q.orgId = unit();
      if (r() < 0.1) q.year = new Date().getUTCFullYear();
      if (r() < 0.1) {
        q.handledByMyOrg = 'true';
        kind = 2;
      }
    }
    const qs = new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)])).toString();
    out.push({ kind: kind * 4 + actor, actor, endpoint, query: q, path: `/review/${endpoint === 'queue' ? 'queue' : 'declarations'}${qs ? `?${qs}` : ''}` });
  }
  return out;
}

/**
 * Sequelize's logging hook, on while capturing: each statement goes to the list of the capture it
 * runs under (AsyncLocalStorage follows the request's async chain), so captures can overlap.
 */
const capturing = new AsyncLocalStorage<string[]>();
function startCapturing(sequelize: Sequelize) {
  const opts = (sequelize as unknown as { options: { logging?: unknown } }).options;
  const prev = opts.logging;
  opts.logging = (m: string, ...rest: unknown[]) => {
    const into = capturing.getStore();
    if (into) into.push(m.replace(/^Executing \([^)]*\): /, ''));
    else if (typeof prev === 'function') (prev as (...a: unknown[]) => void)(m, ...rest);
  };
  return () => {
    opts.logging = prev;
  };
}

/**
 * The statements one request runs, by running the route's code in this process with Sequelize's
 * logging on: the where (queries.ts), then findAndCountAll with the route's order and paging (as
 * server/routes/review/router.ts does), then the presenter.
 */
async function captureSql(v: Variant, actor: import('../server/policies').Actor) {
  const { Declaration } = await import('../models');
  const { queueWhere, searchWhere } = await import('../server/routes/review/queries');
  const { presentDeclarations } = await import('../server/presenters/declarationList');
  const { queueQuery, searchQuery } = await import('../server/routes/review/schema');
  const stage = async <T>(fn: () => Promise<T>): Promise<{ value: T; sql: string[] }> => {
    const sql: string[] = [];
    return { value: await capturing.run(sql, fn), sql };
  };
  const raw = Object.fromEntries(Object.entries(v.query).map(([k, x]) => [k, String(x)]));
  const q = v.endpoint === 'queue' ? queueQuery.parse(raw) : searchQuery.parse(raw);
  // The route's orders (router.ts: QUEUE_ORDER, SEARCH_ORDER).
  const order = v.endpoint === 'queue' ? [['updatedAt', 'ASC'], ['id', 'ASC']] : [['id', 'DESC']];
  const pre = await stage(() => (v.endpoint === 'queue' ? queueWhere(actor, q as never) : searchWhere(actor, q as never)));
  const main = await stage(() => Declaration.findAndCountAll({ where: pre.value, order: order as never, limit: q.pageSize, offset: (q.page - 1) * q.pageSize }));
  const post = await stage(() => presentDeclarations(actor, main.value.rows));
  return { pre: pre.sql, main: main.sql, post: post.sql, total: main.value.count, items: main.value.rows.length };
}

// ---- the benchmark -----------------------------------------------------------------------------

export async function queueBench(p: QueueBenchParams) {
  const log = p.log;
  const warmupMs = p.warmupMs ?? 3000;
  const sequelize = await ensureModels(p.databaseUrl);
  const { actorFor, tokenFor } = await import('../test/helpers/factories');

  const t0 = wallMs();
  const earlier = p.reuse ? await findTree() : null;
  let tree: Tree;
  let treeMs = 0;
  let load: Awaited<ReturnType<typeof loadDeclarations>>;
  if (earlier) {
    tree = earlier;
    const { Declaration } = await import('../models');
    const { Op } = await import('sequelize');
    const n = await Declaration.count({ where: { orgId: { [Op.in]: tree.employers.map((e) => e.org.org.id) } } });
    load = { ms: 0, declarations: n, accounts: 0, flowRows: 0, orgs: tree.employers.length + tree.cities.length + tree.counties.length + 2, computedFlowRows: 0 };
    log(`queue: reusing the ${n} declarations loaded earlier`);
  } else {
    log(`queue: building the organisation tree …`);
    tree = await buildTree(log);
    treeMs = Math.round(wallMs() - t0);
    log(`queue: loading ${p.declarations} declarations …`);
    load = await loadDeclarations(p, tree, sequelize);
    log(`queue: loaded in ${load.ms} ms (${load.declarations} declarations, ${load.accounts} accounts, ${load.flowRows} flow rows)`);
  }

  if (p.loadOnly) return { data: { ...load, treeMs }, handlers: tree.handlers.map((h) => h.id) } as never;
  const accounts = tree.handlers;
  const actors = await Promise.all(accounts.map((a) => actorFor(a)));
  const tokens = await Promise.all(accounts.map((a) => tokenFor(a, p.apiUrls[0])));
  const variants = buildMix(tree, p.variants ?? 200, p.only);

  log(`queue: capturing the SQL of ${variants.length} requests …`);
  const captured: Array<Awaited<ReturnType<typeof captureSql>>> = new Array(variants.length);
  const t1 = wallMs();
  const stopCapturing = startCapturing(sequelize);
  try {
    let next = 0;
    await Promise.all(
      [0, 1, 2, 3].map(async () => {
        for (let i = next++; i < variants.length; i = next++) captured[i] = await captureSql(variants[i], actors[variants[i].actor]);
      }),
    );
  } finally {
    stopCapturing();
  }
  log(`queue: captured in ${Math.round(wallMs() - t1)} ms`);
  if (p.sqlDumpPath) {
    const fs = await import('node:fs');
    fs.writeFileSync(p.sqlDumpPath, JSON.stringify(variants.map((v, i) => ({ path: v.path, actor: v.actor, ...captured[i] })), null, 1));
  }
  const totals = { queue: [] as number[], search: [] as number[] };
  captured.forEach((c, i) => totals[variants[i].endpoint].push(c.total));

  const mariadb = pidOf('mariadbd') ?? pidOf('mysqld');
  const runPhase = async <T>(name: string, job: (w: ReturnType<typeof spawnWorker>, durationMs: number) => Promise<T>) => {
    const w = spawnWorker(path.join(here, 'queueWorker.ts'));
    try {
      if (warmupMs > 0) await job(w, warmupMs);
      const box = machineMeter();
      const meter = cpuMeter({ ...(p.pids ?? {}), mariadbd: mariadb, worker: w.pid });
      const out = await job(w, p.durationMs);
      const cpu = meter.stop();
      log(`queue: ${name} phase done`);
      return { out, cpu, machineBusyCores: box.stop().busyCores };
    } finally {
      await w.stop();
    }
  };
  type Packed = { lat: string; kinds: string; fireLag: string; failures: string[]; statuses: Record<string, number> };

  log(`queue: API at ${p.ratePerSec}/s for ${p.durationMs} ms …`);
  const httpJob: Omit<HttpJob, 'durationMs'> = { urls: p.apiUrls, tokens, requests: variants.map((v) => ({ path: v.path, token: v.actor, kind: v.kind })), rate: p.ratePerSec };
  const apiRun = await runPhase('API', (w, durationMs) => w.request<Packed>('http', { ...httpJob, durationMs }, durationMs + 120_000));
  const apiLat = unpackFloats(apiRun.out.lat);
  const apiKinds = Buffer.from(apiRun.out.kinds, 'base64');

  log(`queue: raw SQL at ${p.ratePerSec}/s for ${p.durationMs} ms …`);
  const sqlJob: Omit<SqlJob, 'durationMs'> = {
    databaseUrl: p.databaseUrl,
    poolSize: 20,
    requests: captured.map((c, i) => ({ pre: c.pre, main: c.main, post: c.post, kind: variants[i].kind })),
    rate: p.ratePerSec,
  };
  const sqlRun = await runPhase('SQL', (w, durationMs) => w.request<Packed & { main: string; mainKinds: string }>('sql', { ...sqlJob, durationMs }, durationMs + 120_000));
  const sqlLat = unpackFloats(sqlRun.out.lat);
  const sqlKinds = Buffer.from(sqlRun.out.kinds, 'base64');
  const mainLat = unpackFloats(sqlRun.out.main);
  const mainKinds = Buffer.from(sqlRun.out.mainKinds, 'base64');

  const sent = Math.floor((p.durationMs / 1000) * p.ratePerSec);
  const apiStats = pctl(apiLat);
  const errors = Object.entries(apiRun.out.statuses).filter(([s]) => s !== '200').reduce((a, [, n]) => a + n, 0);
  const sample = captured.find((c, i) => variants[i].endpoint === 'search' && !variants[i].query.status && !variants[i].query.page);
  return {
    params: {
      declarations: p.declarations,
      ratePerSec: p.ratePerSec,
      durationMs: p.durationMs,
      warmupMs,
      nodes: p.apiUrls.length,
      variants: variants.length,
      actors: Object.fromEntries(ACTORS),
      endpoints: p.only ?? 'queue 50%, search 45%, search with handledByMyOrg 5%',
      pageSizes: [20, 50],
      pages: '1 (60%), 2–5 (30%), 6–25 (10%)',
    },
    data: { ...load, treeMs, reused: Boolean(earlier), queueTotals: pctl(totals.queue), searchTotals: pctl(totals.search) },
    api: {
      ...apiStats,
      requests: sent,
      answered: apiLat.length,
      errors,
      statuses: apiRun.out.statuses,
      failures: apiRun.out.failures,
      byKind: byKind(apiLat, apiKinds),
      fireLagP99: pctl(unpackFloats(apiRun.out.fireLag)).p99,
      cpu: apiRun.cpu,
      machineBusyCores: apiRun.machineBusyCores,
    },
    /** The raw-SQL phase in brief (the same requests' statements through mysql2, same rate); details in `raw`. */
    sql: pctl(sqlLat),
    raw: {
      ...pctl(sqlLat),
      /** The COUNT and the page only (run together, as findAndCountAll does). */
      main: pctl(mainLat),
      mainByKind: byKind(mainLat, mainKinds),
      byKind: byKind(sqlLat, sqlKinds),
      errors: Object.entries(sqlRun.out.statuses).filter(([s]) => s !== '200').reduce((a, [, n]) => a + n, 0),
      failures: sqlRun.out.failures,
      statementsPerRequest: pctl(captured.map((c) => c.pre.length + c.main.length + c.post.length)),
      cpu: sqlRun.cpu,
      machineBusyCores: sqlRun.machineBusyCores,
    },
    target: { apiP95Ms: 50, met: apiStats.p95 <= 50 && errors === 0 },
    sampleSql: sample ? { pre: sample.pre, main: sample.main } : null,
  };
}

export type QueueFigures = Awaited<ReturnType<typeof queueBench>>;

if (isMain(import.meta.url)) {
  const env = (k: string, d: number) => Number(process.env[k] ?? d);
  process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/bench_queue';
  process.env.TEST_RUN_ID ??= `benchq${process.pid}`;
  const setup = await import('../test/helpers/setup');
  const { spawnNode } = await import('../test/helpers/nodes');
  const log = (m: string) => process.stdout.write(`${m}\n`);
  const reuse = process.env.QUEUE_REUSE === '1';
  // QUEUE_REUSE=1: keep the database (and the data an earlier run loaded); otherwise start afresh.
  let own: { url: string; close: () => Promise<void> } | null = null;
  if (reuse) {
    const fs = await import('node:fs');
    const { serverEnv, TEST_DATA_DIR } = await import('../test/helpers/env');
    const { loadConfig } = await import('../server/config');
    const { startServer } = await import('../server/start');
    const { createLogger, setLogger } = await import('../server/logger');
    fs.mkdirSync(TEST_DATA_DIR, { recursive: true });
    const senv = serverEnv();
    Object.assign(process.env, senv);
    const config = loadConfig(senv);
    setLogger(createLogger(config.LOG_LEVEL));
    const running = await startServer(config);
    own = { url: running.url, close: () => running.close() };
  } else await setup.mochaGlobalSetup();
  const nodeB = await spawnNode();
  let code = 0;
  try {
    const figures = await queueBench({
      databaseUrl: process.env.TEST_DATABASE_URL,
      apiUrls: [own ? own.url : setup.server().url, nodeB.url],
      declarations: env('QUEUE_DECLARATIONS', 20000),
      ratePerSec: env('QUEUE_RATE', 10),
      durationMs: env('QUEUE_SECONDS', 15) * 1000,
      warmupMs: env('QUEUE_WARMUP_SECONDS', 3) * 1000,
      pids: { nodeA: process.pid, nodeB: nodeB.child.pid },
      loadOnly: process.env.QUEUE_LOAD_ONLY === '1',
      reuse,
      sqlDumpPath: process.env.QUEUE_SQL_DUMP,
      only: (process.env.QUEUE_ONLY as 'queue' | 'search' | undefined) || undefined,
      log,
    });
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
    if (process.env.QUEUE_OUT) (await import('node:fs')).writeFileSync(process.env.QUEUE_OUT, `${JSON.stringify(figures, null, 2)}\n`);
  } catch (e) {
    process.stderr.write(`${(e as Error).stack}\n`);
    code = 1;
  } finally {
    await nodeB.stop();
    if (own) {
      await own.close();
      const { TEST_DATA_DIR } = await import('../test/helpers/env');
      (await import('node:fs')).rmSync(TEST_DATA_DIR, { recursive: true, force: true });
    } else await setup.mochaGlobalTeardown();
  }
  process.exit(code);
}
