import { expect } from 'chai';
import { CALENDAR_2026 } from '../../models/migrations/0501-calendar-2026';
import { chinaToday, endOfWorkingDays, fromMap, isWorkingDay, nextWorkingDay, workingDaysBetween, type DayKind } from '../../server/domain/workingDays';

/**
 * 工作日 arithmetic across holidays and adjusted workdays (调休), as table tests. The calendar is
 * 2026's (the migration's data): 国庆节 10-01…10-07 off, 09-20 (Sunday) and 10-10 (Saturday) worked;
 * 春节 02-15…02-23 off, 02-14 and 02-28 (Saturdays) worked; 劳动节 05-01…05-05 off, 05-09 worked.
 */
const cal = fromMap(new Map(CALENDAR_2026.map(([day, kind]) => [day, kind as DayKind])));
const none = fromMap(new Map());

describe('working days (公示期 in 工作日)', () => {
  const isWorking: Array<[string, boolean, string]> = [
    ['2026-11-23', true, 'an ordinary Monday'],
    ['2026-11-22', false, 'an ordinary Sunday'],
    ['2026-10-01', false, 'National Day (a Thursday)'],
    ['2026-10-10', true, 'an adjusted workday (Saturday)'],
    ['2026-09-20', true, 'an adjusted workday (Sunday)'],
    ['2026-02-14', true, 'Saturday before the Spring Festival, worked'],
    ['2026-02-16', false, 'Spring Festival Monday'],
    ['2026-06-19', false, 'Dragon Boat Festival (a Friday)'],
  ];
  for (const [day, expected, what] of isWorking) {
    it(`${day} ${expected ? 'is' : 'is not'} a working day: ${what}`, () => {
      expect(isWorkingDay(day, cal)).to.equal(expected);
    });
  }

  const periods: Array<[start: string, n: number, end: string, what: string]> = [
    ['2026-11-23', 5, '2026-11-27', 'Monday to Friday of an ordinary week'],
    ['2026-11-25', 5, '2026-12-01', 'over a weekend'],
    ['2026-11-21', 5, '2026-11-27', 'published on a Saturday: counting starts on Monday'],
    ['2026-09-28', 5, '2026-10-09', 'across National Day: 09-28, 09-29, 09-30, then 10-08, 10-09'],
    ['2026-09-28', 6, '2026-10-10', 'the sixth is the worked Saturday 10-10'],
    ['2026-09-17', 5, '2026-09-22', 'the worked Sunday 09-20 counts: 17, 18, 20, 21, 22'],
    ['2026-02-11', 5, '2026-02-24', 'across the Spring Festival: 11, 12, 13, the worked Saturday 14, then 24'],
    ['2026-04-30', 5, '2026-05-09', 'across Labour Day: 04-30, then 05-06, 05-07, 05-08 and the worked Saturday 05-09'],
    ['2026-10-01', 5, '2026-10-13', 'published on a holiday: counting starts on 10-08 (8, 9, the worked 10, 12, 13)'],
    ['2026-12-28', 5, '2027-01-01', 'into a year the calendar does not know yet: weekdays only'],
  ];
  for (const [start, n, end, what] of periods) {
    it(`${n} working days from ${start} end on ${end} (${what})`, () => {
      expect(endOfWorkingDays(start, n, cal)).to.equal(end);
      expect(workingDaysBetween(start, end, cal)).to.equal(n);
    });
  }

  it('counts the working days between two days, both included', () => {
    expect(workingDaysBetween('2026-10-01', '2026-10-07', cal)).to.equal(0);
    expect(workingDaysBetween('2026-10-01', '2026-10-10', cal)).to.equal(3); // 10-08, 10-09 and the worked 10-10
    expect(workingDaysBetween('2026-10-10', '2026-10-01', cal)).to.equal(0);
  });

  it('finds the next working day and knows China’s date', () => {
    expect(nextWorkingDay('2026-10-01', cal)).to.equal('2026-10-08');
    expect(nextWorkingDay('2026-10-01', none)).to.equal('2026-10-01');
    expect(chinaToday(new Date('2026-11-22T16:30:00Z'))).to.equal('2026-11-23');
    expect(chinaToday(new Date('2026-11-22T15:59:00Z'))).to.equal('2026-11-22');
  });

  it('refuses a period of no days', () => {
    expect(() => endOfWorkingDays('2026-11-23', 0, cal)).to.throw(RangeError);
  });
});
