import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueryTypes } from 'sequelize';
import { createSequelize } from '../../models/db';
import { migrator } from '../../models/migrate';
import { db } from '../../models';

async function sqliteTables(dir: string) {
  const s = await createSequelize({ dataDir: dir });
  const rows = await s.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'", { type: QueryTypes.SELECT });
  await s.close();
  return rows.map((r) => r.name).sort();
}

describe('migrations', () => {
  it('run on SQLite from nothing, all the way down and up again, giving the same tables as MariaDB', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zc-mig-'));
    try {
      const s = await createSequelize({ dataDir: dir });
      const m = migrator(s);
      const up = await m.up();
      expect(up.length).to.be.greaterThan(0);
      expect(await m.pending()).to.have.length(0);
      await m.down({ to: 0 });
      expect((await m.executed()).length).to.equal(0);
      const again = await m.up();
      expect(again.map((x) => x.name)).to.deep.equal(up.map((x) => x.name));
      await s.close();

      const lite = await sqliteTables(dir);
      const maria = (await db().query<{ t: string }>('SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE()', { type: QueryTypes.SELECT }))
        .map((r) => r.t)
        .sort();
      expect(lite).to.deep.equal(maria);
      expect(lite).to.include.members(['organisations', 'accounts', 'refresh_tokens', 'room_events', 'schema_migrations']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('make MariaDB tables utf8mb4, so Chinese text fits', async () => {
    const rows = await db().query<{ t: string; c: string }>(
      'SELECT table_name AS t, table_collation AS c FROM information_schema.tables WHERE table_schema = DATABASE()',
      { type: QueryTypes.SELECT },
    );
    for (const r of rows) expect(r.c, r.t).to.match(/^utf8mb4/);
  });
});
