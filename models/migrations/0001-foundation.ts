import { DataTypes } from 'sequelize';
import { createTable, id, json, ref, timestamps, type Migration } from './helpers';

const migration: Migration = {
  async up(qi) {
    await createTable(qi, 'organisations', {
      id,
      code: { type: DataTypes.STRING(40), allowNull: false, unique: true },
      parent_id: ref('organisations', true),
      name: { type: DataTypes.STRING(200), allowNull: false },
      kind: { type: DataTypes.STRING(32), allowNull: false },
      category: { type: DataTypes.STRING(32), allowNull: false },
      level: { type: DataTypes.STRING(16), allowNull: true },
      status: { type: DataTypes.STRING(24), allowNull: false },
      profile: json(),
      status_reason: { type: DataTypes.TEXT, allowNull: true },
      pending_parent_id: ref('organisations', true, 'SET NULL'),
      ...timestamps,
    });
    await qi.addIndex('organisations', ['parent_id']);
    await qi.addIndex('organisations', ['pending_parent_id']);

    await createTable(qi, 'accounts', {
      id,
      username: { type: DataTypes.STRING(64), allowNull: false },
      // 0 for accounts that live across years; the year for applicant accounts (one per person per year).
      login_year: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      password_hash: { type: DataTypes.STRING(255), allowNull: false },
      role: { type: DataTypes.STRING(24), allowNull: false },
      staff_kind: { type: DataTypes.STRING(16), allowNull: true },
      org_id: ref('organisations'),
      name: { type: DataTypes.STRING(100), allowNull: false },
      id_number: { type: DataTypes.STRING(18), allowNull: true },
      phone: { type: DataTypes.STRING(32), allowNull: true },
      permissions: json(),
      series_scope: json(),
      specialty_scope: json(),
      must_change_password: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      failed_logins: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      locked_at: { type: DataTypes.DATE, allowNull: true },
      disabled_at: { type: DataTypes.DATE, allowNull: true },
      expires_at: { type: DataTypes.DATE, allowNull: true },
      token_version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      last_login_at: { type: DataTypes.DATE, allowNull: true },
      created_by_id: ref('accounts', true, 'SET NULL'),
      ...timestamps,
    });
    await qi.addIndex('accounts', ['username', 'login_year'], { unique: true, name: 'accounts_username_year' });
    await qi.addIndex('accounts', ['org_id', 'role']);
    await qi.addIndex('accounts', ['id_number']);

    await createTable(qi, 'refresh_tokens', {
      id,
      account_id: ref('accounts', false, 'CASCADE'),
      token_hash: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      family_id: { type: DataTypes.STRING(36), allowNull: false },
      expires_at: { type: DataTypes.DATE, allowNull: false },
      used_at: { type: DataTypes.DATE, allowNull: true },
      revoked_at: { type: DataTypes.DATE, allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('refresh_tokens', ['account_id']);
    await qi.addIndex('refresh_tokens', ['family_id']);

    // Per-room sequence numbers and the announcement log: written in the same transaction as the
    // change they announce, so the database decides the order and a client can detect a gap.
    await createTable(qi, 'room_counters', {
      room: { type: DataTypes.STRING(191), primaryKey: true, allowNull: false },
      seq: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    });
    await createTable(qi, 'room_events', {
      id,
      room: { type: DataTypes.STRING(191), allowNull: false },
      seq: { type: DataTypes.INTEGER, allowNull: false },
      name: { type: DataTypes.STRING(64), allowNull: false },
      payload: json(),
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('room_events', ['room', 'seq'], { unique: true, name: 'room_events_room_seq' });
  },
  async down(qi) {
    for (const t of ['room_events', 'room_counters', 'refresh_tokens', 'accounts', 'organisations']) await qi.dropTable(t);
  },
};
export default migration;
