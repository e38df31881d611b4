import { Op, type Transaction } from 'sequelize';
import { TitleSeries, TitleSpecialty } from '../../../models';
import { invalidField } from '../../errors';

/** One lookup of a series for both areas: the catalogue's (only active series). */
export { findSeries } from '../declarations/catalogue';

/** The specialty codes of some series, code → name. */
export async function specialtiesOf(seriesCodes: string[], t?: Transaction): Promise<Map<string, string>> {
  const series = await TitleSeries.findAll({ where: { code: { [Op.in]: seriesCodes } }, transaction: t });
  const rows = await TitleSpecialty.findAll({ where: { seriesId: { [Op.in]: series.map((s) => s.id) }, status: 'active' }, transaction: t });
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** Every code must be a specialty of the series; the first unknown one is the field at fault. */
export async function checkSpecialties(seriesCodes: string[], codes: string[], path: string, t?: Transaction) {
  if (codes.length === 0) return;
  const known = await specialtiesOf(seriesCodes, t);
  const i = codes.findIndex((c) => !known.has(c));
  if (i >= 0) throw invalidField(`${path}.${i}`, 'unknown_specialty', `${codes[i]} is not a specialty of ${seriesCodes.join('/')}`);
  const dup = codes.findIndex((c, j) => codes.indexOf(c) !== j);
  if (dup >= 0) throw invalidField(`${path}.${dup}`, 'duplicate_specialty', `${codes[dup]} is listed twice`);
}
