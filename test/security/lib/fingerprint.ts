import mysql from 'mysql2/promise';
import { TEST_DATABASE_URL } from '../../helpers/env';

/**
 * An exact fingerprint of the whole database: `CHECKSUM TABLE` over every table (InnoDB computes it
 * from the rows' contents, so any insert, update or delete shows). On the test database it takes a
 * few milliseconds, cheap enough to take after every rejected request.
 */
export class Fingerprint {
  private constructor(
    private conn: mysql.Connection,
    private tables: string[],
  ) {}

  static async open(): Promise<Fingerprint> {
    const url = new URL(TEST_DATABASE_URL);
    const conn = await mysql.createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      database: url.pathname.slice(1),
    });
    const [rows] = await conn.query('SHOW TABLES');
    const tables = (rows as Array<Record<string, string>>).map((r) => Object.values(r)[0]);
    return new Fingerprint(conn, tables);
  }

  async take(): Promise<Map<string, string>> {
    const [rows] = await this.conn.query(`CHECKSUM TABLE ${this.tables.map((t) => `\`${t}\``).join(', ')}`);
    return new Map((rows as Array<{ Table: string; Checksum: number | string | null }>).map((r) => [r.Table.split('.').pop()!, String(r.Checksum)]));
  }

  static changed(before: Map<string, string>, after: Map<string, string>): string[] {
    return [...after.keys()].filter((k) => before.get(k) !== after.get(k));
  }

  async close() {
    await this.conn.end();
  }
}
