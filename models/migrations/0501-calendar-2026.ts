import { Op } from 'sequelize';
import type { Migration } from './helpers';

/**
 * Reference data every installation needs: the public holidays and adjusted workdays (调休) of
 * 2026, from the State Council General Office's notice on the 2026 holiday arrangements
 * (国务院办公厅关于2026年部分节假日安排的通知). Later years are entered by the office under
 * 评审后处理 › 节假日设置 once the notice for them is out.
 */
type Row = [day: string, kind: 'holiday' | 'workday', name: string];

function span(from: string, to: string, name: string): Row[] {
  const out: Row[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= to; d.setUTCDate(d.getUTCDate() + 1)) {
    out.push([d.toISOString().slice(0, 10), 'holiday', name]);
  }
  return out;
}

export const CALENDAR_2026: Row[] = [
  ...span('2026-01-01', '2026-01-03', '元旦'),
  ['2026-01-04', 'workday', '元旦调休上班'],
  ['2026-02-14', 'workday', '春节调休上班'],
  ...span('2026-02-15', '2026-02-23', '春节'),
  ['2026-02-28', 'workday', '春节调休上班'],
  ...span('2026-04-04', '2026-04-06', '清明节'),
  ...span('2026-05-01', '2026-05-05', '劳动节'),
  ['2026-05-09', 'workday', '劳动节调休上班'],
  ...span('2026-06-19', '2026-06-21', '端午节'),
  ['2026-09-20', 'workday', '国庆节调休上班'],
  ...span('2026-09-25', '2026-09-27', '中秋节'),
  ...span('2026-10-01', '2026-10-07', '国庆节'),
  ['2026-10-10', 'workday', '国庆节调休上班'],
];

const migration: Migration = {
  async up(qi) {
    const now = new Date();
    await qi.bulkInsert(
      'calendar_days',
      CALENDAR_2026.map(([day, kind, name]) => ({ day, kind, name, created_at: now, updated_at: now })),
    );
  },
  async down(qi) {
    await qi.bulkDelete('calendar_days', { day: { [Op.in]: CALENDAR_2026.map((r) => r[0]) } });
  },
};
export default migration;
