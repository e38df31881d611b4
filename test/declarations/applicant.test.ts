import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { api, errorOf } from '../helpers/api';
import { buildOrg } from '../helpers/factories';
import { TEST_DATA_DIR } from '../helpers/env';
import { server } from '../helpers/setup';
import { act, buildChain, must, newApplicant, PDF, PNG, qualificationOf, readyDraft, staffOf, upload, YEAR } from './fixtures';

describe('declarations: the applicant side', function () {
  this.timeout(60_000);
  let c: Awaited<ReturnType<typeof buildChain>>;
  before(async () => {
    c = await buildChain();
  });

  async function draft() {
    const a = await newApplicant(c.employer);
    const q = await qualificationOf('weisheng', '副主任医师');
    const res = await must(
      api(a.token).post('/declarations', { year: YEAR, seriesCode: 'weisheng', level: 'fugao', qualificationId: q.id, route: 'review', declType: 'normal' }),
      201,
    );
    return { ...a, id: res.body.id as number, q };
  }

  describe('POST /declarations', () => {
    it('creates a draft; a second one for the year is 409 duplicate_declaration', async () => {
      const d = await draft();
      const again = await api(d.token).post('/declarations', { year: YEAR, seriesCode: 'weisheng', level: 'fugao', qualificationId: d.q.id, route: 'review', declType: 'normal' });
      expect(again.status).to.equal(409);
      expect(errorOf(again)).to.include({ code: 'duplicate_declaration' });
      expect(errorOf(again).details![0].path).to.equal('body.year');
    });

    it('400 for bad settings, with the field at fault', async () => {
      const a = await newApplicant(c.employer);
      const q = await qualificationOf('weisheng', '副主任医师');
      const base = { year: YEAR, seriesCode: 'weisheng', level: 'fugao', qualificationId: q.id, route: 'review', declType: 'normal' };
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [{ ...base, declType: 'sideways' }, 'body.declType', 'validation_failed'],
        [{ ...base, seriesCode: 'nosuchseries' }, 'body.seriesCode', 'unknown_series'],
        [{ ...base, level: 'zhongji' }, 'body.qualificationId', 'qualification_mismatch'],
        [{ ...base, year: YEAR + 1 }, 'body.year', 'year_mismatch'],
        [{ ...base, extra: 1 }, 'body.extra', 'validation_failed'],
      ];
      for (const [body, at, code] of cases) {
        const res = await api(a.token).post('/declarations', body);
        expect(res.status, JSON.stringify(body)).to.equal(400);
        expect(errorOf(res).code).to.equal(code);
        expect(errorOf(res).details![0].path).to.equal(at);
      }
    });

    it('401 without a token; 403 for a staff account', async () => {
      expect((await api().post('/declarations', {})).status).to.equal(401);
      expect((await api(c.employerStaff.handlerToken).post('/declarations', {})).status).to.equal(403);
    });
  });

  describe('sections', () => {
    it('each section validates on its own and names the field at fault', async () => {
      const d = await draft();
      const bad = await api(d.token).put(`/declarations/${d.id}/sections/basicInfo`, { name: '张三', gender: 'x' });
      expect(bad.status).to.equal(400);
      const paths = errorOf(bad).details!.map((x) => x.path);
      expect(paths).to.include('body.gender');
      expect(paths).to.include('body.birthDate');
      const edu = await api(d.token).put(`/declarations/${d.id}/sections/education`, {
        items: [{ kind: 'domestic', startDate: '2004-09-01', endDate: '2008-07-01', school: '某大学', major: '医学', educationLevel: '本科', degree: '学士', studyMode: '全日制' }],
      });
      expect(edu.status).to.equal(400);
      expect(errorOf(edu).details![0].path).to.equal('body.items.0.xuexinCode');
      const paper = await api(d.token).put(`/declarations/${d.id}/sections/papers`, {
        papers: [{ title: 't', journal: 'j', publishedDate: '2020-01-01', authorRank: 1, verificationUrl: 'https://example.com/x' }],
      });
      expect(paper.status).to.equal(400);
      expect(errorOf(paper).details![0].path).to.equal('body.papers.0.verificationUrl');
      const short = await api(d.token).put(`/declarations/${d.id}/sections/workSummary`, { summary: '太短', fileId: 1 });
      expect(errorOf(short).details![0].path).to.equal('body.summary');
    });

    it('file ids must be this declaration’s uploads; a work summary file must be a PDF', async () => {
      const d = await draft();
      const other = await draft();
      const foreign = await must(upload(other.token, other.id, 'baseMaterials', PDF, 'a.pdf'), 201);
      const res = await api(d.token).put(`/declarations/${d.id}/sections/baseMaterials`, { materials: [{ key: 'evaluation_form', fileIds: [foreign.body.id] }] });
      expect(res.status).to.equal(400);
      expect(errorOf(res)).to.include({ code: 'unknown_file' });
      expect(errorOf(res).details![0].path).to.equal('body.materials.0.fileIds.0');
      const png = await must(upload(d.token, d.id, 'baseMaterials', PNG, 'photo.png'), 201);
      const summary = await api(d.token).put(`/declarations/${d.id}/sections/workSummary`, { summary: '工作'.repeat(200), fileId: png.body.id });
      expect(errorOf(summary)).to.include({ code: 'pdf_required' });
      const unknown = await api(d.token).put(`/declarations/${d.id}/sections/baseMaterials`, { materials: [{ key: 'teacher_licence', fileIds: [png.body.id] }] });
      expect(errorOf(unknown)).to.include({ code: 'unknown_material' });
    });

    it('403 for someone else’s declaration', async () => {
      const d = await draft();
      const other = await newApplicant(c.employer);
      const res = await api(other.token).put(`/declarations/${d.id}/sections/supplementary`, { professionYears: 3 });
      expect(res.status).to.equal(403);
      expect((await api(other.token).get(`/declarations/${d.id}`)).status).to.equal(403);
    });
  });

  describe('uploads', () => {
    it('stores by content hash outside the web root and serves the bytes back to those who may read', async () => {
      const d = await draft();
      const res = await must(upload(d.token, d.id, 'baseMaterials', PDF, '评审表.pdf'), 201);
      expect(res.body).to.include({ mime: 'application/pdf', name: '评审表.pdf', size: PDF.length });
      const stored = path.join(TEST_DATA_DIR, 'files', res.body.sha256.slice(0, 2), res.body.sha256);
      expect(fs.readFileSync(stored).equals(PDF)).to.equal(true);
      const got = await fetch(`${server().url}/api/files/${res.body.id}`, { headers: { authorization: `Bearer ${d.token}` } });
      expect(got.status).to.equal(200);
      expect(Buffer.from(await got.arrayBuffer()).equals(PDF)).to.equal(true);
      expect((await api().get(`/files/${res.body.id}`)).status).to.equal(401);
      const stranger = await newApplicant(c.employer);
      expect((await api(stranger.token).get(`/files/${res.body.id}`)).status).to.equal(403);
    });

    it('a PNG renamed .pdf is refused; text is refused; the work summary must be a PDF', async () => {
      const d = await draft();
      const disguised = await upload(d.token, d.id, 'baseMaterials', PNG, '评审表.pdf');
      expect(disguised.status).to.equal(400);
      expect(errorOf(disguised)).to.include({ code: 'file_type_mismatch' });
      expect(errorOf(disguised).details![0].path).to.equal('body.file');
      const text = await upload(d.token, d.id, 'baseMaterials', Buffer.from('just some text, not a pdf'), 'x.pdf');
      expect(errorOf(text)).to.include({ code: 'file_type_not_allowed' });
      const summary = await upload(d.token, d.id, 'workSummary', PNG, 'summary.png');
      expect(summary.status).to.equal(400);
      expect(errorOf(summary)).to.include({ code: 'pdf_required' });
      const noFile = await api(d.token).post(`/declarations/${d.id}/files`, (() => {
        const f = new FormData();
        f.append('section', 'baseMaterials');
        return f;
      })());
      expect(errorOf(noFile)).to.include({ code: 'file_required' });
      const badSection = new FormData();
      badSection.append('section', 'nonsense');
      badSection.append('file', new Blob([new Uint8Array(PDF)]), 'a.pdf');
      const r = await api(d.token).post(`/declarations/${d.id}/files`, badSection);
      expect(r.status).to.equal(400);
      expect(errorOf(r).details![0].path).to.equal('body.section');
    });

    it('an oversize upload is refused with 413 file_too_large', async () => {
      const d = await draft();
      const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024 + 10, 0x20)]);
      const res = await upload(d.token, d.id, 'baseMaterials', big, 'big.pdf');
      expect(res.status).to.equal(413);
      expect(errorOf(res)).to.include({ code: 'file_too_large' });
    });

    it('401 without a token (before any body is read); 403 on someone else’s declaration', async () => {
      const d = await draft();
      expect((await upload('', d.id, 'baseMaterials', PDF, 'a.pdf')).status).to.equal(401);
      const other = await newApplicant(c.employer);
      expect((await upload(other.token, d.id, 'baseMaterials', PDF, 'a.pdf')).status).to.equal(403);
    });
  });

  describe('submit', () => {
    it('422 declaration_incomplete lists every missing section and required material', async () => {
      const d = await draft();
      const res = await api(d.token).post(`/declarations/${d.id}/submit`);
      expect(res.status).to.equal(422);
      const e = errorOf(res);
      expect(e.code).to.equal('declaration_incomplete');
      const paths = e.details!.map((x) => x.path);
      expect(paths).to.include.members(['sections.basicInfo', 'sections.workSummary', 'sections.baseMaterials.materials.medical_ethics', 'sections.baseMaterials.materials.practice_licence']);
    });

    it('locks it: no edits after submit; the path runs from the employer to the province', async () => {
      const d = await readyDraft(c.employer);
      const res = await must(api(d.token).post(`/declarations/${d.id}/submit`));
      expect(res.body).to.include({ status: 'under_review', step: 'handler' });
      const detail = await must(api(d.token).get(`/declarations/${d.id}`));
      expect(detail.body.path.map((p: any) => p.id)).to.deep.equal([c.employer.org.id, c.county.org.id, c.city.org.id, c.province.org.id]);
      const edit = await api(d.token).put(`/declarations/${d.id}/sections/supplementary`, { professionYears: 3 });
      expect(edit.status).to.equal(403);
      expect((await api(d.token).post(`/declarations/${d.id}/submit`)).status).to.equal(403);
    });

    it('an intermediate declaration ends at the city office (review path)', async () => {
      const d = await readyDraft(c.employer, { level: 'zhongji', qualification: '主治医师' });
      await must(api(d.token).post(`/declarations/${d.id}/submit`));
      const detail = await must(api(d.token).get(`/declarations/${d.id}`));
      expect(detail.body.path.map((p: any) => p.id)).to.deep.equal([c.employer.org.id, c.county.org.id, c.city.org.id]);
    });

    it('单位自主评审 from a unit with no self-evaluating unit above it: 422', async () => {
      const d = await readyDraft(c.employer);
      await must(api(d.token).patch(`/declarations/${d.id}/settings`, { route: 'self' }));
      const res = await api(d.token).post(`/declarations/${d.id}/submit`);
      expect(res.status).to.equal(422);
      expect(errorOf(res).code).to.equal('no_self_evaluating_unit');
    });

    it('a self-evaluating unit reviews its own declarations (route self ends there)', async () => {
      const self = await buildOrg({ parent: c.city, kind: 'self_evaluating', category: 'hospital' });
      const staff = await staffOf(self);
      const d = await readyDraft(self);
      await must(api(d.token).patch(`/declarations/${d.id}/settings`, { route: 'self' }));
      await must(api(d.token).post(`/declarations/${d.id}/submit`));
      const detail = await must(api(d.token).get(`/declarations/${d.id}`));
      expect(detail.body.path.map((p: any) => p.id)).to.deep.equal([self.org.id]);
      await must(act(staff.handlerToken, d.id, { action: 'pass' }));
      const r = await must(act(staff.leaderToken, d.id, { action: 'pass' }));
      expect(r.body.status).to.equal('awaiting_publicity');
    });
  });
});
