import { DataTypes } from 'sequelize';
import { createTable, id, json, ref, timestamps, type Migration } from './helpers';

/**
 * 专家库 (seed 000 第三章第二节, seed 002 四 专家审查, seed 004 §6.5): the expert self-profile's
 * approval chain and log, library change filings (专家库更新备案) approved by the office, units'
 * recommendations of experts (专家推荐), and spreadsheet import jobs.
 */
const migration: Migration = {
  async up(qi) {
    // Org ids the submitted profile climbs (employer up to its office), and where it waits now.
    await qi.addColumn('experts', 'profile_chain', { type: DataTypes.TEXT, allowNull: true });
    await qi.addColumn('experts', 'profile_step', { type: DataTypes.INTEGER, allowNull: true });

    await createTable(qi, 'expert_profile_log', {
      id,
      expert_id: ref('experts', false, 'CASCADE'),
      // submit | approve | return | final
      action: { type: DataTypes.STRING(16), allowNull: false },
      org_id: ref('organisations', true, 'SET NULL'),
      actor_account_id: ref('accounts', true, 'SET NULL'),
      actor_name: { type: DataTypes.STRING(100), allowNull: false },
      opinion: { type: DataTypes.STRING(500), allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('expert_profile_log', ['expert_id']);

    // 专家库更新备案: the committee unit files additions and removals; the office approves them.
    await createTable(qi, 'library_filings', {
      id,
      committee_id: ref('committees', false, 'CASCADE'),
      office_org_id: ref('organisations', true, 'SET NULL'),
      // draft → submitted → approved | returned
      status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'draft' },
      note: { type: DataTypes.STRING(500), allowNull: true },
      opinion: { type: DataTypes.STRING(500), allowNull: true },
      created_by_id: ref('accounts', true, 'SET NULL'),
      submitted_at: { type: DataTypes.DATE, allowNull: true },
      decided_by_id: ref('accounts', true, 'SET NULL'),
      decided_at: { type: DataTypes.DATE, allowNull: true },
      ...timestamps,
    });
    await qi.addIndex('library_filings', ['committee_id', 'status']);
    await qi.addIndex('library_filings', ['office_org_id', 'status']);

    await createTable(qi, 'library_filing_items', {
      id,
      filing_id: ref('library_filings', false, 'CASCADE'),
      expert_id: ref('experts', false, 'CASCADE'),
      action: { type: DataTypes.STRING(8), allowNull: false },
      reason: { type: DataTypes.STRING(500), allowNull: true },
    });
    await qi.addIndex('library_filing_items', ['filing_id', 'expert_id'], { unique: true, name: 'library_filing_items_unique' });

    // 专家推荐: a unit puts one of its people forward to a committee's library.
    await createTable(qi, 'expert_recommendations', {
      id,
      committee_id: ref('committees', false, 'CASCADE'),
      from_org_id: ref('organisations'),
      expert_id: ref('experts', false, 'CASCADE'),
      // pending → accepted | refused
      status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'pending' },
      note: { type: DataTypes.STRING(500), allowNull: true },
      opinion: { type: DataTypes.STRING(500), allowNull: true },
      created_by_id: ref('accounts', true, 'SET NULL'),
      decided_by_id: ref('accounts', true, 'SET NULL'),
      decided_at: { type: DataTypes.DATE, allowNull: true },
      ...timestamps,
    });
    await qi.addIndex('expert_recommendations', ['committee_id', 'status']);
    await qi.addIndex('expert_recommendations', ['from_org_id']);

    // 批量导入: a job per uploaded spreadsheet; all rows apply or none, each bad row reported.
    const long = qi.sequelize.getDialect() === 'sqlite' ? DataTypes.TEXT : DataTypes.TEXT('medium');
    await createTable(qi, 'import_jobs', {
      id,
      kind: { type: DataTypes.STRING(20), allowNull: false },
      committee_id: ref('committees', true, 'CASCADE'),
      account_id: ref('accounts', false, 'CASCADE'),
      file_name: { type: DataTypes.STRING(255), allowNull: true },
      // queued → validating → applying → done | failed
      status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'queued' },
      total: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      processed: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      errors: { type: long, allowNull: true },
      result: json(true),
      heartbeat_at: { type: DataTypes.DATE, allowNull: true },
      finished_at: { type: DataTypes.DATE, allowNull: true },
      ...timestamps,
    });
    await qi.addIndex('import_jobs', ['account_id']);
  },
  async down(qi) {
    for (const t of ['import_jobs', 'expert_recommendations', 'library_filing_items', 'library_filings', 'expert_profile_log']) await qi.dropTable(t);
    await qi.removeColumn('experts', 'profile_step');
    await qi.removeColumn('experts', 'profile_chain');
  },
};
export default migration;
