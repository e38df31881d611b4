import type { Migration } from './helpers';

/**
 * Indexes for the reviewer lists at scale (issue 8: p95 ≤ 50 ms with 200,000 declarations).
 *
 * 待审核 (`GET /review/queue`): `current_org_id = ? AND step = ? [series, level, unit] ORDER BY
 * updated_at, id`, with a COUNT.
 * - queue_order: the order itself (InnoDB appends the primary key, so ties on updated_at come by
 *   id). 0102's (current_org_id, step, status) found the rows but every page sorted the whole
 *   queue: tens of thousands of rows at a province office.
 * - queue_by_org, queue_by_series: a unit filter (an id list) or a series filter as ranges, and the
 *   COUNT with the filters from the index alone.
 * 申报查询 (`GET /review/declarations`) over a subtree:
 * - subtree: `org_id IN (…) AND status <> 'draft'` with the status, series, level and year filters,
 *   counted from the index alone instead of from every row; subtree_by_series: the same with a
 *   series filter as a range (the first reads every entry of the subtree for it).
 * - waiting_outside: what waits at an org outside its subtree (the few rows searchWhere looks up by
 *   id) as ranges of (current_org_id, org_id).
 * 已审核 (handledByMyOrg, `id IN (flow rows of my org)`):
 * - flow_org_role: an org's flow rows from the index alone (a small org: materialise them);
 * - flow_declaration_org: whether a declaration has one (a large org: probe each candidate).
 */
const INDEXES: Array<[string, string[], string]> = [
  ['declarations', ['current_org_id', 'step', 'updated_at'], 'declarations_queue_order'],
  ['declarations', ['current_org_id', 'step', 'org_id', 'series_code', 'level'], 'declarations_queue_by_org'],
  ['declarations', ['current_org_id', 'step', 'series_code', 'level', 'org_id'], 'declarations_queue_by_series'],
  ['declarations', ['org_id', 'status', 'series_code', 'level', 'year'], 'declarations_subtree'],
  ['declarations', ['org_id', 'series_code', 'level', 'status', 'year'], 'declarations_subtree_by_series'],
  ['declarations', ['current_org_id', 'org_id', 'status'], 'declarations_waiting_outside'],
  ['declaration_flow', ['org_id', 'actor_role', 'declaration_id'], 'declaration_flow_org_role'],
  ['declaration_flow', ['declaration_id', 'org_id', 'actor_role'], 'declaration_flow_declaration_org'],
];

const migration: Migration = {
  async up(qi) {
    for (const [table, fields, name] of INDEXES) await qi.addIndex(table, fields, { name });
  },
  async down(qi) {
    // MariaDB dropped the index it made itself for declaration_flow.org_id's foreign key when ours
    // arrived (ours serves the key now), and will not drop ours until another one does.
    if (qi.sequelize.getDialect() !== 'sqlite') {
      const existing = (await qi.showIndex('declaration_flow')) as Array<{ name: string }>;
      if (!existing.some((i) => i.name === 'declaration_flow_org_id')) await qi.addIndex('declaration_flow', ['org_id'], { name: 'declaration_flow_org_id' });
    }
    for (const [table, , name] of [...INDEXES].reverse()) await qi.removeIndex(table, name);
  },
};
export default migration;
