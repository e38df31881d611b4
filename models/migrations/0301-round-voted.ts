import { DataTypes } from 'sequelize';
import type { Migration } from './helpers';

/**
 * How many sheets a round has counted, kept on the round row, so a ballot no longer counts the
 * voter table (and the count doubles as the check that the round is still open).
 */
const migration: Migration = {
  async up(qi) {
    await qi.addColumn('vote_rounds', 'voted', { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });
  },
  async down(qi) {
    await qi.removeColumn('vote_rounds', 'voted');
  },
};
export default migration;
