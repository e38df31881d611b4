import ExcelJS from 'exceljs';
import type { Response } from 'express';
import { idParams, type Routes } from '../../http/route';
import { meetingRecord, type MeetingRecord } from '../../commands/meeting/record';

const TITLES: Record<string, string> = { chair: '主任委员', vice_chair: '副主任委员', member: '委员', reviewer: '评审专家' };
const KINDS: Record<string, string> = { group: '小组表决', committee: '评委会表决' };
const STATUSES: Record<string, string> = { open: '投票中', closed: '已统票', confirmed: '已确认', sent_back: '已退回' };
const RECUSAL: Record<string, string> = { same_employer: '同一单位', declared: '本人申报', ordered: '责令回避' };
const CHOICE = (passed: boolean | null) => (passed === null ? '' : passed ? '通过' : '未通过');

function attachment(res: Response, name: string) {
  res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
}

/** Streams the workbook to the response (exceljs' streaming writer): nothing large sits in memory. */
async function writeRecord(res: Response, r: MeetingRecord) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true });
  const sheet = (name: string, columns: Array<[string, string, number]>) => {
    const ws = wb.addWorksheet(name);
    ws.columns = columns.map(([header, key, width]) => ({ header, key, width }));
    ws.getRow(1).font = { bold: true };
    return ws;
  };
  const res1 = sheet('评审表决表', [
    ['序号', 'n', 6], ['姓名', 'name', 12], ['工作单位', 'org', 28], ['申报资格', 'qual', 14], ['应到', 'members', 8], ['实到(有表决权)', 'eligible', 14],
    ['同意', 'yes', 8], ['不同意', 'no', 8], ['弃权', 'abstain', 8], ['表决结果', 'result', 10],
  ]);
  (r.resolution?.rows ?? []).forEach((row, i) =>
    res1.addRow({ n: i + 1, name: row.name, org: row.orgName, qual: row.qualification, members: r.resolution!.members, eligible: row.eligible, yes: row.yes, no: row.no, abstain: row.abstain, result: CHOICE(row.passed) }).commit(),
  );
  if (r.meeting.rehearsalOfId) res1.addRow({ n: '', name: '演练：本表决结果不公示、不生效' }).commit();
  if (r.resolution) res1.addRow({ n: '', name: `主任委员确认：${r.resolution.confirmedBy ?? ''}  ${r.resolution.confirmedAt ?? ''}  封存摘要：${r.resolution.digest ?? ''}` }).commit();
  res1.commit();

  const att = sheet('出席情况', [['姓名', 'name', 12], ['职务', 'title', 12], ['评议组', 'group', 12], ['组长', 'leader', 6], ['签到记录', 'log', 60]]);
  for (const a of r.attendance) {
    att.addRow({ name: a.name, title: TITLES[a.title], group: a.group ?? '', leader: a.isGroupLeader ? '是' : '', log: a.log.map((l) => `${l.action === 'sign_in' ? '签到' : '签退'} ${l.at}`).join('；') }).commit();
  }
  att.commit();

  const rev = sheet('评审意见', [
    ['编号', 'code', 8], ['姓名', 'name', 12], ['评议组', 'group', 12], ['评审专家', 'reviewer', 12], ['主/副审', 'role', 8], ['总分', 'total', 8],
    ['学术业绩评价意见', 'academic', 40], ['答辩问题', 'defenseQuestions', 30], ['答辩评价', 'defenseEvaluation', 30], ['答辩成绩', 'defenseScore', 10],
    ['综合评价意见', 'overall', 40], ['副审确认', 'verdict', 10],
  ]);
  for (const a of r.applicants) {
    for (const x of a.reviews) {
      rev.addRow({
        code: a.blindCode, name: a.name, group: a.group ?? '', reviewer: x.reviewer, role: x.role === 'main' ? '主审' : '副审', total: x.totalScore ?? '',
        academic: x.opinions.academic ?? '', defenseQuestions: x.opinions.defenseQuestions ?? '', defenseEvaluation: x.opinions.defenseEvaluation ?? '',
        defenseScore: x.opinions.defenseScore ?? '', overall: x.opinions.overall ?? '', verdict: x.verdict === 'confirm' ? '确认' : x.verdict === 'dispute' ? `异议：${x.verdictReason ?? ''}` : '',
      }).commit();
    }
  }
  rev.commit();

  const rounds = sheet('表决轮次', [
    ['轮次', 'id', 8], ['类型', 'kind', 12], ['评议组', 'group', 12], ['第几轮', 'number', 8], ['状态', 'status', 10], ['方式', 'mode', 8], ['应到', 'members', 8], ['实到', 'present', 8],
    ['发起', 'launched', 20], ['统票', 'closed', 20], ['确认', 'confirmed', 20], ['退回', 'sentBack', 30], ['封存摘要', 'digest', 66],
  ]);
  for (const x of r.rounds) {
    rounds.addRow({
      id: x.roundId, kind: KINDS[x.kind], group: x.group ?? '', number: x.number, status: STATUSES[x.status], mode: x.mode === 'secret' ? '无记名' : '记名',
      members: x.members, present: x.present, launched: `${x.launchedBy ?? ''} ${x.openedAt ?? ''}`, closed: x.closedAt ? `${x.closedBy ?? ''} ${x.closedAt}` : '',
      confirmed: x.confirmedAt ? `${x.confirmedBy ?? ''} ${x.confirmedAt}` : '', sentBack: x.sentBack ? `${x.sentBack.by ?? ''}：${x.sentBack.reason}` : '', digest: x.digest ?? '',
    }).commit();
  }
  rounds.commit();

  // Every round's result by applicant, not only the resolution's: group votes, re-votes, sent-back rounds.
  const results = sheet('表决结果', [
    ['轮次', 'id', 8], ['类型', 'kind', 12], ['评议组', 'group', 12], ['第几轮', 'number', 8], ['状态', 'status', 10], ['编号', 'code', 8], ['姓名', 'name', 12],
    ['有表决权', 'eligible', 10], ['同意', 'yes', 8], ['不同意', 'no', 8], ['弃权', 'abstain', 8], ['表决结果', 'result', 10],
  ]);
  for (const x of r.rounds) {
    for (const i of x.items) {
      results.addRow({
        id: x.roundId, kind: KINDS[x.kind], group: x.group ?? '', number: x.number, status: STATUSES[x.status], code: i.blindCode, name: i.name,
        eligible: i.eligible, yes: i.yes ?? '', no: i.no ?? '', abstain: i.abstain ?? '', result: CHOICE(i.passed ?? null),
      }).commit();
    }
  }
  results.commit();

  const rec = sheet('回避', [['编号', 'code', 8], ['姓名', 'name', 12], ['回避专家', 'expert', 12], ['原因', 'reason', 14], ['说明', 'note', 40]]);
  for (const x of r.recusals) rec.addRow({ code: x.blindCode, name: x.name, expert: x.expert, reason: RECUSAL[x.reason] ?? x.reason, note: x.note ?? '' }).commit();
  rec.commit();
  await wb.commit();
}

export function registerRecordRoutes(r: Routes) {
  r.add({
    method: 'get',
    path: '/meetings/:id/record',
    summary: 'The meeting record (Art. 23): attendance, reviews and opinions, every round and send-back, and the resolution table',
    tags: ['live'],
    needs: 'signedIn',
    params: idParams,
    async handler({ actor, params }) {
      return meetingRecord(actor, params.id);
    },
  });

  r.add({
    method: 'get',
    path: '/meetings/:id/record.xlsx',
    summary: 'The meeting record and resolution table (评审表决表) as a spreadsheet',
    tags: ['live'],
    needs: 'signedIn',
    params: idParams,
    produces: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    async handler({ actor, params, res }) {
      const record = await meetingRecord(actor, params.id);
      attachment(res, `${record.meeting.name}-评审记录.xlsx`);
      await writeRecord(res, record);
    },
  });
}
