import crypto from 'node:crypto';
import PDFDocument from 'pdfkit';
import { Account, Organisation, ResultPublicity } from '../../models';
import { api } from '../helpers/api';
import { buildAccount, tokenFor, type BuiltOrg } from '../helpers/factories';
import { buildMeeting, reviewGroup, signIn, tokensFor, type BuiltMeeting } from '../helpers/meeting';
import { addDays, chinaToday } from '../../server/domain/workingDays';
import { FILING_ATTACHMENTS } from '../../server/domain/after';
import * as Y from 'yjs';
import { COLLAB_TEXT, collabDocName } from '../../realtime/collab/names';
import { appendUpdate, ensureDoc } from '../../realtime/collab/store';

export interface Decided {
  m: BuiltMeeting;
  tokens: Map<number, string>;
  staffToken: string;
  chairToken: string;
  /** The office above the committee unit: it reviews the filing and issues certificates. */
  office: { org: Organisation; admin: Account; token: string };
  roundId: number;
}

export const must = <T extends { status: number; body: any }>(res: T, what: string): T => {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res;
};

/**
 * A meeting driven through the real endpoints to a confirmed committee vote: one group reviewed and
 * confirmed, every member votes yes except on the last applicant (mostly no), the chair confirms.
 * `confirm: false` stops before the chair confirms.
 */
export async function decidedMeeting(opts: { applicants?: number; confirm?: boolean; sharedOverall?: string } = {}): Promise<Decided> {
  const m = await buildMeeting({ groups: 1, expertsPerGroup: 3, applicantsPerGroup: opts.applicants ?? 3, extraMembers: 2, options: { requireGroupVote: false } });
  const tokens = await tokensFor(m.accounts);
  const staffToken = await tokenFor(m.staff);
  await signIn(m, staffToken);
  if (opts.sharedOverall) await writeShared(m.meeting.id, m.applicants[0].id, 'overall', opts.sharedOverall);
  await reviewGroup(m, 0, tokens);
  const chairToken = tokens.get(m.chair.account.id)!;
  const round = must(await api(chairToken).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'committee' }), 'open committee round').body;
  const last = m.applicants[m.applicants.length - 1];
  for (let i = 0; i < m.experts.length; i++) {
    must(
      await api(tokens.get(m.accounts[i].id)).post(`/rounds/${round.id}/ballots`, {
        idempotencyKey: crypto.randomUUID(),
        choices: m.applicants.map((a) => ({ meetingApplicantId: a.id, choice: a.id === last.id && i > 0 ? 'no' : 'yes' })),
      }),
      'ballot',
    );
  }
  must(await api(chairToken).post(`/rounds/${round.id}/close`), 'close round');
  if (opts.confirm !== false) must(await api(chairToken).post(`/rounds/${round.id}/confirm`), 'confirm round');
  const officeOrg = (await Organisation.findByPk(m.unit.org.parentId!))!;
  const officeAdmin = (await Account.findOne({ where: { orgId: officeOrg.id, role: 'admin' } }))!;
  return { m, tokens, staffToken, chairToken, office: { org: officeOrg, admin: officeAdmin, token: await tokenFor(officeAdmin) }, roundId: round.id };
}

/**
 * Text typed into a shared opinion (as the experts' editors would send it, one Yjs update), so the
 * main reviewer's "finish" freezes it into the record.
 */
export async function writeShared(meetingId: number, meetingApplicantId: number, field: 'overall', text: string) {
  const name = collabDocName({ meetingId, meetingApplicantId, field });
  await ensureDoc(name);
  const doc = new Y.Doc();
  doc.getText(COLLAB_TEXT).insert(0, text);
  if (!(await appendUpdate(name, Y.encodeStateAsUpdate(doc), 'test'))) throw new Error(`shared opinion ${name} refused the update`);
}

/** The publicity's period is made to lie in the past, as if the working days had gone by. */
export async function endPublicity(publicityId: number) {
  const today = chinaToday();
  await ResultPublicity.update({ startsOn: addDays(today, -10), endsOn: addDays(today, -1) }, { where: { id: publicityId } });
}

/** A small real PDF (generated, so its bytes say PDF). */
export function samplePdf(title = 'sample'): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A5' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.text(title);
    doc.end();
  });
}

export function upload(buffer: Buffer, name: string, type = 'application/pdf') {
  const fd = new FormData();
  fd.append('file', new Blob([new Uint8Array(buffer)], { type }), name);
  return fd;
}

/** Publish → end the period → complete → file with four PDFs → the office passes it. */
export async function filedMeeting(d: Decided, filingNumber = `冀职备〔2026〕${crypto.randomInt(1e6)}号`) {
  const pub = must(await api(d.staffToken).post(`/meetings/${d.m.meeting.id}/results/publish`, {}), 'publish').body;
  await endPublicity(pub.id);
  must(await api(d.staffToken).post(`/result-publicities/${pub.id}/complete`, {}), 'complete');
  const filing = must(await api(d.staffToken).post(`/meetings/${d.m.meeting.id}/filing`, { note: '按期完成公示' }), 'create filing').body;
  for (const kind of FILING_ATTACHMENTS) must(await api(d.staffToken).post(`/filings/${filing.id}/files/${kind}`, upload(await samplePdf(kind), `${kind}.pdf`)), `attach ${kind}`);
  must(await api(d.staffToken).post(`/filings/${filing.id}/submit`), 'submit filing');
  must(await api(d.office.token).post(`/filings/${filing.id}/review`, { decision: 'pass', filingNumber, filedOn: chinaToday(), opinion: '同意备案' }), 'pass filing');
  return { publicityId: pub.id as number, filingId: filing.id as number };
}

/** An issuing unit of the office with one range for this year. */
export async function unitWithRange(d: Decided, size = 100) {
  const code = String(crypto.randomInt(10_000_000, 99_999_999));
  const unit = must(await api(d.office.token).post('/issuing-units', { code, name: `${d.office.org.name}发证` }), 'issuing unit').body;
  const year = Number(chinaToday().slice(0, 4));
  const withRange = must(await api(d.office.token).post(`/issuing-units/${unit.id}/ranges`, { year, startSerial: 1, endSerial: size }), 'range').body;
  return { unit: withRange, code, year };
}

export async function officeStaff(org: BuiltOrg) {
  return buildAccount(org, { role: 'staff', staffKind: 'handler' });
}
