import { DataTypes } from 'sequelize';
import { createTable, id, ref, timestamps, type Migration } from './helpers';

/**
 * 评委会 beyond the minimal record of 0101 (seed 003 §1.10: 维护组建单位, 维护缴费标准; DESIGN §11:
 * 委托评审): founding units, fee items, and commissions from units without a committee of their own.
 */
const migration: Migration = {
  async up(qi) {
    // 组建单位: a known organisation or only a name and a unified credit code (seed 003).
    await createTable(qi, 'committee_founding_units', {
      id,
      committee_id: ref('committees', false, 'CASCADE'),
      org_id: ref('organisations', true, 'SET NULL'),
      name: { type: DataTypes.STRING(200), allowNull: false },
      credit_code: { type: DataTypes.STRING(18), allowNull: true },
      position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      ...timestamps,
    });
    await qi.addIndex('committee_founding_units', ['committee_id']);

    // 缴费标准: money in fen (分), never a float.
    await createTable(qi, 'committee_fee_items', {
      id,
      committee_id: ref('committees', false, 'CASCADE'),
      item: { type: DataTypes.STRING(100), allowNull: false },
      amount_fen: { type: DataTypes.INTEGER, allowNull: false },
      note: { type: DataTypes.STRING(200), allowNull: true },
      position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      ...timestamps,
    });
    await qi.addIndex('committee_fee_items', ['committee_id']);

    // 委托评审 (Art. 28): a unit without a committee asks this committee to review its applicants for a year.
    await createTable(qi, 'committee_commissions', {
      id,
      committee_id: ref('committees', false, 'CASCADE'),
      org_id: ref('organisations'),
      year: { type: DataTypes.INTEGER, allowNull: false },
      // pending → accepted | refused; withdrawn by the asking unit while pending
      status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'pending' },
      note: { type: DataTypes.STRING(500), allowNull: true },
      opinion: { type: DataTypes.STRING(500), allowNull: true },
      requested_by_id: ref('accounts', true, 'SET NULL'),
      decided_by_id: ref('accounts', true, 'SET NULL'),
      decided_at: { type: DataTypes.DATE, allowNull: true },
      ...timestamps,
    });
    await qi.addIndex('committee_commissions', ['committee_id', 'org_id', 'year']);
    await qi.addIndex('committee_commissions', ['org_id']);
  },
  async down(qi) {
    for (const t of ['committee_commissions', 'committee_fee_items', 'committee_founding_units']) await qi.dropTable(t);
  },
};
export default migration;
