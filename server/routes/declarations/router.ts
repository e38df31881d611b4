import fs from 'node:fs';
import { z } from 'zod';
import { Declaration, FlowEntry, Organisation, StoredFile, TitleSeries } from '../../../models';
import { idParams, type Routes } from '../../http/route';
import { inTransaction } from '../../tx';
import { authorize, type Actor } from '../../policies';
import { notFound } from '../../errors';
import { SECTION_KEYS, SECTION_LABELS, SECTION_SCHEMAS } from '../../domain/sections';
import { presentFlowEntry } from '../../presenters/declaration';
import { presentDeclarations } from '../../presenters/declarationList';
import { multipartContent, singleFile } from '../../http/upload';
import {
  createDeclaration,
  loadSections,
  saveSection,
  submitDeclaration,
  updateSettings,
  withdrawDeclaration,
} from '../../commands/declarations/applicant';
import { deleteDeclarationFile, loadFileForRead, storeDeclarationFile } from '../../commands/declarations/files';
import { subjectOf } from '../../commands/declarations/position';
import {
  declarationDetail,
  declarationView,
  fileParams,
  fileView,
  flowEntryView,
  sectionParams,
  settingsBody,
  settingsPatchBody,
  uploadFields,
  withdrawBody,
} from './schema';

const presentFile = (f: StoredFile) => ({
  id: f.id,
  name: f.originalName,
  mime: f.mime,
  size: f.size,
  purpose: f.purpose,
  slot: f.slot ?? null,
  sha256: f.sha256,
  createdAt: f.createdAt.toISOString(),
});

export async function loadReadable(actor: Actor, id: number) {
  const d = await Declaration.findByPk(id);
  if (!d) throw notFound('declaration');
  authorize(actor, 'declaration:read', await subjectOf(d));
  return d;
}

async function one(actor: Actor, d: Declaration) {
  return (await presentDeclarations(actor, [d]))[0];
}

async function detail(actor: Actor, d: Declaration) {
  const [view, sections, files, flow, pathOrgs, series] = await Promise.all([
    one(actor, d),
    loadSections(d.id),
    StoredFile.findAll({ where: { declarationId: d.id }, order: [['id', 'ASC']] }),
    FlowEntry.findAll({ where: { declarationId: d.id }, order: [['seq', 'ASC']] }),
    Organisation.findAll({ attributes: ['id', 'name'], where: { id: d.path } }),
    TitleSeries.findOne({ where: { code: d.seriesCode } }),
  ]);
  const forApplicant = actor.id === d.applicantAccountId;
  const names = new Map(pathOrgs.map((o) => [o.id, o.name]));
  const pf = d.policyFirst;
  return {
    ...view,
    idNumber: d.idNumber,
    path: d.path.map((id) => ({ id, name: names.get(id) ?? '' })),
    sections,
    files: files.map(presentFile),
    flow: flow.map((e) => presentFlowEntry(e, forApplicant)),
    requiredMaterials: series?.requiredMaterials ?? [],
    policyFirst: pf ? { result: pf.result, opinion: pf.opinion, byName: forApplicant ? null : pf.byName, at: pf.at } : null,
  };
}

export function registerDeclarationRoutes(r: Routes) {
  r.add({
    method: 'post',
    path: '/declarations',
    summary: 'Start this year’s declaration (个人申报设置); one per person per year',
    tags: ['declarations'],
    needs: 'declaration:create',
    body: settingsBody,
    response: declarationView,
    status: 201,
    async handler({ actor, body }) {
      return one(actor, await inTransaction((t) => createDeclaration(actor, body, t)));
    },
  });

  r.add({
    method: 'get',
    path: '/declarations/mine',
    summary: 'The applicant’s own declarations, newest first',
    tags: ['declarations'],
    needs: 'declaration:create',
    response: z.object({ items: z.array(declarationView) }),
    async handler({ actor }) {
      const rows = await Declaration.findAll({ where: { applicantAccountId: actor.id }, order: [['year', 'DESC']] });
      return { items: await presentDeclarations(actor, rows) };
    },
  });

  r.add({
    method: 'get',
    path: '/declarations/:id',
    summary: 'One declaration with its sections, files, path and flow log (流转日志)',
    tags: ['declarations'],
    needs: 'signedIn',
    params: idParams,
    response: declarationDetail,
    async handler({ actor, params }) {
      return detail(actor, await loadReadable(actor, params.id));
    },
  });

  r.add({
    method: 'get',
    path: '/declarations/:id/flow',
    summary: 'The flow log as a timeline; the applicant sees roles and orgs, not reviewers’ names',
    tags: ['declarations'],
    needs: 'signedIn',
    params: idParams,
    response: z.object({ items: z.array(flowEntryView), status: z.string(), version: z.number() }),
    async handler({ actor, params }) {
      const d = await loadReadable(actor, params.id);
      const flow = await FlowEntry.findAll({ where: { declarationId: d.id }, order: [['seq', 'ASC']] });
      return { items: flow.map((e) => presentFlowEntry(e, actor.id === d.applicantAccountId)), status: d.status, version: d.version };
    },
  });

  r.add({
    method: 'patch',
    path: '/declarations/:id/settings',
    summary: 'Change series, level, qualification, specialty, route or type while it is editable',
    tags: ['declarations'],
    needs: 'declaration:edit',
    params: idParams,
    body: settingsPatchBody,
    response: declarationView,
    async handler({ actor, params, body }) {
      return one(actor, await inTransaction((t) => updateSettings(actor, params.id, body, t)));
    },
  });

  // One route per section, so each is validated and documented by its own schema.
  for (const key of SECTION_KEYS) {
    r.add({
      method: 'put',
      path: `/declarations/:id/sections/${key}`,
      summary: `Save the section ${SECTION_LABELS[key]} as a draft`,
      tags: ['declarations'],
      needs: 'declaration:edit',
      params: sectionParams,
      body: SECTION_SCHEMAS[key],
      response: z.object({ section: z.string(), data: z.unknown(), updatedAt: z.string() }),
      async handler({ actor, params, body }) {
        const s = await inTransaction((t) => saveSection(actor, params.id, key, body, t));
        return { section: key, data: s.data, updatedAt: s.updatedAt.toISOString() };
      },
    });
  }

  r.add({
    method: 'post',
    path: '/declarations/:id/files',
    summary: 'Upload a PDF, JPEG or PNG (type read from the content; the work summary must be a PDF)',
    tags: ['declarations'],
    needs: 'declaration:edit',
    params: idParams,
    before: [singleFile],
    body: uploadFields,
    requestContent: multipartContent(uploadFields),
    response: fileView,
    status: 201,
    async handler({ actor, params, body, req }) {
      const f = await inTransaction((t) => storeDeclarationFile(actor, params.id, body, req.file, t));
      return presentFile(f);
    },
  });

  r.add({
    method: 'delete',
    path: '/declarations/:id/files/:fileId',
    summary: 'Delete an uploaded file while the declaration is editable',
    tags: ['declarations'],
    needs: 'declaration:edit',
    params: fileParams,
    async handler({ actor, params }) {
      await inTransaction((t) => deleteDeclarationFile(actor, params.id, params.fileId, t));
    },
  });

  r.add({
    method: 'get',
    path: '/files/:id',
    summary: 'Download a file (to whoever may read its declaration or unit recommendation)',
    tags: ['declarations'],
    needs: 'signedIn',
    params: idParams,
    produces: 'application/octet-stream',
    async handler({ actor, params, res }) {
      const { record, file } = await loadFileForRead(actor, params.id);
      res.setHeader('Content-Type', record.mime);
      res.setHeader('Content-Length', String(record.size));
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Disposition', `attachment; filename="file"; filename*=UTF-8''${encodeURIComponent(record.originalName)}`);
      await new Promise<void>((resolve, reject) => {
        fs.createReadStream(file).on('error', reject).pipe(res).on('finish', () => resolve());
      });
    },
  });

  r.add({
    method: 'post',
    path: '/declarations/:id/submit',
    summary: 'Submit: checks completeness (422 with what is missing), blacklist and quota, then locks it',
    tags: ['declarations'],
    needs: 'declaration:edit',
    params: idParams,
    response: declarationView,
    async handler({ actor, params }) {
      return one(actor, await inTransaction((t) => submitDeclaration(actor, params.id, t)));
    },
  });

  r.add({
    method: 'post',
    path: '/declarations/:id/withdraw',
    summary: 'Withdraw (撤回) while the unit has not acted on it',
    tags: ['declarations'],
    needs: 'declaration:withdraw',
    params: idParams,
    body: withdrawBody,
    response: declarationView,
    async handler({ actor, params, body }) {
      return one(actor, await inTransaction((t) => withdrawDeclaration(actor, params.id, body.reason, t)));
    },
  });
}
