import { DataTypes } from 'sequelize';
import { createTable, id, json, ref, timestamps, type Migration } from './helpers';

/**
 * The review meeting's core (issue 4 setup, issue 5 live): experts and committee libraries,
 * meetings, groups, the experts and applicants of a meeting, recusals and audited draws.
 * Committees and declarations come from the 01xx migrations.
 */
const migration: Migration = {
  async up(qi) {
    // 专家: the profile behind an expert account; employer drives conflict detection.
    await createTable(qi, 'experts', {
      id,
      account_id: { ...ref('accounts'), unique: true },
      name: { type: DataTypes.STRING(50), allowNull: false },
      id_number: { type: DataTypes.STRING(18), allowNull: false },
      employer_org_id: ref('organisations', true, 'SET NULL'),
      employer_name: { type: DataTypes.STRING(200), allowNull: true },
      series_code: { type: DataTypes.STRING(40), allowNull: true },
      specialties: json(),
      title_level: { type: DataTypes.STRING(16), allowNull: true },
      title_name: { type: DataTypes.STRING(50), allowNull: true },
      phone: { type: DataTypes.STRING(32), allowNull: true },
      profile: json(),
      profile_status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'draft' },
      ...timestamps,
    });
    await qi.addIndex('experts', ['id_number']);
    await qi.addIndex('experts', ['employer_org_id']);

    // 评委会专家库: an expert in a committee's library.
    await createTable(qi, 'committee_experts', {
      id,
      committee_id: ref('committees', false, 'CASCADE'),
      expert_id: ref('experts', false, 'CASCADE'),
      status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'active' },
      added_via: { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'manual' },
      ...timestamps,
    });
    await qi.addIndex('committee_experts', ['committee_id', 'expert_id'], { unique: true, name: 'committee_experts_unique' });

    // 评审会议
    await createTable(qi, 'meetings', {
      id,
      name: { type: DataTypes.STRING(200), allowNull: false },
      owner_org_id: ref('organisations'),
      starts_at: { type: DataTypes.DATE, allowNull: false },
      ends_at: { type: DataTypes.DATE, allowNull: false },
      address: { type: DataTypes.STRING(200), allowNull: true },
      notes: { type: DataTypes.TEXT, allowNull: true },
      // setup → ready (plan approved, standard confirmed) → running → closed
      status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'setup' },
      // blind review, defense, ballot mode, sign-in by, close when all voted …
      options: json(),
      vote_rules: json(),
      plan_kind: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'normal' },
      plan_text: { type: DataTypes.TEXT, allowNull: true },
      plan_status: { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'draft' },
      standard: json(),
      standard_status: { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'draft' },
      created_by_id: ref('accounts', true, 'SET NULL'),
      closed_at: { type: DataTypes.DATE, allowNull: true },
      ...timestamps,
    });
    await qi.addIndex('meetings', ['owner_org_id', 'status']);

    await createTable(qi, 'meeting_committees', {
      meeting_id: { ...ref('meetings', false, 'CASCADE'), primaryKey: true },
      committee_id: { ...ref('committees'), primaryKey: true },
    });
    await createTable(qi, 'meeting_staff', {
      meeting_id: { ...ref('meetings', false, 'CASCADE'), primaryKey: true },
      account_id: { ...ref('accounts'), primaryKey: true },
    });

    // 评议组
    await createTable(qi, 'review_groups', {
      id,
      meeting_id: ref('meetings', false, 'CASCADE'),
      name: { type: DataTypes.STRING(100), allowNull: false },
      specialties: json(),
      size: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 3 },
      room: { type: DataTypes.STRING(100), allowNull: true },
      position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      // setup → distributing → reviewing → leader_confirmed → chair_confirmed
      stage: { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'setup' },
      ...timestamps,
    });
    await qi.addIndex('review_groups', ['meeting_id']);

    // The experts of a meeting: one group at most (unique per meeting), a title for the committee vote.
    await createTable(qi, 'meeting_experts', {
      id,
      meeting_id: ref('meetings', false, 'CASCADE'),
      expert_id: ref('experts'),
      // The login used in the meeting: the expert's own account or a temporary meeting login.
      account_id: ref('accounts'),
      group_id: ref('review_groups', true, 'SET NULL'),
      // chair | vice_chair | member (vote in the committee vote) | reviewer (group work only)
      title: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'member' },
      is_group_leader: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      source: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'manual' },
      draw_id: { type: DataTypes.INTEGER, allowNull: true },
      present: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      signed_in_at: { type: DataTypes.DATE, allowNull: true },
      signed_out_at: { type: DataTypes.DATE, allowNull: true },
      ...timestamps,
    });
    await qi.addIndex('meeting_experts', ['meeting_id', 'expert_id'], { unique: true, name: 'meeting_experts_one_per_meeting' });
    await qi.addIndex('meeting_experts', ['meeting_id', 'account_id'], { unique: true, name: 'meeting_experts_account' });
    await qi.addIndex('meeting_experts', ['group_id']);

    await createTable(qi, 'attendance_log', {
      id,
      meeting_expert_id: ref('meeting_experts', false, 'CASCADE'),
      action: { type: DataTypes.STRING(10), allowNull: false },
      by_account_id: ref('accounts'),
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('attendance_log', ['meeting_expert_id']);

    // The applicants (declarations) of a meeting.
    await createTable(qi, 'meeting_applicants', {
      id,
      meeting_id: ref('meetings', false, 'CASCADE'),
      declaration_id: ref('declarations'),
      group_id: ref('review_groups', true, 'SET NULL'),
      // Shown to experts instead of the name when the meeting reviews blind (盲评).
      blind_code: { type: DataTypes.STRING(16), allowNull: false },
      // Snapshot of the applicant's employer at the time of joining, for conflict detection.
      employer_org_id: ref('organisations', true, 'SET NULL'),
      // waiting → distributed → reviewed → leader_confirmed → chair_confirmed
      stage: { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'waiting' },
      result: { type: DataTypes.STRING(10), allowNull: false, defaultValue: 'pending' },
      result_round_id: { type: DataTypes.INTEGER, allowNull: true },
      position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      ...timestamps,
    });
    await qi.addIndex('meeting_applicants', ['meeting_id', 'declaration_id'], { unique: true, name: 'meeting_applicants_unique' });
    await qi.addIndex('meeting_applicants', ['meeting_id', 'blind_code'], { unique: true, name: 'meeting_applicants_blind_code' });
    await qi.addIndex('meeting_applicants', ['group_id']);

    // 回避 (Art. 25): found (same employer), declared, or ordered by the office.
    await createTable(qi, 'recusals', {
      id,
      meeting_id: ref('meetings', false, 'CASCADE'),
      expert_id: ref('experts'),
      meeting_applicant_id: ref('meeting_applicants', false, 'CASCADE'),
      reason: { type: DataTypes.STRING(16), allowNull: false },
      note: { type: DataTypes.STRING(500), allowNull: true },
      created_by_id: ref('accounts', true, 'SET NULL'),
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('recusals', ['meeting_id', 'expert_id', 'meeting_applicant_id'], { unique: true, name: 'recusals_unique' });

    // Every random or entrusted draw, with the seed and inputs, so it can be repeated and audited.
    await createTable(qi, 'expert_draws', {
      id,
      meeting_id: ref('meetings', false, 'CASCADE'),
      kind: { type: DataTypes.STRING(16), allowNull: false },
      seed: { type: DataTypes.STRING(64), allowNull: false },
      params: json(),
      result: json(),
      drawn_by_id: ref('accounts', true, 'SET NULL'),
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
  },
  async down(qi) {
    for (const t of [
      'expert_draws',
      'recusals',
      'meeting_applicants',
      'attendance_log',
      'meeting_experts',
      'review_groups',
      'meeting_staff',
      'meeting_committees',
      'meetings',
      'committee_experts',
      'experts',
    ]) {
      await qi.dropTable(t);
    }
  },
};
export default migration;
