import { DataTypes } from 'sequelize';
import { createTable, id, json, ref, timestamps, type Migration } from './helpers';

/**
 * 评审会议 setup (issue 4) beyond 0200: the plan and standard approval log, the office that
 * approves the plan, entrusted draws (委托选取专家), temporary meeting logins, and outside
 * blind-review opinions (盲评意见).
 */
const migration: Migration = {
  async up(qi) {
    // Normal plans go to the office above the committee unit, special plans to the province (seed 003 §1.14).
    await qi.addColumn('meetings', 'plan_office_org_id', { ...ref('organisations', true, 'SET NULL') });

    // Every submit / approve / return / confirm of the plan and the standard, and status moves.
    await createTable(qi, 'meeting_setup_log', {
      id,
      meeting_id: ref('meetings', false, 'CASCADE'),
      // plan | standard | status
      subject: { type: DataTypes.STRING(10), allowNull: false },
      action: { type: DataTypes.STRING(20), allowNull: false },
      actor_account_id: ref('accounts', true, 'SET NULL'),
      actor_name: { type: DataTypes.STRING(100), allowNull: false },
      org_id: ref('organisations', true, 'SET NULL'),
      opinion: { type: DataTypes.STRING(500), allowNull: true },
      // What was submitted or approved, so a later change is visible.
      snapshot: json(true),
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('meeting_setup_log', ['meeting_id', 'subject']);

    // 委托选取专家 (seed 002 五): an office draws experts for a group of someone else's meeting.
    await createTable(qi, 'draw_entrustments', {
      id,
      meeting_id: ref('meetings', false, 'CASCADE'),
      group_id: ref('review_groups', false, 'CASCADE'),
      office_org_id: ref('organisations'),
      needs: json(),
      // pending → done | cancelled
      status: { type: DataTypes.STRING(12), allowNull: false, defaultValue: 'pending' },
      note: { type: DataTypes.STRING(500), allowNull: true },
      draw_id: { type: DataTypes.INTEGER, allowNull: true },
      created_by_id: ref('accounts', true, 'SET NULL'),
      done_by_id: ref('accounts', true, 'SET NULL'),
      done_at: { type: DataTypes.DATE, allowNull: true },
      ...timestamps,
    });
    await qi.addIndex('draw_entrustments', ['office_org_id', 'status']);
    await qi.addIndex('draw_entrustments', ['meeting_id']);

    // 专家登录信息 (seed 002): a login made for one meeting that stops working when it ends.
    await createTable(qi, 'meeting_logins', {
      id,
      meeting_id: ref('meetings', false, 'CASCADE'),
      meeting_expert_id: ref('meeting_experts', false, 'CASCADE'),
      account_id: ref('accounts', false, 'CASCADE'),
      created_by_id: ref('accounts', true, 'SET NULL'),
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('meeting_logins', ['meeting_expert_id'], { unique: true, name: 'meeting_logins_one_per_expert' });
    await qi.addIndex('meeting_logins', ['account_id']);

    // 盲评意见 (seed 004 §6.2.10.2): an outside reviewer's opinion on an applicant, before the meeting.
    await createTable(qi, 'blind_opinions', {
      id,
      meeting_id: ref('meetings', false, 'CASCADE'),
      meeting_applicant_id: ref('meeting_applicants', false, 'CASCADE'),
      // The outside reviewer appears by a code, never by name.
      reviewer_code: { type: DataTypes.STRING(40), allowNull: false },
      // agree | disagree
      conclusion: { type: DataTypes.STRING(10), allowNull: false },
      score: { type: DataTypes.DECIMAL(6, 2), allowNull: true },
      file_id: ref('files', true, 'SET NULL'),
      note: { type: DataTypes.TEXT, allowNull: true },
      uploaded_by_id: ref('accounts', true, 'SET NULL'),
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('blind_opinions', ['meeting_applicant_id', 'reviewer_code'], { unique: true, name: 'blind_opinions_reviewer' });

    // A recorded draw keeps its whole input (the library as it was): more than TEXT's 64 KiB on MariaDB.
    if (qi.sequelize.getDialect() !== 'sqlite') {
      await qi.changeColumn('expert_draws', 'params', { type: DataTypes.TEXT('medium'), allowNull: false });
      await qi.changeColumn('expert_draws', 'result', { type: DataTypes.TEXT('medium'), allowNull: false });
    }
  },
  async down(qi) {
    if (qi.sequelize.getDialect() !== 'sqlite') {
      await qi.changeColumn('expert_draws', 'params', { type: DataTypes.TEXT, allowNull: false });
      await qi.changeColumn('expert_draws', 'result', { type: DataTypes.TEXT, allowNull: false });
    }
    for (const t of ['blind_opinions', 'meeting_logins', 'draw_entrustments', 'meeting_setup_log']) await qi.dropTable(t);
    await qi.removeColumn('meetings', 'plan_office_org_id');
  },
};
export default migration;
