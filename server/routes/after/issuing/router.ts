import { Op } from 'sequelize';
import { z } from 'zod';
import { CertificateRange, IssuingUnit } from '../../../../models';
import { idParams, type Routes } from '../../../http/route';
import { inTransaction } from '../../../tx';
import { authorize, type Actor } from '../../../policies';
import { MAX_SERIAL, certificateNumber } from '../../../domain/after';
import { cancelIssuingUnit, createIssuingUnit, createRange, deleteRange, updateIssuingUnit } from '../../../commands/after/issuing';
import { streamXlsx, XLSX_MIME, type Column } from '../../../exports/xlsx';
import { text } from '../schema';

const unitBody = z.object({ code: z.string().regex(/^\d{2,12}$/, '2–12 digits'), name: text(200) }).strict();
const rangeBody = z
  .object({ year: z.number().int().min(2000).max(2100), startSerial: z.number().int().min(1).max(MAX_SERIAL), endSerial: z.number().int().min(1).max(MAX_SERIAL) })
  .strict();

const rangeView = z.object({ id: z.number(), year: z.number(), startSerial: z.number(), endSerial: z.number(), nextSerial: z.number(), used: z.number(), left: z.number(), firstNumber: z.string(), lastNumber: z.string() });
const unitView = z.object({ id: z.number(), code: z.string(), name: z.string(), status: z.enum(['active', 'cancelled']), cancelReason: z.string().nullable(), ranges: z.array(rangeView) });

function presentUnit(u: IssuingUnit, ranges: CertificateRange[]) {
  return {
    id: u.id,
    code: u.code,
    name: u.name,
    status: u.status as 'active' | 'cancelled',
    cancelReason: u.cancelReason ?? null,
    ranges: ranges
      .filter((r) => r.issuingUnitId === u.id)
      .sort((a, b) => b.year - a.year || a.startSerial - b.startSerial)
      .map((r) => ({
        id: r.id,
        year: r.year,
        startSerial: r.startSerial,
        endSerial: r.endSerial,
        nextSerial: r.nextSerial,
        used: r.nextSerial - r.startSerial,
        left: r.endSerial - r.nextSerial + 1,
        firstNumber: certificateNumber(u.code, r.year, r.startSerial),
        lastNumber: certificateNumber(u.code, r.year, r.endSerial),
      })),
  };
}

async function unitsOf(actor: Actor) {
  authorize(actor, 'issuingUnit:manage', { orgId: actor.orgId });
  const units = await IssuingUnit.findAll({ where: { orgId: actor.orgId }, order: [['status', 'ASC'], ['code', 'ASC']] });
  const ranges = await CertificateRange.findAll({ where: { issuingUnitId: { [Op.in]: units.map((u) => u.id) } } });
  return units.map((u) => presentUnit(u, ranges));
}

export function registerIssuingRoutes(r: Routes) {
  r.add({
    method: 'get',
    path: '/issuing-units',
    summary: '发证单位编码 of my office, with their serial ranges (证书编号库) and how much of each is used',
    tags: ['after'],
    needs: 'issuingUnit:manage',
    response: z.object({ items: z.array(unitView) }),
    async handler({ actor }) {
      return { items: await unitsOf(actor) };
    },
  });

  r.add({
    method: 'get',
    path: '/issuing-units/export',
    summary: 'Issuing units and their ranges as a spreadsheet',
    tags: ['after'],
    needs: 'issuingUnit:manage',
    produces: XLSX_MIME,
    async handler({ actor, res }) {
      type Unit = Awaited<ReturnType<typeof unitsOf>>[number];
      const rows: Array<{ u: Unit; r: Unit['ranges'][number] | null }> = (await unitsOf(actor)).flatMap((u) =>
        u.ranges.length ? u.ranges.map((r) => ({ u, r: r as Unit['ranges'][number] | null })) : [{ u, r: null }],
      );
      const cols: Column<(typeof rows)[number]>[] = [
        { header: '发证单位编码', width: 14, value: (x) => x.u.code },
        { header: '发证单位名称', width: 30, value: (x) => x.u.name },
        { header: '状态', value: (x) => (x.u.status === 'active' ? '有效' : '已注销') },
        { header: '年度', value: (x) => x.r?.year },
        { header: '起始编号', width: 18, value: (x) => x.r?.firstNumber },
        { header: '结束编号', width: 18, value: (x) => x.r?.lastNumber },
        { header: '已用', value: (x) => x.r?.used },
        { header: '剩余', value: (x) => x.r?.left },
      ];
      await streamXlsx(res, '发证单位与证书编号库', '编号库', cols, [rows]);
    },
  });

  r.add({
    method: 'post',
    path: '/issuing-units',
    summary: 'Add an issuing unit (code: digits, unique)',
    tags: ['after'],
    needs: 'issuingUnit:manage',
    body: unitBody,
    response: unitView,
    status: 201,
    async handler({ actor, body }) {
      return presentUnit(await inTransaction((t) => createIssuingUnit(actor, body, t)), []);
    },
  });

  r.add({
    method: 'patch',
    path: '/issuing-units/:id',
    summary: 'Rename an issuing unit (the code never changes: it is in every number)',
    tags: ['after'],
    needs: 'issuingUnit:manage',
    params: idParams,
    body: unitBody.pick({ name: true }),
    response: unitView,
    async handler({ actor, params, body }) {
      const u = await inTransaction((t) => updateIssuingUnit(actor, params.id, body, t));
      return presentUnit(u, await CertificateRange.findAll({ where: { issuingUnitId: u.id } }));
    },
  });

  r.add({
    method: 'post',
    path: '/issuing-units/:id/cancel',
    summary: '注销 an issuing unit, with a reason',
    tags: ['after'],
    needs: 'issuingUnit:manage',
    params: idParams,
    body: z.object({ reason: text(500) }).strict(),
    response: unitView,
    async handler({ actor, params, body }) {
      const u = await inTransaction((t) => cancelIssuingUnit(actor, params.id, body.reason, t));
      return presentUnit(u, await CertificateRange.findAll({ where: { issuingUnitId: u.id } }));
    },
  });

  r.add({
    method: 'post',
    path: '/issuing-units/:id/ranges',
    summary: '生成证号: a serial range for a year; ranges of one unit and year may not overlap',
    tags: ['after'],
    needs: 'issuingUnit:manage',
    params: idParams,
    body: rangeBody,
    response: unitView,
    status: 201,
    async handler({ actor, params, body }) {
      await inTransaction((t) => createRange(actor, params.id, body, t));
      const u = (await IssuingUnit.findByPk(params.id))!;
      return presentUnit(u, await CertificateRange.findAll({ where: { issuingUnitId: u.id } }));
    },
  });

  r.add({
    method: 'delete',
    path: '/certificate-ranges/:id',
    summary: 'Remove a range nothing was issued from',
    tags: ['after'],
    needs: 'issuingUnit:manage',
    params: idParams,
    async handler({ actor, params }) {
      await inTransaction((t) => deleteRange(actor, params.id, t));
    },
  });
}
