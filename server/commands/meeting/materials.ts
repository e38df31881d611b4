import fs from 'node:fs';
import { Assignment, Declaration, DeclarationSection, MeetingApplicant, Recusal, StoredFile, TitleQualification, TitleSpecialty } from '../../../models';
import { forbidden, notFound } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { FIELD_LABELS, SECTION_KEYS, SECTION_LABELS, type SectionKey } from '../../domain/sections';
import { contentPath } from '../declarations/files';
import { loadMeetingContext, type MeetingContext } from './context';

/**
 * 评审材料: what an expert reads to review an applicant. Only those with a part in it: the
 * reviewers it was given to, the other experts of its group, the chair and vice chairs; staff and
 * supervisors too. Never an expert who must recuse. In a blind meeting (盲评) the fields that name
 * the person or the employer are taken out before the material leaves the server.
 */
const BLIND: Partial<Record<SectionKey, string[]>> = {
  basicInfo: ['name', 'phone', 'email', 'photoFileId', 'ethnicity', 'politicalStatus'],
  currentStatus: ['employerName', 'department'],
};
const BLIND_ITEM_FIELDS: Partial<Record<SectionKey, string[]>> = { workHistory: ['employer'] };

async function mayRead(actor: Actor, ctx: MeetingContext, applicant: MeetingApplicant): Promise<{ blind: boolean }> {
  if (ctx.isStaff || ctx.isSupervisor) return { blind: false };
  const me = ctx.me;
  if (!me) throw forbidden();
  const recused = await Recusal.count({ where: { meetingId: ctx.meeting.id, expertId: me.expertId, meetingApplicantId: applicant.id } });
  if (recused) throw forbidden('recused', 'You must recuse from this applicant');
  const assigned = await Assignment.count({ where: { meetingApplicantId: applicant.id, meetingExpertId: me.id } });
  const chair = me.title === 'chair' || me.title === 'vice_chair';
  if (!assigned && !chair && (me.groupId === null || me.groupId !== applicant.groupId)) throw forbidden();
  return { blind: ctx.meeting.options.blindReview };
}

function redact(key: SectionKey, data: unknown): unknown {
  if (!data || typeof data !== 'object') return data;
  const out: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  for (const f of BLIND[key] ?? []) delete out[f];
  const itemFields = BLIND_ITEM_FIELDS[key];
  if (itemFields && Array.isArray(out.items)) {
    out.items = (out.items as Array<Record<string, unknown>>).map((item) => {
      const copy = { ...item };
      for (const f of itemFields) delete copy[f];
      return copy;
    });
  }
  return out;
}

async function load(actor: Actor, meetingApplicantId: number) {
  const applicant = await MeetingApplicant.findByPk(meetingApplicantId);
  if (!applicant) throw notFound('applicant');
  const ctx = await loadMeetingContext(actor, applicant.meetingId);
  authorize(actor, 'meeting:watch', ctx);
  const { blind } = await mayRead(actor, ctx, applicant);
  return { applicant, blind };
}

export async function reviewMaterials(actor: Actor, meetingApplicantId: number) {
  const { applicant, blind } = await load(actor, meetingApplicantId);
  const d = (await Declaration.findByPk(applicant.declarationId, {
    include: [
      { model: TitleQualification, as: 'qualification', attributes: ['name'] },
      { model: TitleSpecialty, as: 'specialty', attributes: ['code', 'name'] },
    ],
  })) as Declaration & { qualification?: TitleQualification; specialty?: TitleSpecialty };
  const sections = await DeclarationSection.findAll({ where: { declarationId: d.id } });
  const files = await StoredFile.findAll({ where: { declarationId: d.id }, attributes: ['id', 'mime', 'size', 'originalName', 'slot', 'purpose'] });
  return {
    meetingApplicantId: applicant.id,
    blindCode: applicant.blindCode,
    blind,
    name: blind ? null : d.applicantName,
    seriesCode: d.seriesCode,
    level: d.level,
    qualification: d.qualification?.name ?? null,
    specialty: d.specialty?.name ?? null,
    declType: d.declType,
    sections: SECTION_KEYS.filter((k) => sections.some((s) => s.sectionKey === k)).map((k) => {
      const data = sections.find((s) => s.sectionKey === k)!.data;
      return { key: k, label: SECTION_LABELS[k], data: blind ? redact(k, data) : data };
    }),
    fieldLabels: FIELD_LABELS,
    // File names can name the person: in a blind meeting they are replaced by their slot.
    files: files.map((f) => ({ id: f.id, mime: f.mime, size: f.size, name: blind ? `${f.slot ?? f.purpose}-${f.id}` : f.originalName })),
  };
}

/** A file of the material, to the same readers; the bytes are served as stored (content-addressed). */
export async function reviewMaterialFile(actor: Actor, meetingApplicantId: number, fileId: number) {
  const { applicant, blind } = await load(actor, meetingApplicantId);
  const record = await StoredFile.findOne({ where: { id: fileId, declarationId: applicant.declarationId } });
  if (!record) throw notFound('file');
  // A blind reader never gets the applicant's photo.
  const basic = await DeclarationSection.findOne({ where: { declarationId: applicant.declarationId, sectionKey: 'basicInfo' } });
  if (blind && (basic?.data as { photoFileId?: number } | undefined)?.photoFileId === record.id) throw forbidden();
  const file = contentPath(record.sha256);
  if (!fs.existsSync(file)) throw notFound('file');
  return { record, file, name: blind ? `${record.slot ?? record.purpose}-${record.id}` : record.originalName };
}

