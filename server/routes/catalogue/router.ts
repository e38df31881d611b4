import { z } from 'zod';
import type { Transaction } from 'sequelize';
import type { Actor } from '../../policies';
import { ReviewPath, TitleQualification, TitleSeries, TitleSpecialty } from '../../../models';
import { idParams, type Routes } from '../../http/route';
import { inTransaction } from '../../tx';
import { notFound } from '../../errors';
import { LEVEL_LABELS, PATH_END_LABELS, ROUTE_LABELS } from '../../domain/titles';
import {
  createQualification,
  createReviewPath,
  createSeries,
  createSpecialty,
  deleteQualification,
  deleteReviewPath,
  deleteSpecialty,
  updateQualification,
  updateReviewPath,
  updateSeries,
  updateSpecialty,
} from '../../commands/declarations/catalogue';
import {
  catalogueQuery,
  qualificationBody,
  qualificationPatch,
  qualificationView,
  reviewPathBody,
  reviewPathPatch,
  reviewPathView,
  seriesBody,
  seriesCodeParams,
  seriesPatch,
  seriesView,
  specialtyBody,
  specialtyPatch,
  specialtyView,
} from './schema';

const presentQualification = (q: TitleQualification) => ({ id: q.id, level: q.level, name: q.name, position: q.position, status: q.status });
const presentSpecialty = (s: TitleSpecialty) => ({ id: s.id, parentId: s.parentId ?? null, code: s.code, name: s.name, position: s.position, status: s.status });

/** 职称树: series → level → qualification names, and the series' specialty tree. */
async function presentSeries(list: TitleSeries[], includeDisabled: boolean) {
  const ids = list.map((s) => s.id);
  const active = includeDisabled ? {} : { status: 'active' };
  const [quals, specs] = await Promise.all([
    TitleQualification.findAll({ where: { seriesId: ids, ...active }, order: [['position', 'ASC'], ['id', 'ASC']] }),
    TitleSpecialty.findAll({ where: { seriesId: ids, ...active }, order: [['position', 'ASC'], ['id', 'ASC']] }),
  ]);
  return list.map((s) => ({
    id: s.id,
    code: s.code,
    name: s.name,
    levels: s.levels.map((level) => ({ level, name: LEVEL_LABELS[level], qualifications: quals.filter((q) => q.seriesId === s.id && q.level === level).map(presentQualification) })),
    specialties: specs.filter((x) => x.seriesId === s.id).map(presentSpecialty),
    requiredMaterials: s.requiredMaterials,
    position: s.position,
    status: s.status,
  }));
}

const presentPath = (p: ReviewPath) => ({
  id: p.id,
  seriesCode: p.seriesCode,
  level: p.level,
  levelName: LEVEL_LABELS[p.level],
  route: p.route,
  routeName: ROUTE_LABELS[p.route],
  endsAt: p.endsAt,
  endsAtName: PATH_END_LABELS[p.endsAt],
  skipKinds: p.skipKinds,
  note: p.note ?? null,
});

export function registerCatalogueRoutes(r: Routes) {
  r.add({
    method: 'get',
    path: '/catalogue',
    summary: 'The title catalogue (职称树): every series with levels, qualification names, specialties and required materials',
    tags: ['catalogue'],
    needs: 'signedIn',
    query: catalogueQuery,
    response: z.object({ items: z.array(seriesView) }),
    async handler({ query }) {
      const include = query.includeDisabled === 'true';
      const list = await TitleSeries.findAll({ where: include ? {} : { status: 'active' }, order: [['position', 'ASC'], ['id', 'ASC']] });
      return { items: await presentSeries(list, include) };
    },
  });

  r.add({
    method: 'get',
    path: '/catalogue/series/:code',
    summary: 'One series by its code',
    tags: ['catalogue'],
    needs: 'signedIn',
    params: seriesCodeParams,
    response: seriesView,
    async handler({ params }) {
      const s = await TitleSeries.findOne({ where: { code: params.code } });
      if (!s) throw notFound('series');
      return (await presentSeries([s], true))[0];
    },
  });

  r.add({
    method: 'post',
    path: '/catalogue/series',
    summary: 'Add a series (province office)',
    tags: ['catalogue'],
    needs: 'catalogue:edit',
    body: seriesBody,
    response: seriesView,
    status: 201,
    async handler({ actor, body }) {
      const s = await inTransaction((t) => createSeries(actor, body, t));
      return (await presentSeries([s], true))[0];
    },
  });

  r.add({
    method: 'patch',
    path: '/catalogue/series/:id',
    summary: 'Edit a series: name, levels, required base materials, order, or disable it',
    tags: ['catalogue'],
    needs: 'catalogue:edit',
    params: idParams,
    body: seriesPatch,
    response: seriesView,
    async handler({ actor, params, body }) {
      const s = await inTransaction((t) => updateSeries(actor, params.id, body, t));
      return (await presentSeries([s], true))[0];
    },
  });

  const crud = [
    ['qualifications', qualificationBody, qualificationPatch, qualificationView, createQualification, updateQualification, deleteQualification, presentQualification],
    ['specialties', specialtyBody, specialtyPatch, specialtyView, createSpecialty, updateSpecialty, deleteSpecialty, presentSpecialty],
  ] as const;
  for (const [name, body, patch, view, createFn, updateFn, remove, presentFn] of crud) {
    // The two resources share one shape; the tuple's union types are widened once here.
    const create = createFn as unknown as (a: Actor, b: unknown, t: Transaction) => Promise<never>;
    const update = updateFn as unknown as (a: Actor, id: number, b: unknown, t: Transaction) => Promise<never>;
    const present = presentFn as unknown as (x: never) => z.infer<typeof view>;
    r.add({
      method: 'post',
      path: `/catalogue/${name}`,
      summary: `Add to ${name} (province office)`,
      tags: ['catalogue'],
      needs: 'catalogue:edit',
      body,
      response: view,
      status: 201,
      async handler({ actor, body: b }) {
        return present(await inTransaction((t) => create(actor, b, t)));
      },
    });
    r.add({
      method: 'patch',
      path: `/catalogue/${name}/:id`,
      summary: `Edit one of ${name}`,
      tags: ['catalogue'],
      needs: 'catalogue:edit',
      params: idParams,
      body: patch,
      response: view,
      async handler({ actor, params, body: b }) {
        return present(await inTransaction((t) => update(actor, params.id, b, t)));
      },
    });
    r.add({
      method: 'delete',
      path: `/catalogue/${name}/:id`,
      summary: `Delete one of ${name} (409 in_use when a declaration refers to it: disable it instead)`,
      tags: ['catalogue'],
      needs: 'catalogue:edit',
      params: idParams,
      async handler({ actor, params }) {
        await inTransaction((t) => remove(actor, params.id, t));
      },
    });
  }

  r.add({
    method: 'get',
    path: '/review-paths',
    summary: 'Review paths (审核路径): where review ends per level and route (series "*" = every series)',
    tags: ['catalogue'],
    needs: 'signedIn',
    response: z.object({ items: z.array(reviewPathView) }),
    async handler() {
      const rows = await ReviewPath.findAll({ order: [['seriesCode', 'ASC'], ['route', 'ASC'], ['level', 'ASC']] });
      return { items: rows.map(presentPath) };
    },
  });

  r.add({
    method: 'post',
    path: '/review-paths',
    summary: 'Add a review path (province office)',
    tags: ['catalogue'],
    needs: 'reviewPath:edit',
    body: reviewPathBody,
    response: reviewPathView,
    status: 201,
    async handler({ actor, body }) {
      return presentPath(await inTransaction((t) => createReviewPath(actor, body, t)));
    },
  });

  r.add({
    method: 'patch',
    path: '/review-paths/:id',
    summary: 'Change where a path ends or which org kinds it skips; declarations already submitted keep their path',
    tags: ['catalogue'],
    needs: 'reviewPath:edit',
    params: idParams,
    body: reviewPathPatch,
    response: reviewPathView,
    async handler({ actor, params, body }) {
      return presentPath(await inTransaction((t) => updateReviewPath(actor, params.id, body, t)));
    },
  });

  r.add({
    method: 'delete',
    path: '/review-paths/:id',
    summary: 'Delete a review path',
    tags: ['catalogue'],
    needs: 'reviewPath:edit',
    params: idParams,
    async handler({ actor, params }) {
      await inTransaction((t) => deleteReviewPath(actor, params.id, t));
    },
  });
}
