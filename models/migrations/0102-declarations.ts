import { DataTypes } from 'sequelize';
import { createTable, id, json, ref, timestamps, type Migration } from './helpers';

/**
 * 职称申报 (DESIGN §6–7): the declaration, its sections (each saved on its own), uploaded files,
 * the flow log (流转日志), the blacklist and reviewers' common opinions.
 */
const migration: Migration = {
  async up(qi) {
    await createTable(qi, 'declarations', {
      id,
      year: { type: DataTypes.INTEGER, allowNull: false },
      applicant_account_id: ref('accounts'),
      // The person, across their yearly accounts: one declaration per ID number per year.
      id_number: { type: DataTypes.STRING(18), allowNull: false },
      applicant_name: { type: DataTypes.STRING(100), allowNull: false },
      // The employer (申报单位); changes only through a transfer.
      org_id: ref('organisations'),
      series_code: { type: DataTypes.STRING(40), allowNull: false },
      level: { type: DataTypes.STRING(16), allowNull: false },
      qualification_id: ref('title_qualifications'),
      specialty_id: ref('title_specialties', true),
      route: { type: DataTypes.STRING(16), allowNull: false },
      decl_type: { type: DataTypes.STRING(20), allowNull: false },
      // Position: status, and where it waits (org + step) while someone must act.
      status: { type: DataTypes.STRING(24), allowNull: false },
      step: { type: DataTypes.STRING(20), allowNull: true },
      current_org_id: ref('organisations', true),
      // Org ids from the employer to where review ends, fixed at submit.
      path: json(),
      committee_id: ref('committees', true),
      // Returned after failing the policy check: the resubmission goes from the unit straight to the second check.
      policy_resubmit: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      // The first policy check's result and opinion: { result, opinion, by, at }.
      policy_first: json(true),
      // The position before the last forward move, so that step may recall (撤回) it.
      prev_position: json(true),
      // Bumped on every change; a reviewer may send the version they saw.
      version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
      // The last flow-log seq, kept on the locked row so the next entry needs no MAX() query.
      flow_seq: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      submitted_at: { type: DataTypes.DATE, allowNull: true },
      ...timestamps,
    });
    await qi.addIndex('declarations', ['id_number', 'year'], { unique: true, name: 'declarations_person_year' });
    await qi.addIndex('declarations', ['applicant_account_id']);
    await qi.addIndex('declarations', ['current_org_id', 'step', 'status']);
    await qi.addIndex('declarations', ['org_id', 'year', 'series_code', 'level']);
    await qi.addIndex('declarations', ['committee_id', 'status']);

    // One row per section; `data` is the section's validated JSON.
    await createTable(qi, 'declaration_sections', {
      id,
      declaration_id: ref('declarations', false, 'CASCADE'),
      section_key: { type: DataTypes.STRING(32), allowNull: false },
      // MEDIUMTEXT on MariaDB (long paper lists); SQLite's TEXT has no size.
      data: { type: qi.sequelize.getDialect() === 'sqlite' ? DataTypes.TEXT : DataTypes.TEXT('medium'), allowNull: false },
      ...timestamps,
    });
    await qi.addIndex('declaration_sections', ['declaration_id', 'section_key'], { unique: true, name: 'declaration_sections_key' });

    // Uploaded files; the bytes live under DATA_DIR/files by SHA-256, outside the web root.
    await createTable(qi, 'files', {
      id,
      sha256: { type: DataTypes.STRING(64), allowNull: false },
      mime: { type: DataTypes.STRING(40), allowNull: false },
      size: { type: DataTypes.INTEGER, allowNull: false },
      original_name: { type: DataTypes.STRING(255), allowNull: false },
      // A declaration's file, or an organisation's (recommendation proof).
      declaration_id: ref('declarations', true, 'CASCADE'),
      org_id: ref('organisations', true, 'CASCADE'),
      purpose: { type: DataTypes.STRING(40), allowNull: false },
      slot: { type: DataTypes.STRING(64), allowNull: true },
      uploaded_by_id: ref('accounts'),
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('files', ['declaration_id']);
    await qi.addIndex('files', ['org_id']);
    await qi.addIndex('files', ['sha256']);

    // 流转日志: append-only; what the applicant reads as a timeline.
    await createTable(qi, 'declaration_flow', {
      id,
      declaration_id: ref('declarations', false, 'CASCADE'),
      seq: { type: DataTypes.INTEGER, allowNull: false },
      action: { type: DataTypes.STRING(32), allowNull: false },
      actor_account_id: ref('accounts', true, 'SET NULL'),
      actor_name: { type: DataTypes.STRING(100), allowNull: false },
      actor_role: { type: DataTypes.STRING(24), allowNull: false },
      org_id: ref('organisations', true, 'SET NULL'),
      org_name: { type: DataTypes.STRING(200), allowNull: true },
      step: { type: DataTypes.STRING(20), allowNull: true },
      from_status: { type: DataTypes.STRING(24), allowNull: false },
      to_status: { type: DataTypes.STRING(24), allowNull: false },
      opinion: { type: DataTypes.TEXT, allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('declaration_flow', ['declaration_id', 'seq'], { unique: true, name: 'declaration_flow_seq' });

    // 黑名单: by ID number, for 1, 3 or 5 years (seed 002 七, seed 003 §1.21).
    await createTable(qi, 'blacklist_entries', {
      id,
      id_number: { type: DataTypes.STRING(18), allowNull: false },
      name: { type: DataTypes.STRING(100), allowNull: false },
      declaration_id: ref('declarations', true, 'SET NULL'),
      org_id: ref('organisations'),
      years: { type: DataTypes.INTEGER, allowNull: false },
      starts_at: { type: DataTypes.DATE, allowNull: false },
      ends_at: { type: DataTypes.DATE, allowNull: false },
      reason: { type: DataTypes.TEXT, allowNull: true },
      lifted_at: { type: DataTypes.DATE, allowNull: true },
      lifted_by_id: ref('accounts', true, 'SET NULL'),
      lift_reason: { type: DataTypes.STRING(500), allowNull: true },
      created_by_id: ref('accounts', true, 'SET NULL'),
      ...timestamps,
    });
    await qi.addIndex('blacklist_entries', ['id_number']);

    // 常用意见: a reviewer's saved opinions.
    await createTable(qi, 'common_opinions', {
      id,
      account_id: ref('accounts', false, 'CASCADE'),
      text: { type: DataTypes.STRING(500), allowNull: false },
      position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      ...timestamps,
    });
    await qi.addIndex('common_opinions', ['account_id']);
  },
  async down(qi) {
    for (const t of ['common_opinions', 'blacklist_entries', 'declaration_flow', 'files', 'declaration_sections', 'declarations']) {
      await qi.dropTable(t);
    }
  },
};
export default migration;
