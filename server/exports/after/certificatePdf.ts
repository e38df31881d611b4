import QRCode from 'qrcode';
import type { Certificate, IssuingUnit } from '../../../models';
import { LEVEL_LABELS, type Level } from '../../domain/titles';
import { formatVerifyCode } from '../../domain/after';
import { birthDateOf, genderOf } from '../../domain/idNumber';
import { newPdf } from './font';

/** The public page a certificate's QR code opens. */
export const verifyUrl = (origin: string, code: string) => `${origin.replace(/\/$/, '')}/verify?code=${code}`;

const cn = (day: string | null) => (day ? `${day.slice(0, 4)}年${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日` : '');

/**
 * 电子职称证书, A4 landscape: the holder's details, the title, the number and issuing unit, and a
 * verification code with a QR code linking to the public check (`/verify?code=…`). A revoked
 * certificate still renders, stamped 已撤销, so a printout cannot pass for a valid one.
 */
export async function certificatePdf(c: Certificate, unit: IssuingUnit | null, origin: string) {
  const doc = newPdf({ size: 'A4', layout: 'landscape', margin: 0, info: { Title: `职称证书 ${c.number}`, Author: unit?.name ?? '', Subject: c.name } });
  const W = doc.page.width;
  const H = doc.page.height;
  const red = '#9b1c1c';
  const ink = '#1f2937';

  doc.lineWidth(6).strokeColor('#b08d3c').rect(24, 24, W - 48, H - 48).stroke();
  doc.lineWidth(1.2).strokeColor('#b08d3c').rect(36, 36, W - 72, H - 72).stroke();

  doc.fillColor(red).font('cjk-bold').fontSize(30).text('专业技术职务任职资格证书', 0, 70, { width: W, align: 'center', characterSpacing: 4 });
  doc.fillColor('#6b7280').font('cjk').fontSize(11).text('（电子证书）', 0, 112, { width: W, align: 'center' });

  const level = LEVEL_LABELS[c.level as Level] ?? c.level;
  const rows: Array<[string, string]> = [
    ['姓　　名', c.name],
    ['性　　别', genderOf(c.idNumber) === 'male' ? '男' : '女'],
    ['出生日期', cn(birthDateOf(c.idNumber))],
    ['身份证号', c.idNumber],
    ['工作单位', c.employerName ?? ''],
    ['系　　列', c.seriesName],
    ['专　　业', c.specialtyName ?? ''],
    ['资格名称', `${c.qualificationName}（${level}）`],
    ['评审机构', c.committeeName ?? ''],
    ['通过时间', cn(c.approvedOn)],
    ['备案文号', c.filingNumber ?? ''],
  ];
  let y = 150;
  for (const [label, value] of rows) {
    doc.fillColor('#6b7280').font('cjk').fontSize(12).text(label, 90, y, { width: 80 });
    doc.fillColor(ink).font(label.startsWith('姓') ? 'cjk-bold' : 'cjk').fontSize(label.startsWith('姓') ? 16 : 13).text(value || '—', 175, y - (label.startsWith('姓') ? 3 : 1), { width: 400 });
    y += 27;
  }

  const qr = await QRCode.toBuffer(verifyUrl(origin, c.verifyCode), { errorCorrectionLevel: 'M', margin: 1, width: 240 });
  const qx = W - 250;
  doc.image(qr, qx, 160, { width: 150 });
  doc.fillColor(ink).font('cjk').fontSize(10).text('扫码或登录核验页面输入核验码', qx - 20, 318, { width: 190, align: 'center' });
  doc.font('cjk-bold').fontSize(13).text(formatVerifyCode(c.verifyCode), qx - 20, 336, { width: 190, align: 'center' });
  doc.font('cjk').fontSize(8).fillColor('#6b7280').text(verifyUrl(origin, c.verifyCode), qx - 40, 356, { width: 230, align: 'center' });

  doc.fillColor(ink).font('cjk').fontSize(12);
  doc.text(`证书编号：${c.number}`, 90, H - 118);
  doc.text(`发证单位：${unit?.name ?? ''}`, 90, H - 96);
  doc.text(`发证日期：${cn(c.issuedOn)}`, 90, H - 74);
  // The issuing unit's seal area.
  doc.lineWidth(2).strokeColor(red).circle(W - 175, H - 110, 48).stroke();
  doc.fillColor(red).font('cjk').fontSize(8).text(unit?.name ?? '', W - 213, H - 122, { width: 76, align: 'center', height: 30, ellipsis: true });

  if (c.status === 'revoked') {
    doc.save().rotate(-20, { origin: [W / 2, H / 2] });
    doc.fillColor(red).opacity(0.55).font('cjk-bold').fontSize(96).text('已撤销', 0, H / 2 - 60, { width: W, align: 'center' });
    doc.opacity(1).fontSize(14).text(`撤销原因：${c.revokeReason ?? ''}`, 0, H / 2 + 50, { width: W, align: 'center' });
    doc.restore();
  }
  return doc;
}
