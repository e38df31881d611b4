import { expect } from 'chai';
import { api, errorOf } from '../helpers/api';
import { tokenFor } from '../helpers/factories';
import { buildMeeting, recuse, tokensFor } from '../helpers/meeting';
import { DeclarationSection, StoredFile } from '../../models';
import { writeContent } from '../../server/commands/declarations/files';
import { server } from '../helpers/setup';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

async function withMaterials(m: Awaited<ReturnType<typeof buildMeeting>>) {
  const a = m.applicants[0];
  await DeclarationSection.create({ declarationId: a.declarationId, sectionKey: 'basicInfo', data: { name: '申报人1', gender: 'female', birthDate: '1985-01-01', ethnicity: '汉族', politicalStatus: '群众', phone: '13800000000', firstEducation: '本科', major: '临床医学', degree: '学士', adminPost: '无', adminLevel: '无' } });
  await DeclarationSection.create({ declarationId: a.declarationId, sectionKey: 'currentStatus', data: { employerName: '某某医院', position: '主治医师', workStartDate: '2008-07-01', professionStartDate: '2008-07-01', yearsInProfession: 18 } });
  await DeclarationSection.create({ declarationId: a.declarationId, sectionKey: 'workHistory', data: { items: [{ startDate: '2008-07-01', endDate: null, employer: '某某医院', post: '医师' }] } });
  const sha256 = await writeContent(PDF);
  const file = await StoredFile.create({ sha256, mime: 'application/pdf', size: PDF.length, originalName: '申报人1-工作总结.pdf', declarationId: a.declarationId, purpose: 'section', slot: 'workSummary', uploadedById: m.staff.id });
  return { a, file };
}

describe('materials for the reviewers (评审材料)', () => {
  it('the reviewers of a material read it; a blind meeting removes names and employers; the recused and strangers get nothing', async () => {
    const m = await buildMeeting({ groups: 2, expertsPerGroup: 3, applicantsPerGroup: 1, options: { blindReview: true } });
    const { a, file } = await withMaterials(m);
    const tokens = await tokensFor(m.accounts);
    const leader = tokens.get(m.leaders[0].account.id)!;
    await api(leader).post(`/groups/${m.groups[0].id}/distribution/all`, {});
    // Experts 0–2 are in group 1 (a's group); expert 1 must recuse; experts 3–5 are in group 2.
    await recuse(m, m.experts[1], a);

    const reviewerIdx = 2;
    const view = await api(tokens.get(m.accounts[reviewerIdx].id)).get(`/meeting-applicants/${a.id}/materials`);
    expect(view.status).to.equal(200);
    expect(view.body).to.include({ blind: true, name: null, blindCode: a.blindCode });
    const text = JSON.stringify(view.body);
    for (const secret of ['申报人1', '某某医院', '13800000000']) expect(text).not.to.include(secret);
    const work = view.body.sections.find((s: any) => s.key === 'workHistory');
    expect(work.data.items[0]).to.deep.equal({ startDate: '2008-07-01', endDate: null, post: '医师' });
    expect(view.body.files[0].name).to.equal(`workSummary-${file.id}`);
    const dl = await fetch(`${server().url}/api/meeting-applicants/${a.id}/files/${file.id}`, { headers: { authorization: `Bearer ${tokens.get(m.accounts[reviewerIdx].id)}` } });
    expect(dl.status).to.equal(200);
    expect(Buffer.from(await dl.arrayBuffer()).equals(PDF)).to.equal(true);

    const recused = await api(tokens.get(m.accounts[1].id)).get(`/meeting-applicants/${a.id}/materials`);
    expect(errorOf(recused).code).to.equal('recused');
    expect((await api(tokens.get(m.accounts[4].id)).get(`/meeting-applicants/${a.id}/materials`)).status).to.equal(403);
    const stranger = await buildMeeting();
    expect((await api(await tokenFor(stranger.accounts[0])).get(`/meeting-applicants/${a.id}/materials`)).status).to.equal(403);
    // Staff see the person.
    const staff = await api(await tokenFor(m.staff)).get(`/meeting-applicants/${a.id}/materials`);
    expect(staff.body.name).to.equal('申报人1');
    expect(JSON.stringify(staff.body)).to.include('某某医院');
    // Through an applicant they may not read, no file at all.
    expect((await api(tokens.get(m.accounts[reviewerIdx].id)).get(`/meeting-applicants/${m.applicants[1].id}/files/${file.id}`)).status).to.equal(403);
  });
});
