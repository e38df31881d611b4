import { DataTypes } from 'sequelize';
import { createTable, id, json, ref, timestamps, type Migration } from './helpers';

/**
 * 职称树 (DESIGN §5, seed 003 §1.1–1.2): series → level → qualification name, and each series'
 * specialty tree; 审核路径 (seed 003 §1.4–1.8): where review ends for a level and route.
 * Reference rows come in 0104.
 */
const migration: Migration = {
  async up(qi) {
    // 系列. `code` is stable: accounts' seriesScope, committees and declarations hold it.
    await createTable(qi, 'title_series', {
      id,
      code: { type: DataTypes.STRING(40), allowNull: false, unique: true },
      name: { type: DataTypes.STRING(50), allowNull: false },
      // The levels this series has (e.g. 会计 has no 员级), in order.
      levels: json(),
      // 申报基础材料: [{ key, name, required }]; the required ones are checked at submit.
      required_materials: json(),
      position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'active' },
      ...timestamps,
    });

    // 资格名称 (教授, 副主任医师, 高级工程师 …), one level each.
    await createTable(qi, 'title_qualifications', {
      id,
      series_id: ref('title_series'),
      level: { type: DataTypes.STRING(16), allowNull: false },
      name: { type: DataTypes.STRING(50), allowNull: false },
      position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'active' },
      ...timestamps,
    });
    await qi.addIndex('title_qualifications', ['series_id', 'name'], { unique: true, name: 'title_qualifications_series_name' });

    // 专业: a tree per series (parent_id), with the series' own codes.
    await createTable(qi, 'title_specialties', {
      id,
      series_id: ref('title_series'),
      parent_id: ref('title_specialties', true),
      code: { type: DataTypes.STRING(40), allowNull: false },
      name: { type: DataTypes.STRING(100), allowNull: false },
      position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'active' },
      ...timestamps,
    });
    await qi.addIndex('title_specialties', ['series_id', 'code'], { unique: true, name: 'title_specialties_series_code' });
    await qi.addIndex('title_specialties', ['parent_id']);

    // 审核路径: per level and route, optionally per series ('*' = every series). A declaration copies
    // its path at submit, so editing a path never moves declarations already on their way.
    await createTable(qi, 'review_paths', {
      id,
      series_code: { type: DataTypes.STRING(40), allowNull: false, defaultValue: '*' },
      level: { type: DataTypes.STRING(16), allowNull: false },
      route: { type: DataTypes.STRING(16), allowNull: false },
      ends_at: { type: DataTypes.STRING(16), allowNull: false },
      // Org kinds on the way up that do not review (e.g. ['talent_centre']); never the employer or the end.
      skip_kinds: json(),
      note: { type: DataTypes.STRING(500), allowNull: true },
      ...timestamps,
    });
    await qi.addIndex('review_paths', ['series_code', 'level', 'route'], { unique: true, name: 'review_paths_key' });
  },
  async down(qi) {
    for (const t of ['review_paths', 'title_specialties', 'title_qualifications', 'title_series']) await qi.dropTable(t);
  },
};
export default migration;
