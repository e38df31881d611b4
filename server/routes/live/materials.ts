import fs from 'node:fs';
import { z } from 'zod';
import type { Routes } from '../../http/route';
import { reviewMaterialFile, reviewMaterials } from '../../commands/meeting/materials';

const params = z.object({ id: z.coerce.number().int().positive() }).strict();
const fileParams = z.object({ id: z.coerce.number().int().positive(), fileId: z.coerce.number().int().positive() }).strict();

/** 评审材料 for the experts who review an applicant (blind review applied on the server). */
export function registerMaterialRoutes(r: Routes) {
  r.add({
    method: 'get',
    path: '/meeting-applicants/:id/materials',
    summary: 'The declaration an expert reviews: sections and files, with names and employers removed in a blind meeting',
    tags: ['live'],
    needs: 'signedIn',
    params,
    async handler({ actor, params: p }) {
      return reviewMaterials(actor, p.id);
    },
  });

  r.add({
    method: 'get',
    path: '/meeting-applicants/:id/files/:fileId',
    summary: 'A file of the material under review',
    tags: ['live'],
    needs: 'signedIn',
    params: fileParams,
    produces: 'application/octet-stream',
    async handler({ actor, params: p, res }) {
      const { record, file, name } = await reviewMaterialFile(actor, p.id, p.fileId);
      res.setHeader('Content-Type', record.mime);
      res.setHeader('Content-Length', String(record.size));
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Disposition', `inline; filename="file"; filename*=UTF-8''${encodeURIComponent(name)}`);
      await new Promise<void>((resolve, reject) => {
        fs.createReadStream(file).on('error', reject).pipe(res).on('finish', () => resolve());
      });
    },
  });
}
