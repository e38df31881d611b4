import { DataTypes } from 'sequelize';
import { createTable, id, json, ref, timestamps, type Migration } from './helpers';

/**
 * After the meeting (issue 7, DESIGN §11): the working-day calendar and settings, the result
 * publicity with public reports and applicants' re-checks/complaints, the filing (备案), issuing
 * units, serial ranges and certificates; the blacklist gains what its management needs.
 */
const day = (allowNull = false) => ({ type: DataTypes.STRING(10), allowNull }) as const;

const migration: Migration = {
  async up(qi) {
    // 节假日与调休: a holiday (放假) or an adjusted workday (调休上班); any other day is what its weekday says.
    await createTable(qi, 'calendar_days', {
      id,
      day: day(),
      kind: { type: DataTypes.STRING(10), allowNull: false },
      name: { type: DataTypes.STRING(50), allowNull: false },
      updated_by_id: ref('accounts', true, 'SET NULL'),
      ...timestamps,
    });
    await qi.addIndex('calendar_days', ['day'], { unique: true, name: 'calendar_days_day' });

    await createTable(qi, 'after_settings', {
      key: { type: DataTypes.STRING(40), primaryKey: true, allowNull: false },
      value: json(),
      updated_by_id: ref('accounts', true, 'SET NULL'),
      updated_at: { type: DataTypes.DATE, allowNull: false },
    });

    // 评审结果公示: one per meeting.
    await createTable(qi, 'result_publicities', {
      id,
      meeting_id: ref('meetings'),
      org_id: ref('organisations'),
      year: { type: DataTypes.INTEGER, allowNull: false },
      title: { type: DataTypes.STRING(200), allowNull: false },
      content: { type: DataTypes.TEXT, allowNull: true },
      starts_on: day(),
      ends_on: day(),
      working_days: { type: DataTypes.INTEGER, allowNull: false },
      // open → completed
      status: { type: DataTypes.STRING(12), allowNull: false, defaultValue: 'open' },
      published_by_id: ref('accounts', true, 'SET NULL'),
      completed_at: { type: DataTypes.DATE, allowNull: true },
      completed_by_id: ref('accounts', true, 'SET NULL'),
      ...timestamps,
    });
    await qi.addIndex('result_publicities', ['meeting_id'], { unique: true, name: 'result_publicities_meeting' });
    await qi.addIndex('result_publicities', ['status', 'ends_on']);
    await qi.addIndex('result_publicities', ['org_id']);

    // One applicant's result; a declaration is published once (unique), whichever meeting decided it.
    await createTable(qi, 'result_items', {
      id,
      publicity_id: ref('result_publicities', false, 'CASCADE'),
      meeting_applicant_id: ref('meeting_applicants'),
      declaration_id: ref('declarations'),
      result: { type: DataTypes.STRING(8), allowNull: false },
      members: { type: DataTypes.INTEGER, allowNull: true },
      eligible: { type: DataTypes.INTEGER, allowNull: true },
      yes: { type: DataTypes.INTEGER, allowNull: true },
      no: { type: DataTypes.INTEGER, allowNull: true },
      abstain: { type: DataTypes.INTEGER, allowNull: true },
      outcome: { type: DataTypes.STRING(12), allowNull: false },
      outcome_note: { type: DataTypes.STRING(500), allowNull: true },
      decided_at: { type: DataTypes.DATE, allowNull: true },
      decided_by_id: ref('accounts', true, 'SET NULL'),
      position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    });
    await qi.addIndex('result_items', ['declaration_id'], { unique: true, name: 'result_items_declaration' });
    await qi.addIndex('result_items', ['publicity_id']);

    // 举报 from the public during the period.
    await createTable(qi, 'result_reports', {
      id,
      publicity_id: ref('result_publicities', false, 'CASCADE'),
      item_id: ref('result_items', false, 'CASCADE'),
      reporter_name: { type: DataTypes.STRING(50), allowNull: true },
      contact: { type: DataTypes.STRING(100), allowNull: true },
      content: { type: DataTypes.TEXT, allowNull: false },
      status: { type: DataTypes.STRING(12), allowNull: false, defaultValue: 'open' },
      handling_opinion: { type: DataTypes.STRING(1000), allowNull: true },
      handled_by_id: ref('accounts', true, 'SET NULL'),
      handled_at: { type: DataTypes.DATE, allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('result_reports', ['publicity_id', 'status']);
    await qi.addIndex('result_reports', ['item_id']);

    // 复查 / 投诉 by the applicant (Art. 27).
    await createTable(qi, 'result_appeals', {
      id,
      item_id: ref('result_items', false, 'CASCADE'),
      applicant_account_id: ref('accounts'),
      kind: { type: DataTypes.STRING(12), allowNull: false },
      content: { type: DataTypes.TEXT, allowNull: false },
      status: { type: DataTypes.STRING(12), allowNull: false, defaultValue: 'submitted' },
      handling_opinion: { type: DataTypes.TEXT, allowNull: true },
      handled_by_id: ref('accounts', true, 'SET NULL'),
      handled_at: { type: DataTypes.DATE, allowNull: true },
      ...timestamps,
    });
    await qi.addIndex('result_appeals', ['item_id']);
    await qi.addIndex('result_appeals', ['applicant_account_id']);

    // 评审工作备案: the committee unit's report up, reviewed by the office above it.
    await createTable(qi, 'filings', {
      id,
      meeting_id: ref('meetings'),
      publicity_id: ref('result_publicities'),
      org_id: ref('organisations'),
      office_org_id: ref('organisations'),
      status: { type: DataTypes.STRING(12), allowNull: false, defaultValue: 'draft' },
      note: { type: DataTypes.TEXT, allowNull: true },
      notice_file_id: ref('files', true, 'SET NULL'),
      list_file_id: ref('files', true, 'SET NULL'),
      explanation_file_id: ref('files', true, 'SET NULL'),
      qualification_file_id: ref('files', true, 'SET NULL'),
      filing_number: { type: DataTypes.STRING(60), allowNull: true },
      filed_on: day(true),
      review_opinion: { type: DataTypes.STRING(1000), allowNull: true },
      reviewed_by_id: ref('accounts', true, 'SET NULL'),
      reviewed_at: { type: DataTypes.DATE, allowNull: true },
      submitted_at: { type: DataTypes.DATE, allowNull: true },
      // [{ action, by, opinion, at }]
      history: json(),
      created_by_id: ref('accounts', true, 'SET NULL'),
      ...timestamps,
    });
    await qi.addIndex('filings', ['meeting_id'], { unique: true, name: 'filings_meeting' });
    await qi.addIndex('filings', ['filing_number'], { unique: true, name: 'filings_number' });
    await qi.addIndex('filings', ['office_org_id', 'status']);

    // 发证单位编码 (seed 003 §1.9).
    await createTable(qi, 'issuing_units', {
      id,
      code: { type: DataTypes.STRING(12), allowNull: false },
      name: { type: DataTypes.STRING(200), allowNull: false },
      org_id: ref('organisations'),
      status: { type: DataTypes.STRING(12), allowNull: false, defaultValue: 'active' },
      cancel_reason: { type: DataTypes.STRING(500), allowNull: true },
      ...timestamps,
    });
    await qi.addIndex('issuing_units', ['code'], { unique: true, name: 'issuing_units_code' });

    // 证书编号库 (seed 003 §1.16): serials start..end of one unit and year; next_serial is the counter.
    await createTable(qi, 'certificate_ranges', {
      id,
      issuing_unit_id: ref('issuing_units'),
      year: { type: DataTypes.INTEGER, allowNull: false },
      start_serial: { type: DataTypes.INTEGER, allowNull: false },
      end_serial: { type: DataTypes.INTEGER, allowNull: false },
      next_serial: { type: DataTypes.INTEGER, allowNull: false },
      created_by_id: ref('accounts', true, 'SET NULL'),
      ...timestamps,
    });
    await qi.addIndex('certificate_ranges', ['issuing_unit_id', 'year']);

    await createTable(qi, 'certificates', {
      id,
      number: { type: DataTypes.STRING(40), allowNull: false },
      verify_code: { type: DataTypes.STRING(16), allowNull: false },
      // idNumber|level while valid, NULL once revoked: one valid certificate per person and level.
      holder_key: { type: DataTypes.STRING(40), allowNull: true },
      status: { type: DataTypes.STRING(10), allowNull: false, defaultValue: 'valid' },
      source: { type: DataTypes.STRING(10), allowNull: false },
      // The office that issued or imported it (search scope).
      org_id: ref('organisations'),
      declaration_id: ref('declarations', true, 'SET NULL'),
      meeting_id: ref('meetings', true, 'SET NULL'),
      filing_id: ref('filings', true, 'SET NULL'),
      issuing_unit_id: ref('issuing_units'),
      range_id: ref('certificate_ranges', true, 'SET NULL'),
      serial: { type: DataTypes.INTEGER, allowNull: true },
      year: { type: DataTypes.INTEGER, allowNull: false },
      id_number: { type: DataTypes.STRING(18), allowNull: false },
      name: { type: DataTypes.STRING(100), allowNull: false },
      employer_name: { type: DataTypes.STRING(200), allowNull: true },
      series_code: { type: DataTypes.STRING(40), allowNull: false },
      series_name: { type: DataTypes.STRING(100), allowNull: false },
      level: { type: DataTypes.STRING(16), allowNull: false },
      qualification_name: { type: DataTypes.STRING(100), allowNull: false },
      specialty_name: { type: DataTypes.STRING(100), allowNull: true },
      committee_name: { type: DataTypes.STRING(200), allowNull: true },
      filing_number: { type: DataTypes.STRING(60), allowNull: true },
      approved_on: day(true),
      issued_on: day(),
      revoke_reason: { type: DataTypes.STRING(500), allowNull: true },
      revoked_at: { type: DataTypes.DATE, allowNull: true },
      revoked_by_id: ref('accounts', true, 'SET NULL'),
      reported_at: { type: DataTypes.DATE, allowNull: true },
      report_batch: { type: DataTypes.STRING(40), allowNull: true },
      issued_by_id: ref('accounts', true, 'SET NULL'),
      ...timestamps,
    });
    await qi.addIndex('certificates', ['number'], { unique: true, name: 'certificates_number' });
    await qi.addIndex('certificates', ['verify_code'], { unique: true, name: 'certificates_verify_code' });
    await qi.addIndex('certificates', ['holder_key'], { unique: true, name: 'certificates_holder' });
    await qi.addIndex('certificates', ['id_number']);
    await qi.addIndex('certificates', ['org_id', 'status']);
    await qi.addIndex('certificates', ['report_batch']);
    await qi.addIndex('certificates', ['declaration_id']);

    // 黑名单管理: who put it there and how (a review step, by hand, a revoked certificate), edits, and
    // whether the public notice (滚动公示) shows it.
    await qi.addColumn('blacklist_entries', 'source', { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'review' });
    await qi.addColumn('blacklist_entries', 'public_notice', { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true });
    await qi.addColumn('blacklist_entries', 'certificate_id', { type: DataTypes.INTEGER, allowNull: true });
    await qi.addColumn('blacklist_entries', 'history', { type: DataTypes.TEXT, allowNull: true });
  },
  async down(qi) {
    for (const c of ['history', 'certificate_id', 'public_notice', 'source']) await qi.removeColumn('blacklist_entries', c);
    for (const t of [
      'certificates',
      'certificate_ranges',
      'issuing_units',
      'filings',
      'result_appeals',
      'result_reports',
      'result_items',
      'result_publicities',
      'after_settings',
      'calendar_days',
    ]) {
      await qi.dropTable(t);
    }
  },
};
export default migration;
