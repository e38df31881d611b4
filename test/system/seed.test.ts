import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { QueryTypes, type Sequelize } from 'sequelize';
import { createSequelize } from '../../models/db';
import { seedDemo } from '../../seeds/demo';
import { RUN_ID, TEST_DATABASE_URL } from '../helpers/env';
import { bareEnv, runScript } from '../helpers/freshProcess';

/**
 * `npm run seed` (seeds/cli.ts) into a database of its own: a fresh MariaDB database next to this
 * run's (created by the seed itself), and the embedded SQLite default in a fresh DATA_DIR.
 */
const base = new URL(TEST_DATABASE_URL);
const seedDbName = `${base.pathname.slice(1)}_seed_${RUN_ID}`.replace(/\W/g, '_');
const prodDbName = `${base.pathname.slice(1)}_seedprod_${RUN_ID}`.replace(/\W/g, '_');
const urlOf = (name: string) => {
  const u = new URL(TEST_DATABASE_URL);
  u.pathname = `/${name}`;
  return u.toString();
};

async function server() {
  return mysql.createConnection({ host: base.hostname, port: Number(base.port || 3306), user: decodeURIComponent(base.username), password: decodeURIComponent(base.password) });
}
async function databaseExists(name: string): Promise<boolean> {
  const conn = await server();
  try {
    const [rows] = await conn.query('SELECT SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME = ?', [name]);
    return (rows as unknown[]).length > 0;
  } finally {
    await conn.end();
  }
}
async function dropDatabase(name: string) {
  const conn = await server();
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await conn.end();
  }
}

/** Production runs keep the default hash cost (production refuses one below 14 before anything else). */
const seed = (env: Record<string, string | undefined>) =>
  runScript('seeds/cli.ts', [], bareEnv({ LOG_LEVEL: 'warn', ...(env.NODE_ENV === 'production' ? {} : { PASSWORD_HASH_COST: '10' }), ...env }));

async function count(s: Sequelize, sql: string, replacements: unknown[] = []): Promise<number> {
  const [row] = await s.query<{ n: number }>(sql, { replacements, type: QueryTypes.SELECT });
  return Number(row.n);
}

/** Every table's row count (a second run must leave each one as it was). */
async function tableCounts(s: Sequelize): Promise<Record<string, number>> {
  const tables = (await s.getQueryInterface().showAllTables()).map((t) => (typeof t === 'string' ? t : (t as { tableName: string }).tableName)).sort();
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = await count(s, `SELECT COUNT(*) AS n FROM \`${t}\``);
  return out;
}

describe('demo seed (`npm run seed`)', function () {
  this.timeout(600_000);

  describe('refuses with NODE_ENV=production, writing nothing', () => {
    const dataDir = path.join(os.tmpdir(), `zc-seed-prod-${RUN_ID}`);
    after(async () => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      await dropDatabase(prodDbName);
    });

    it('on MariaDB: non-zero exit, a clear sentence, and not even the database is created', async () => {
      await dropDatabase(prodDbName);
      const res = await seed({ NODE_ENV: 'production', DATABASE_URL: urlOf(prodDbName), DATA_DIR: dataDir });
      expect(res.code).to.not.equal(0);
      expect(res.out).to.include('Refusing to seed demo data with NODE_ENV=production');
      expect(res.out).not.to.match(/demo: \d+ organisations/);
      expect(await databaseExists(prodDbName)).to.equal(false);
      expect(fs.existsSync(dataDir)).to.equal(false);
    });

    it('on the embedded default: non-zero exit and no SQLite file (no data directory at all)', async () => {
      const res = await seed({ NODE_ENV: 'production', DATA_DIR: dataDir });
      expect(res.code).to.not.equal(0);
      expect(res.out).to.include('Refusing to seed demo data with NODE_ENV=production');
      expect(fs.existsSync(dataDir)).to.equal(false);
    });

    it('the seed function itself refuses too (for callers other than the CLI)', async () => {
      const before = process.env.NODE_ENV;
      process.env.NODE_ENV = 'production';
      let err: Error | null = null;
      try {
        await seedDemo();
      } catch (e) {
        err = e as Error;
      } finally {
        process.env.NODE_ENV = before;
      }
      expect(err?.message).to.equal('Refusing to seed demo data with NODE_ENV=production');
    });
  });

  describe('into a fresh MariaDB database', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zc-seed-'));
    let db: Sequelize | null = null;
    let first: { code: number | null; out: string };
    before(async () => {
      await dropDatabase(seedDbName);
      first = await seed({ NODE_ENV: 'test', DATABASE_URL: urlOf(seedDbName), DATA_DIR: dataDir });
      if (first.code !== 0) throw new Error(`seed failed:\n${first.out}`);
      db = await createSequelize({ databaseUrl: urlOf(seedDbName), dataDir });
    });
    after(async () => {
      await db?.close();
      await dropDatabase(seedDbName);
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('loads the issue\'s demo: province 13, 2 cities, 3 counties, departments, a university with 2 hospitals, employers, 200 applicants, 60 experts, 2 supervisors', async () => {
      const s = db!;
      const orgs = await s.query<{ id: number; code: string; parent_id: number | null; kind: string; category: string; level: string | null; status: string; name: string }>(
        'SELECT id, code, parent_id, kind, category, level, status, name FROM organisations',
        { type: QueryTypes.SELECT },
      );
      const province = orgs.filter((o) => o.code === '13');
      expect(province).to.have.length(1);
      expect(province[0]).to.include({ kind: 'office', level: 'province', parent_id: null, status: 'active' });
      const prov = province[0];
      const under = (p: { id: number }) => orgs.filter((o) => o.parent_id === p.id);

      const cities = under(prov).filter((o) => o.kind === 'office');
      expect(cities.map((c) => c.level)).to.deep.equal(['city', 'city']);
      expect(cities.every((c) => /^13\d{4}$/.test(c.code)), 'city codes are 6 digits under 13').to.equal(true);
      const counties = cities.flatMap(under).filter((o) => o.kind === 'office');
      expect(counties).to.have.length(3);
      expect(counties.every((c) => c.level === 'county' && c.code.length === 10)).to.equal(true);

      const departments = under(prov).filter((o) => o.kind === 'department');
      expect(departments.length).to.be.at.least(2);
      const universities = orgs.filter((o) => o.category === 'university' && o.kind === 'self_evaluating');
      expect(universities).to.have.length(1);
      const hospitals = under(universities[0]);
      expect(hospitals).to.have.length(2);
      expect(hospitals.every((h) => h.category === 'hospital' && h.kind === 'self_evaluating')).to.equal(true);
      expect(orgs.every((o) => o.code.startsWith('13') && o.status === 'active'), 'every org active in province 13').to.equal(true);

      const employers = orgs.filter((o) => o.kind === 'employer');
      expect(employers.length).to.be.at.least(5);
      for (const e of employers) {
        const staff = await s.query<{ role: string; staff_kind: string | null }>('SELECT role, staff_kind FROM accounts WHERE org_id = ?', {
          replacements: [e.id],
          type: QueryTypes.SELECT,
        });
        const kinds = staff.map((a) => (a.role === 'staff' ? a.staff_kind : a.role));
        expect(kinds, e.name).to.include.members(['admin', 'handler', 'leader']);
      }

      expect(await count(s, "SELECT COUNT(*) AS n FROM accounts WHERE role = 'applicant'")).to.equal(200);
      // 60 expert people (ID numbers); the demo meeting's 25 temporary logins are expert accounts of their own.
      const people = "NOT EXISTS (SELECT 1 FROM meeting_logins l WHERE l.account_id = accounts.id)";
      expect(await count(s, `SELECT COUNT(*) AS n FROM accounts WHERE role = 'expert' AND ${people}`)).to.equal(60);
      expect(await count(s, 'SELECT COUNT(*) AS n FROM meeting_logins')).to.equal(25);
      expect(await count(s, "SELECT COUNT(*) AS n FROM accounts WHERE role = 'supervisor'")).to.equal(2);
      expect(await count(s, "SELECT COUNT(*) AS n FROM accounts WHERE username IN ('sup-1', 'sup-2') AND org_id = ?", [prov.id])).to.equal(2);
      // One admin per organisation; prov-admin is the province's. Demo accounts skip the forced change.
      expect(await count(s, "SELECT COUNT(*) AS n FROM accounts WHERE role = 'admin'")).to.equal(orgs.length);
      expect(await count(s, "SELECT COUNT(*) AS n FROM accounts WHERE username = 'prov-admin' AND role = 'admin' AND org_id = ?", [prov.id])).to.equal(1);
      expect(await count(s, 'SELECT COUNT(*) AS n FROM accounts WHERE must_change_password = 1')).to.equal(0);
      // Applicants and experts sign in with valid 18-character ID numbers.
      expect(await count(s, `SELECT COUNT(*) AS n FROM accounts WHERE role IN ('applicant', 'expert') AND (id_number IS NULL OR CHAR_LENGTH(id_number) <> 18 OR username <> id_number) AND ${people}`)).to.equal(0);
      expect(first.out).to.match(/demo: \d+ accounts \(200 applicants, 60 experts\)/);
    });

    it('a second run is a no-op: it says so and every table keeps its row count', async () => {
      const before = await tableCounts(db!);
      expect(before.organisations).to.be.greaterThan(0);
      const second = await seed({ NODE_ENV: 'test', DATABASE_URL: urlOf(seedDbName), DATA_DIR: dataDir });
      expect(second.code, second.out).to.equal(0);
      expect(second.out).to.include('demo data already present (organisation 13 exists); nothing to do');
      expect(second.out).not.to.match(/demo: \d+ organisations/);
      expect(await tableCounts(db!)).to.deep.equal(before);
    });
  });
});
