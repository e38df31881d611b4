import { DataTypes } from 'sequelize';
import { createTable, id, json, ref, timestamps, type Migration } from './helpers';

/**
 * Around the review: publicity lists with public reports (seed 004 §6.2.2, 6.2.7–6.2.8), the unit's
 * recommendation (§6.2.3), plans and quotas (seed 002 三) and transfers between units (seed 002 二).
 */
const migration: Migration = {
  async up(qi) {
    await createTable(qi, 'publicities', {
      id,
      // unit (申报公示) | to_review (拟送评人员名单公示) | failure (审查未通过公示)
      kind: { type: DataTypes.STRING(16), allowNull: false },
      org_id: ref('organisations'),
      committee_id: ref('committees', true),
      year: { type: DataTypes.INTEGER, allowNull: false },
      title: { type: DataTypes.STRING(200), allowNull: false },
      content: { type: DataTypes.TEXT, allowNull: true },
      starts_at: { type: DataTypes.DATE, allowNull: false },
      ends_at: { type: DataTypes.DATE, allowNull: false },
      // open → completed
      status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'open' },
      completed_at: { type: DataTypes.DATE, allowNull: true },
      created_by_id: ref('accounts', true, 'SET NULL'),
      ...timestamps,
    });
    await qi.addIndex('publicities', ['org_id', 'kind', 'status']);
    await qi.addIndex('publicities', ['status', 'ends_at']);

    await createTable(qi, 'publicity_items', {
      id,
      publicity_id: ref('publicities', false, 'CASCADE'),
      declaration_id: ref('declarations', false, 'CASCADE'),
      // Shown publicly: the reason for a failure list, nothing for the others.
      note: { type: DataTypes.STRING(500), allowNull: true },
    });
    await qi.addIndex('publicity_items', ['publicity_id', 'declaration_id'], { unique: true, name: 'publicity_items_unique' });
    await qi.addIndex('publicity_items', ['declaration_id']);

    // 举报: anyone, during the period, against one declaration of the list.
    await createTable(qi, 'publicity_reports', {
      id,
      publicity_id: ref('publicities', false, 'CASCADE'),
      declaration_id: ref('declarations', false, 'CASCADE'),
      reporter_name: { type: DataTypes.STRING(50), allowNull: true },
      contact: { type: DataTypes.STRING(100), allowNull: true },
      content: { type: DataTypes.TEXT, allowNull: false },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('publicity_reports', ['publicity_id']);

    // 单位推荐上报: the unit's handling details and proof, for a batch of its declarations.
    await createTable(qi, 'recommendations', {
      id,
      org_id: ref('organisations'),
      year: { type: DataTypes.INTEGER, allowNull: false },
      handler_name: { type: DataTypes.STRING(50), allowNull: false },
      handler_phone: { type: DataTypes.STRING(32), allowNull: false },
      opinion: { type: DataTypes.TEXT, allowNull: false },
      // 推荐方式, 推荐小组意见, 公示情况 …
      details: json(),
      file_ids: json(),
      created_by_id: ref('accounts', true, 'SET NULL'),
      ...timestamps,
    });
    await qi.addIndex('recommendations', ['org_id', 'year']);
    await createTable(qi, 'recommendation_items', {
      id,
      recommendation_id: ref('recommendations', false, 'CASCADE'),
      declaration_id: ref('declarations', false, 'CASCADE'),
    });
    await qi.addIndex('recommendation_items', ['recommendation_id', 'declaration_id'], { unique: true, name: 'recommendation_items_unique' });
    await qi.addIndex('recommendation_items', ['declaration_id']);

    // 申报计划/职数: one per org, year, series and level; approved up the chain of offices.
    await createTable(qi, 'declaration_plans', {
      id,
      org_id: ref('organisations'),
      year: { type: DataTypes.INTEGER, allowNull: false },
      series_code: { type: DataTypes.STRING(40), allowNull: false },
      level: { type: DataTypes.STRING(16), allowNull: false },
      quota: { type: DataTypes.INTEGER, allowNull: false },
      note: { type: DataTypes.STRING(500), allowNull: true },
      // draft → submitted (climbing) → approved; returned (撤回) goes back to the unit
      status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'draft' },
      // While submitted: the org whose staff must approve it now.
      approving_org_id: ref('organisations', true),
      // [{ orgId, orgName, by, action, reason, at }]
      history: json(),
      approved_at: { type: DataTypes.DATE, allowNull: true },
      created_by_id: ref('accounts', true, 'SET NULL'),
      ...timestamps,
    });
    await qi.addIndex('declaration_plans', ['org_id', 'year', 'series_code', 'level'], { unique: true, name: 'declaration_plans_key' });
    await qi.addIndex('declaration_plans', ['approving_org_id', 'status']);

    // 单位变动人员: the new unit asks, the old unit agrees or refuses.
    await createTable(qi, 'transfers', {
      id,
      account_id: ref('accounts'),
      from_org_id: ref('organisations'),
      to_org_id: ref('organisations'),
      // pending → accepted | refused
      status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'pending' },
      note: { type: DataTypes.STRING(500), allowNull: true },
      reason: { type: DataTypes.STRING(500), allowNull: true },
      requested_by_id: ref('accounts', true, 'SET NULL'),
      decided_by_id: ref('accounts', true, 'SET NULL'),
      decided_at: { type: DataTypes.DATE, allowNull: true },
      ...timestamps,
    });
    await qi.addIndex('transfers', ['from_org_id', 'status']);
    await qi.addIndex('transfers', ['to_org_id', 'status']);
    await qi.addIndex('transfers', ['account_id']);
  },
  async down(qi) {
    for (const t of [
      'transfers',
      'declaration_plans',
      'recommendation_items',
      'recommendations',
      'publicity_reports',
      'publicity_items',
      'publicities',
    ]) {
      await qi.dropTable(t);
    }
  },
};
export default migration;
