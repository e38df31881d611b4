import { expect } from 'chai';
import { Account, BlindOpinion, StoredFile } from '../../models';
import { api, errorOf } from '../helpers/api';
import { buildAccount, buildOrg, tokenFor, withKnownPassword } from '../helpers/factories';
import { buildMeeting } from '../helpers/meeting';
import { readyDraft } from '../declarations/fixtures';
import { pdfUpload } from './lib/world';
import { rawRequest } from './lib/send';
import { connect, emitAck } from '../helpers/sockets';

/**
 * Focused regressions for what the role matrix found (each also has its row in matrix/*.ts).
 */
describe('security regressions found by the role matrix', function () {
  this.timeout(120_000);

  it('an account that must still change its password cannot read declarations, meetings or results through routes any session may call', async () => {
    const city = await buildOrg();
    const employer = await buildOrg({ parent: city, kind: 'employer', category: 'hospital' });
    const d = await readyDraft(employer);
    expect((await api(d.token).post(`/declarations/${d.id}/submit`)).status).to.equal(200);
    const fresh = await buildAccount(employer, { role: 'staff', staffKind: 'handler' }, { mustChange: true });
    const token = await tokenFor(fresh);
    for (const path of [`/declarations/${d.id}`, `/declarations/${d.id}/flow`, '/meetings', '/my-meetings', '/my/results']) {
      const res = await api(token).get(path);
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).to.equal(403);
      expect(errorOf(res).code).to.equal('password_change_required');
    }
    // What it may do: see itself and change the password; then everything works.
    expect((await api(token).get('/auth/me')).status).to.equal(200);
    const changed = await api(token).post('/auth/password', { currentPassword: 'Test#Pass2026', newPassword: 'Another#Pass2027' });
    expect(changed.status, JSON.stringify(changed.body)).to.equal(200);
    expect((await api(changed.body.accessToken).get(`/declarations/${d.id}`)).status).to.equal(200);
  });

  it("a unit's recommendation proof goes to its staff and the offices above, not to its applicants", async () => {
    const city = await buildOrg();
    const employer = await buildOrg({ parent: city, kind: 'employer', category: 'hospital' });
    const handler = await buildAccount(employer, { role: 'staff', staffKind: 'handler' });
    const applicant = await buildAccount(employer, { role: 'applicant' });
    const up = await api(await tokenFor(handler)).post('/recommendations/files', pdfUpload());
    expect(up.status, JSON.stringify(up.body)).to.equal(201);
    expect((await api(await tokenFor(applicant)).get(`/files/${up.body.id}`)).status).to.equal(403);
    expect((await api(await tokenFor(handler)).get(`/files/${up.body.id}`)).status).to.equal(200);
    expect((await api(await tokenFor(city.admin)).get(`/files/${up.body.id}`)).status).to.equal(200);
  });

  it("/files never hands out a meeting's blind opinion to the unit's experts (or anyone: it has its own route)", async () => {
    const m = await buildMeeting({ status: 'setup' });
    const staffToken = await tokenFor(m.staff);
    const added = await api(staffToken).post(`/meeting-applicants/${m.applicants[0].id}/blind-opinions`, pdfUpload({ reviewerCode: 'R1', conclusion: 'agree' }));
    expect(added.status, JSON.stringify(added.body)).to.equal(201);
    const fileId = (await BlindOpinion.findByPk(added.body.id))!.fileId!;
    expect((await StoredFile.findByPk(fileId))!.orgId).to.equal(m.unit.org.id);
    // An expert whose account belongs to the committee unit (as library experts' do).
    const expert = await withKnownPassword((await Account.findByPk((await buildAccount(m.unit, { role: 'expert' })).id))!);
    expect((await api(await tokenFor(expert)).get(`/files/${fileId}`)).status).to.equal(403);
    expect((await api(staffToken).get(`/files/${fileId}`)).status).to.equal(403);
    expect((await api(staffToken).get(`/blind-opinions/${added.body.id}/file`)).status).to.equal(200);
  });

  it('a malformed upload is a 400, not a 500: no multipart boundary, a file under another field, two files', async () => {
    const m = await buildMeeting({ status: 'setup' });
    const staffToken = await tokenFor(m.staff);
    const city = await buildOrg();
    const employer = await buildOrg({ parent: city, kind: 'employer', category: 'hospital' });
    const d = await readyDraft(employer);
    for (const path of [`/meeting-applicants/${m.applicants[0].id}/blind-opinions`, `/declarations/${d.id}/files`]) {
      const token = path.startsWith('/declarations') ? d.token : staffToken;
      const noBoundary = await rawRequest('post', path, { token, body: '--zz\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc', headers: { 'content-type': 'multipart/form-data' } });
      expect(noBoundary.status, `${path} ${noBoundary.text}`).to.equal(400);
      expect(errorOf(noBoundary as never).code).to.equal('upload_invalid');
      const elsewhere = pdfUpload({ reviewerCode: 'R2', conclusion: 'agree', section: 'otherCertificates' }, 'other');
      const wrongField = await rawRequest('post', path, { token, body: elsewhere });
      expect(wrongField.status, `${path} ${wrongField.text}`).to.equal(400);
      const two = pdfUpload({ reviewerCode: 'R3', conclusion: 'agree', section: 'otherCertificates' });
      two.append('file', new Blob([new Uint8Array(Buffer.from('%PDF-1.4\n%%EOF\n'))], { type: 'application/pdf' }), 'b.pdf');
      const twoFiles = await rawRequest('post', path, { token, body: two });
      expect(twoFiles.status, `${path} ${twoFiles.text}`).to.equal(400);
    }
  });

  it('an organisation may have a 100-character name: its admin is named within 50 (was a 500: accounts.name overflow)', async () => {
    const city = await buildOrg();
    const name = '测'.repeat(100);
    const res = await api(await tokenFor(city.admin)).post('/orgs', { parentId: city.org.id, name, kind: 'employer', category: 'hospital' });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const admin = (await Account.findByPk(res.body.admin.id))!;
    expect(Array.from(admin.name)).to.have.length(50);
    expect(admin.name.endsWith('管理员')).to.equal(true);
  });

  it('a plan that could not be logged when submitted is refused when written (was a 500 at submission)', async () => {
    const m = await buildMeeting({ status: 'setup' });
    await m.meeting.update({ planStatus: 'draft' });
    const token = await tokenFor(m.staff);
    const controls = await api(token).put(`/meetings/${m.meeting.id}/plan`, { kind: 'normal', text: '\u0000\u202E'.repeat(10_000) });
    expect(controls.status, JSON.stringify(controls.body).slice(0, 200)).to.equal(422);
    expect(errorOf(controls).code).to.equal('plan_too_long');
    // The longest plan the schema takes, in Chinese, is stored and logged whole.
    expect((await api(token).put(`/meetings/${m.meeting.id}/plan`, { kind: 'normal', text: '测'.repeat(20_000) })).status).to.equal(200);
    const submitted = await api(token).post(`/meetings/${m.meeting.id}/plan/submit`);
    expect(submitted.status, JSON.stringify(submitted.body).slice(0, 300)).to.equal(200);
    expect(submitted.body.planStatus).to.equal('submitted');
  });

  it("a meeting's expert who has not changed the initial password hears nothing of the meeting (rooms ask the meeting context)", async () => {
    const m = await buildMeeting({ status: 'running' });
    const expert = await withKnownPassword(m.accounts[1], true);
    const socket = await connect(await tokenFor(expert));
    try {
      for (const room of [`meeting:${m.meeting.id}`, `group:${m.groups[0].id}`, `watch:${m.meeting.id}`]) {
        const ack = await emitAck(socket, 'room:join', { room });
        expect(ack.ok, room).to.equal(false);
      }
    } finally {
      socket.close();
    }
    await withKnownPassword(expert, false);
    const again = await connect(await tokenFor(expert));
    try {
      expect((await emitAck(again, 'room:join', { room: `meeting:${m.meeting.id}` })).ok).to.equal(true);
    } finally {
      again.close();
    }
  });
});
