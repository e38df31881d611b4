import { DataTypes } from 'sequelize';
import { createTable, id, json, ref, timestamps, type Migration } from './helpers';

/**
 * The live meeting (issue 5): who reviews whom and their scores and opinions; vote rounds with
 * their roll, voters and ballots. A secret ballot is stored with no reference to its voter: the
 * voter table says who has voted (to stop a second sheet), the sheet table says what was voted,
 * and nothing joins the two. Sheet ids are random, not sequential, and carry no time.
 */
const migration: Migration = {
  async up(qi) {
    // 分发: a material given to an expert, as main (主审) or secondary reviewer.
    await createTable(qi, 'assignments', {
      id,
      meeting_applicant_id: ref('meeting_applicants', false, 'CASCADE'),
      meeting_expert_id: ref('meeting_experts', false, 'CASCADE'),
      role: { type: DataTypes.STRING(10), allowNull: false },
      // assigned → draft → final ("finish review")
      state: { type: DataTypes.STRING(10), allowNull: false, defaultValue: 'assigned' },
      scores: json(),
      opinions: json(),
      total_score: { type: DataTypes.DECIMAL(6, 2), allowNull: true },
      // A secondary reviewer confirms or disputes the main reviewer's score.
      verdict: { type: DataTypes.STRING(10), allowNull: true },
      verdict_reason: { type: DataTypes.STRING(500), allowNull: true },
      finalized_at: { type: DataTypes.DATE, allowNull: true },
      ...timestamps,
    });
    await qi.addIndex('assignments', ['meeting_applicant_id', 'meeting_expert_id'], { unique: true, name: 'assignments_unique' });
    await qi.addIndex('assignments', ['meeting_expert_id']);

    // 表决轮次: a group vote or a committee vote; a re-vote is a new round, earlier ones stay.
    await createTable(qi, 'vote_rounds', {
      id,
      meeting_id: ref('meetings', false, 'CASCADE'),
      group_id: ref('review_groups', true, 'CASCADE'),
      kind: { type: DataTypes.STRING(10), allowNull: false },
      number: { type: DataTypes.INTEGER, allowNull: false },
      // open → closed → confirmed; or sent_back by a supervisor
      status: { type: DataTypes.STRING(12), allowNull: false },
      mode: { type: DataTypes.STRING(8), allowNull: false },
      rules: json(),
      // Committee (or group) size at launch, and the experts present then (the roll).
      members: { type: DataTypes.INTEGER, allowNull: false },
      present: { type: DataTypes.INTEGER, allowNull: false },
      close_when_all_voted: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      launched_by_id: ref('accounts'),
      opened_at: { type: DataTypes.DATE, allowNull: false },
      closed_by_id: ref('accounts', true),
      closed_at: { type: DataTypes.DATE, allowNull: true },
      confirmed_by_id: ref('accounts', true),
      confirmed_at: { type: DataTypes.DATE, allowNull: true },
      // SHA-256 over the round's ballots at close: any later change to a ballot shows.
      digest: { type: DataTypes.STRING(64), allowNull: true },
      sent_back_by_id: ref('accounts', true),
      sent_back_at: { type: DataTypes.DATE, allowNull: true },
      sent_back_reason: { type: DataTypes.STRING(500), allowNull: true },
      ...timestamps,
    });
    await qi.addIndex('vote_rounds', ['meeting_id', 'kind', 'group_id', 'number'], { unique: true, name: 'vote_rounds_number' });

    // The applicants a round decides, each with its own eligible roll (present minus recused).
    await createTable(qi, 'round_items', {
      id,
      round_id: ref('vote_rounds', false, 'CASCADE'),
      meeting_applicant_id: ref('meeting_applicants', false, 'CASCADE'),
      excluded: json(),
      eligible: { type: DataTypes.INTEGER, allowNull: false },
      yes: { type: DataTypes.INTEGER, allowNull: true },
      no: { type: DataTypes.INTEGER, allowNull: true },
      abstain: { type: DataTypes.INTEGER, allowNull: true },
      passed: { type: DataTypes.BOOLEAN, allowNull: true },
    });
    await qi.addIndex('round_items', ['round_id', 'meeting_applicant_id'], { unique: true, name: 'round_items_unique' });

    // The roll snapshotted at launch: only these experts may vote in the round (no proxy, no late vote).
    await createTable(qi, 'round_roll', {
      round_id: { ...ref('vote_rounds', false, 'CASCADE'), primaryKey: true },
      meeting_expert_id: { ...ref('meeting_experts', false, 'CASCADE'), primaryKey: true },
    });

    // Who has voted: stops a second sheet; carries the client's idempotency key and the answer.
    await createTable(qi, 'round_voters', {
      id,
      round_id: ref('vote_rounds', false, 'CASCADE'),
      meeting_expert_id: ref('meeting_experts', false, 'CASCADE'),
      idempotency_key: { type: DataTypes.STRING(64), allowNull: false },
      voted_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('round_voters', ['round_id', 'meeting_expert_id'], { unique: true, name: 'round_voters_once' });
    await qi.addIndex('round_voters', ['round_id', 'idempotency_key'], { unique: true, name: 'round_voters_key' });

    // What was voted. No voter, no time, a random id.
    await createTable(qi, 'ballot_sheets', {
      id: { type: DataTypes.STRING(32), primaryKey: true, allowNull: false },
      round_id: ref('vote_rounds', false, 'CASCADE'),
    });
    await qi.addIndex('ballot_sheets', ['round_id']);
    await createTable(qi, 'ballots', {
      sheet_id: { type: DataTypes.STRING(32), allowNull: false, primaryKey: true, references: { model: 'ballot_sheets', key: 'id' }, onDelete: 'CASCADE' },
      meeting_applicant_id: { ...ref('meeting_applicants', false, 'CASCADE'), primaryKey: true },
      choice: { type: DataTypes.STRING(8), allowNull: false },
    });

    // Only in a named (记名) round: which expert cast which sheet.
    await createTable(qi, 'named_sheet_voters', {
      sheet_id: { type: DataTypes.STRING(32), allowNull: false, primaryKey: true, references: { model: 'ballot_sheets', key: 'id' }, onDelete: 'CASCADE' },
      meeting_expert_id: ref('meeting_experts', false, 'CASCADE'),
    });
  },
  async down(qi) {
    for (const t of ['named_sheet_voters', 'ballots', 'ballot_sheets', 'round_voters', 'round_roll', 'round_items', 'vote_rounds', 'assignments']) {
      await qi.dropTable(t);
    }
  },
};
export default migration;
