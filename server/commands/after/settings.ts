import { Op, type Transaction } from 'sequelize';
import { AfterSetting, CalendarDay } from '../../../models';
import { invalidField, notFound } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { DEFAULT_AFTER_SETTINGS, type AfterSettings } from '../../domain/after';
import { addDays, fromMap, isDay, type CalendarLookup, type DayKind } from '../../domain/workingDays';

/** The area's settings, defaults filled in. */
export async function afterSettings(t?: Transaction): Promise<AfterSettings> {
  const rows = await AfterSetting.findAll({ transaction: t });
  const out: AfterSettings = structuredClone(DEFAULT_AFTER_SETTINGS);
  for (const r of rows) if (r.key in out) (out as unknown as Record<string, unknown>)[r.key] = r.value;
  return out;
}

export async function updateAfterSettings(actor: Actor, changes: Partial<AfterSettings>, t: Transaction): Promise<AfterSettings> {
  authorize(actor, 'afterSettings:edit', {});
  // Art. 26 sets five working days as the floor; a province may ask for more, never fewer.
  if (changes.publicityMinWorkingDays !== undefined && changes.publicityMinWorkingDays < 5) {
    throw invalidField('body.publicityMinWorkingDays', 'publicity_too_short', 'The publicity lasts at least 5 working days (Art. 26)');
  }
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    const row = await AfterSetting.findByPk(key, { transaction: t, lock: t.LOCK.UPDATE });
    if (row) {
      row.value = value;
      row.updatedById = actor.id;
      row.changed('value', true);
      await row.save({ transaction: t });
    } else {
      await AfterSetting.create({ key, value, updatedById: actor.id }, { transaction: t });
    }
  }
  return afterSettings(t);
}

/** The calendar's overrides between two days, as a lookup for the working-day functions. */
export async function calendarBetween(from: string, to: string, t?: Transaction): Promise<CalendarLookup> {
  const rows = await CalendarDay.findAll({ where: { day: { [Op.between]: [from, to] } }, attributes: ['day', 'kind'], transaction: t });
  return fromMap(new Map(rows.map((r) => [r.day, r.kind])));
}

/** Enough of the calendar for any publicity starting on `start` (a few months of holidays at most). */
export const calendarFrom = (start: string, t?: Transaction) => calendarBetween(start, addDays(start, 400), t);

export async function listCalendar(year: number, t?: Transaction) {
  return CalendarDay.findAll({ where: { day: { [Op.between]: [`${year}-01-01`, `${year}-12-31`] } }, order: [['day', 'ASC']], transaction: t });
}

export interface CalendarInput {
  day: string;
  kind: DayKind;
  name: string;
}

/** 节假日设置: add or change one day (an upsert on the day). */
export async function setCalendarDay(actor: Actor, input: CalendarInput, t: Transaction) {
  authorize(actor, 'calendar:edit', {});
  if (!isDay(input.day)) throw invalidField('body.day', 'invalid_day', 'Not a calendar day (YYYY-MM-DD)');
  const existing = await CalendarDay.findOne({ where: { day: input.day }, transaction: t, lock: t.LOCK.UPDATE });
  if (existing) {
    Object.assign(existing, { kind: input.kind, name: input.name, updatedById: actor.id });
    await existing.save({ transaction: t });
    return existing;
  }
  return CalendarDay.create({ ...input, updatedById: actor.id }, { transaction: t });
}

export async function deleteCalendarDay(actor: Actor, id: number, t: Transaction) {
  authorize(actor, 'calendar:edit', {});
  const row = await CalendarDay.findByPk(id, { transaction: t });
  if (!row) throw notFound('calendar day');
  await row.destroy({ transaction: t });
}
