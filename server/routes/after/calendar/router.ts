import { z } from 'zod';
import { idParams, type Routes } from '../../../http/route';
import { inTransaction } from '../../../tx';
import { afterSettings, calendarFrom, deleteCalendarDay, listCalendar, setCalendarDay, updateAfterSettings } from '../../../commands/after/settings';
import { chinaToday, endOfWorkingDays, workingDaysBetween } from '../../../domain/workingDays';
import { streamXlsx, XLSX_MIME } from '../../../exports/xlsx';
import { day, text } from '../schema';

const dayView = z.object({ id: z.number(), day: z.string(), kind: z.enum(['holiday', 'workday']), name: z.string() });
const settingsView = z.object({ publicityMinWorkingDays: z.number(), blacklistYears: z.array(z.number()) });
const yearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) }).strict();
const present = (d: { id: number; day: string; kind: string; name: string }) => ({ id: d.id, day: d.day, kind: d.kind as 'holiday' | 'workday', name: d.name });

export function registerCalendarRoutes(r: Routes) {
  r.add({
    method: 'get',
    path: '/calendar',
    summary: '节假日与调休 of a year (days that differ from their weekday)',
    tags: ['after'],
    needs: 'signedIn',
    query: yearQuery,
    response: z.object({ items: z.array(dayView) }),
    async handler({ query }) {
      return { items: (await listCalendar(query.year)).map(present) };
    },
  });

  r.add({
    method: 'get',
    path: '/calendar/export',
    summary: 'The year’s holidays and adjusted workdays as a spreadsheet',
    tags: ['after'],
    needs: 'signedIn',
    query: yearQuery,
    produces: XLSX_MIME,
    async handler({ query, res }) {
      const rows = (await listCalendar(query.year)).map(present);
      await streamXlsx(res, `${query.year}年节假日`, '节假日', [
        { header: '日期', width: 12, value: (d) => d.day },
        { header: '类型', value: (d) => (d.kind === 'holiday' ? '放假' : '调休上班') },
        { header: '名称', width: 18, value: (d) => d.name },
      ], [rows]);
    },
  });

  r.add({
    method: 'get',
    path: '/calendar/working-days',
    summary: 'Where a period of N working days from a day ends (default: today in China), or how many working days lie between two days',
    tags: ['after'],
    needs: 'signedIn',
    query: z.object({ start: day.optional(), days: z.coerce.number().int().min(1).max(60).optional(), end: day.optional() }).strict(),
    response: z.object({ start: z.string(), end: z.string(), workingDays: z.number() }),
    async handler({ query }) {
      const start = query.start ?? chinaToday();
      const cal = await calendarFrom(start);
      if (query.end) return { start, end: query.end, workingDays: workingDaysBetween(start, query.end, cal) };
      const days = query.days ?? (await afterSettings()).publicityMinWorkingDays;
      return { start, end: endOfWorkingDays(start, days, cal), workingDays: days };
    },
  });

  r.add({
    method: 'put',
    path: '/calendar/days',
    summary: 'Set one day: a holiday (放假) or an adjusted workday (调休上班)',
    tags: ['after'],
    needs: 'calendar:edit',
    body: z.object({ day, kind: z.enum(['holiday', 'workday']), name: text(50) }).strict(),
    response: dayView,
    async handler({ actor, body }) {
      return present(await inTransaction((t) => setCalendarDay(actor, body, t)));
    },
  });

  r.add({
    method: 'delete',
    path: '/calendar/days/:id',
    summary: 'Remove a day from the calendar (it becomes what its weekday says)',
    tags: ['after'],
    needs: 'calendar:edit',
    params: idParams,
    async handler({ actor, params }) {
      await inTransaction((t) => deleteCalendarDay(actor, params.id, t));
    },
  });

  r.add({
    method: 'get',
    path: '/after/settings',
    summary: 'Settings of the after-meeting area (minimum publicity, blacklist periods)',
    tags: ['after'],
    needs: 'signedIn',
    response: settingsView,
    async handler() {
      return afterSettings();
    },
  });

  r.add({
    method: 'put',
    path: '/after/settings',
    summary: 'Change the settings (province office admin); the publicity stays at least 5 working days',
    tags: ['after'],
    needs: 'afterSettings:edit',
    body: z.object({ publicityMinWorkingDays: z.number().int().min(1).max(30).optional(), blacklistYears: z.array(z.number().int().min(1).max(20)).min(1).max(10).optional() }).strict(),
    response: settingsView,
    async handler({ actor, body }) {
      return inTransaction((t) => updateAfterSettings(actor, body, t));
    },
  });
}
