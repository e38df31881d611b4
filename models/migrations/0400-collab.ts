import { DataTypes } from 'sequelize';
import { blob, createTable, type Migration } from './helpers';

/**
 * Shared opinion drafts (Yjs). `collab_updates` is an append-only log of Yjs updates per document;
 * loading merges every row, compaction replaces many rows by their merge. `collab_docs` has one row
 * per document: the row every node locks to compact or freeze, and the frozen snapshot. Tickets are
 * single-use, short-lived and stored as a SHA-256 hash only.
 */
const migration: Migration = {
  async up(qi) {
    await createTable(qi, 'collab_docs', {
      name: { type: DataTypes.STRING(191), primaryKey: true, allowNull: false },
      frozen_at: { type: DataTypes.DATE, allowNull: true },
      frozen_text: { type: qi.sequelize.getDialect() === 'sqlite' ? DataTypes.TEXT : DataTypes.TEXT('long'), allowNull: true },
      compacted_at: { type: DataTypes.DATE, allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
      updated_at: { type: DataTypes.DATE, allowNull: false },
    });

    await createTable(qi, 'collab_updates', {
      id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true, allowNull: false },
      doc: { type: DataTypes.STRING(191), allowNull: false },
      data: blob(qi),
      // The node that received the update (or compacted the rows): for tracing, never for logic.
      origin: { type: DataTypes.STRING(64), allowNull: false },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('collab_updates', ['doc', 'id'], { name: 'collab_updates_doc_id' });

    await createTable(qi, 'collab_tickets', {
      ticket_hash: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
      account_id: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'accounts', key: 'id' }, onDelete: 'CASCADE', onUpdate: 'CASCADE' },
      doc: { type: DataTypes.STRING(191), allowNull: false },
      // The access token's version and expiry: a ticket dies with the session that asked for it.
      token_version: { type: DataTypes.INTEGER, allowNull: false },
      token_expires_at: { type: DataTypes.DATE, allowNull: false },
      expires_at: { type: DataTypes.DATE, allowNull: false },
      used_at: { type: DataTypes.DATE, allowNull: true },
      created_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('collab_tickets', ['expires_at'], { name: 'collab_tickets_expires' });
    await qi.addIndex('collab_tickets', ['account_id'], { name: 'collab_tickets_account' });
  },

  async down(qi) {
    await qi.dropTable('collab_tickets');
    await qi.dropTable('collab_updates');
    await qi.dropTable('collab_docs');
  },
};

export default migration;
