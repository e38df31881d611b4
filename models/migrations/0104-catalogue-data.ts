import { QueryTypes } from 'sequelize';
import type { Migration } from './helpers';
import { COMMON_MATERIALS, DEFAULT_PATHS, SERIES } from './data/catalogue';

const LEVEL_ORDER = ['zhenggao', 'fugao', 'zhongji', 'zhuli', 'yuan'] as const;

/** Reference data every installation needs: the national catalogue and the default review paths. */
const migration: Migration = {
  async up(qi) {
    const now = new Date();
    const stamp = { created_at: now, updated_at: now };
    for (const [i, s] of SERIES.entries()) {
      const levels = LEVEL_ORDER.filter((l) => s.qualifications[l]?.length);
      const materials = [...COMMON_MATERIALS, ...(s.materials ?? [])].map(([key, name, required]) => ({ key, name, required }));
      await qi.bulkInsert('title_series', [
        { code: s.code, name: s.name, levels: JSON.stringify(levels), required_materials: JSON.stringify(materials), position: i, status: 'active', ...stamp },
      ]);
      const [row] = await qi.sequelize.query<{ id: number }>('SELECT id FROM title_series WHERE code = ?', {
        replacements: [s.code],
        type: QueryTypes.SELECT,
      });
      const quals = levels.flatMap((l) => s.qualifications[l]!.map((name, j) => ({ series_id: row.id, level: l, name, position: j, status: 'active', ...stamp })));
      await qi.bulkInsert('title_qualifications', quals);
      await qi.bulkInsert(
        'title_specialties',
        s.specialties.map(([code, name], j) => ({ series_id: row.id, parent_id: null, code, name, position: j, status: 'active', ...stamp })),
      );
    }
    await qi.bulkInsert(
      'review_paths',
      DEFAULT_PATHS.map(([level, route, endsAt]) => ({ series_code: '*', level, route, ends_at: endsAt, skip_kinds: '[]', note: null, ...stamp })),
    );
  },
  async down(qi) {
    for (const t of ['review_paths', 'title_specialties', 'title_qualifications', 'title_series']) await qi.bulkDelete(t, {});
  },
};
export default migration;
