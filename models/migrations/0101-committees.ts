import { DataTypes } from 'sequelize';
import { createTable, id, json, ref, timestamps, type Migration } from './helpers';

/**
 * 评委会, minimal (DESIGN §8, seed 001 三, seed 003 §1.10): what declarations need to be assigned,
 * received and policy-checked. The meeting setup (02xx) adds founding units, fee items, the expert
 * library and meetings in tables of its own that reference `committees.id`; add columns here only
 * through a new migration.
 */
const migration: Migration = {
  async up(qi) {
    await createTable(qi, 'committees', {
      id,
      // 评委会编码: the committees' own numbering, not an organisation code.
      code: { type: DataTypes.STRING(40), allowNull: false, unique: true },
      name: { type: DataTypes.STRING(200), allowNull: false },
      series_code: { type: DataTypes.STRING(40), allowNull: false },
      // social (社会化评审) | self (自主评审)
      type: { type: DataTypes.STRING(16), allowNull: false },
      // The committee unit (评委会组建单位): an org of kind committee_unit, or a self-evaluating unit.
      owner_org_id: ref('organisations'),
      // Levels it reviews, e.g. ["zhenggao","fugao"].
      levels: json(),
      // Specialty codes of its series it reviews; [] = all.
      specialties: json(),
      // active | disabled (注销)
      status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'active' },
      status_reason: { type: DataTypes.STRING(500), allowNull: true },
      // 材料接收截止时间: no assignment after it.
      material_deadline: { type: DataTypes.DATE, allowNull: true },
      valid_from: { type: DataTypes.DATE, allowNull: true },
      valid_until: { type: DataTypes.DATE, allowNull: true },
      note: { type: DataTypes.TEXT, allowNull: true },
      created_by_id: ref('accounts', true, 'SET NULL'),
      ...timestamps,
    });
    await qi.addIndex('committees', ['owner_org_id']);
    await qi.addIndex('committees', ['series_code', 'status']);
  },
  async down(qi) {
    await qi.dropTable('committees');
  },
};
export default migration;
