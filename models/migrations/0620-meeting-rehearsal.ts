import { DataTypes } from 'sequelize';
import type { Migration } from './helpers';

/**
 * 演练 (rehearsal): a copy of a meeting made to practise on (or to run the demo again) points at the
 * meeting it rehearses. A rehearsal holds the same declarations as a real meeting without counting
 * as their open meeting, and its results can never be published (after/publicity refuses).
 */
const migration: Migration = {
  async up(qi) {
    await qi.addColumn('meetings', 'rehearsal_of_id', { type: DataTypes.INTEGER, allowNull: true, defaultValue: null });
  },
  async down(qi) {
    await qi.removeColumn('meetings', 'rehearsal_of_id');
  },
};
export default migration;
