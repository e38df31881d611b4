import type { Sequelize } from 'sequelize';
import { ResultPublicity, ResultItem, ResultReport, ResultAppeal } from './Publicity';
import { Filing, IssuingUnit, CertificateRange, Certificate, type FilingHistoryEntry } from './Certificate';
import { CalendarDay, AfterSetting } from './Calendar';

export { ResultPublicity, ResultItem, ResultReport, ResultAppeal, Filing, IssuingUnit, CertificateRange, Certificate, CalendarDay, AfterSetting };
export type { FilingHistoryEntry };

/** Migrations 0500–0501: result publicity, filing, certificates, calendar and settings. */
export function initAfterModels(s: Sequelize) {
  for (const m of [ResultPublicity, ResultItem, ResultReport, ResultAppeal, Filing, IssuingUnit, CertificateRange, Certificate, CalendarDay, AfterSetting]) {
    m.initModel(s);
  }
}

export function associateAfterModels() {
  ResultItem.belongsTo(ResultPublicity, { as: 'publicity', foreignKey: 'publicityId' });
  ResultReport.belongsTo(ResultItem, { as: 'item', foreignKey: 'itemId' });
  ResultAppeal.belongsTo(ResultItem, { as: 'item', foreignKey: 'itemId' });
  CertificateRange.belongsTo(IssuingUnit, { as: 'unit', foreignKey: 'issuingUnitId' });
  Certificate.belongsTo(IssuingUnit, { as: 'issuingUnit', foreignKey: 'issuingUnitId' });
}
