import type { ReviewForm } from '../../commands/after/reviewForm';
import { LEVEL_LABELS, DECLARATION_TYPE_LABELS, type DeclarationType, type Level } from '../../domain/titles';
import { ITEM_OUTCOME_LABELS } from '../../domain/after';
import { newPdf } from './font';

const L = 50;
const R = 545;
const W = R - L;

/**
 * 职称评审表, A4 portrait: boxes of label/value cells for the declaration, a score table against
 * the meeting's standard, the opinions by role, the votes and the result, and lines to sign.
 */
export function reviewFormPdf(f: ReviewForm) {
  const doc = newPdf({ size: 'A4', margins: { top: 50, bottom: 50, left: L, right: 50 }, info: { Title: `评审表 ${f.applicant.name}` } });
  const ink = '#111827';
  let y = 50;
  const ensure = (h: number) => {
    if (y + h > doc.page.height - 60) {
      doc.addPage();
      y = 50;
    }
  };
  const heading = (text: string) => {
    ensure(30);
    doc.rect(L, y, W, 22).fill('#eef2f7');
    doc.fillColor(ink).font('cjk-bold').fontSize(12).text(text, L + 8, y + 5);
    y += 28;
  };
  /** One row of cells: [label, value, share of the width]. */
  const row = (cells: Array<[string, string, number]>) => {
    const h = Math.max(24, ...cells.map(([, v, share]) => doc.font('cjk').fontSize(10).heightOfString(v || '—', { width: W * share - 78 }) + 10));
    ensure(h);
    let x = L;
    for (const [label, value, share] of cells) {
      const w = W * share;
      doc.lineWidth(0.6).strokeColor('#9ca3af').rect(x, y, 70, h).stroke().rect(x + 70, y, w - 70, h).stroke();
      doc.fillColor('#374151').font('cjk').fontSize(9.5).text(label, x + 4, y + 6, { width: 62 });
      doc.fillColor(ink).font('cjk').fontSize(10).text(value || '—', x + 74, y + 6, { width: w - 78 });
      x += w;
    }
    y += h;
  };
  const para = (label: string, text: string) => {
    const h = doc.font('cjk').fontSize(10).heightOfString(text || '—', { width: W - 16 }) + 28;
    ensure(h);
    doc.lineWidth(0.6).strokeColor('#9ca3af').rect(L, y, W, h).stroke();
    doc.fillColor('#374151').fontSize(9.5).text(label, L + 8, y + 6);
    doc.fillColor(ink).fontSize(10).text(text || '—', L + 8, y + 20, { width: W - 16 });
    y += h;
  };

  doc.fillColor(ink).font('cjk-bold').fontSize(20).text('职称评审表', L, y, { width: W, align: 'center' });
  y += 32;
  doc.font('cjk').fontSize(10).fillColor('#4b5563').text(`${f.meeting.name}　　${f.unitName}　　编号 ${f.applicant.blindCode}`, L, y, { width: W, align: 'center' });
  y += 24;

  const a = f.applicant;
  heading('一、申报人基本情况');
  row([['姓名', a.name, 0.34], ['性别', a.gender === 'male' ? '男' : a.gender === 'female' ? '女' : '', 0.33], ['出生日期', a.birthDate ?? a.idNumber.slice(6, 14), 0.33]]);
  row([['工作单位', a.employer ?? '', 0.67], ['学历', a.education ?? '', 0.33]]);
  row([['现任职务', a.position ?? '', 0.34], ['现任职称', a.currentTitle ?? '', 0.66]]);
  row([['申报系列', a.series, 0.34], ['申报级别', LEVEL_LABELS[a.level as Level] ?? a.level, 0.33], ['资格名称', a.qualification, 0.33]]);
  row([['专业', a.specialty ?? '', 0.34], ['申报类型', DECLARATION_TYPE_LABELS[a.declType as DeclarationType] ?? a.declType, 0.33], ['评议组', a.group ?? '', 0.33]]);

  heading('二、评审专家评分');
  const main = f.reviews.find((r) => r.role === 'main');
  for (const c of f.meeting.standard) row([[c.name, `${main?.scores?.[c.key] ?? '—'} / ${c.max}`, 1]]);
  row([['总分', main?.totalScore === null || main?.totalScore === undefined ? '—' : String(main.totalScore), 0.5], ['答辩成绩', main?.opinions.defenseScore !== undefined ? String(main.opinions.defenseScore) : '—', 0.5]]);

  heading('三、评审意见');
  for (const r of f.reviews) {
    if (r.opinions.academic) para(`${r.label}·学术（业绩）评价意见`, r.opinions.academic);
    if (f.meeting.defense && r.opinions.defenseEvaluation) para(`${r.label}·答辩评价`, r.opinions.defenseEvaluation);
    para(`${r.label}·综合评价意见${r.verdict === 'confirm' ? '（确认主审评分）' : r.verdict === 'dispute' ? '（对主审评分有异议）' : ''}`, r.opinions.overall ?? '');
  }

  heading('四、表决结果');
  const vote = (label: string, v: ReviewForm['committeeVote']) =>
    row([[label, v ? `应到 ${v.members} 人，实到 ${v.present} 人，有表决权 ${v.eligible} 人；同意 ${v.yes} 票，不同意 ${v.no} 票，弃权 ${v.abstain} 票；${v.passed ? '通过' : '未通过'}` : '未表决', 1]]);
  vote('评议组表决', f.groupVote);
  vote('评委会表决', f.committeeVote);
  row([['评审结果', f.result === 'passed' ? '评审通过' : f.result === 'failed' ? '评审未通过' : '待定', 0.5], ['公示结果', f.outcome ? ITEM_OUTCOME_LABELS[f.outcome] : '未公示', 0.5]]);

  ensure(70);
  y += 24;
  doc.fillColor(ink).font('cjk').fontSize(11);
  doc.text('评委会主任委员（签字）：', L, y);
  doc.text('评委会组建单位（盖章）：', L + W / 2, y);
  y += 30;
  doc.text('日期：　　年　　月　　日', L, y);
  doc.text('日期：　　年　　月　　日', L + W / 2, y);
  return doc;
}
