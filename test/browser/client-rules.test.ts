import { expect } from 'chai';
import fc from 'fast-check';
import * as client from '../../client/src/lib/rules';
import { checkIdNumber, makeIdNumber } from '../../server/domain/idNumber';
import { checkPasswordPolicy } from '../../server/domain/passwordPolicy';
import { SERIAL_RANGES, categoriesFor, defaultCategory } from '../../server/domain/orgCode';
import { ORG_KINDS } from '../../server/domain/orgTypes';
import { DEFAULT_PERMISSIONS, LEADER_ONLY, PERMISSIONS } from '../../server/domain/accountTypes';
import { totalScore } from '../../server/domain/scoring';
import { requiredCount } from '../../server/domain/voting';

/**
 * The client keeps copies of a few rules for instant feedback (client/src/lib/rules.ts); the
 * server is authoritative. These checks keep the copies from drifting away from the server's.
 */
describe('client rule copies agree with the server', () => {
  it('ID numbers: same verdict as the server for valid, mistyped and random input', () => {
    const valid = makeIdNumber('130102', '1985-06-15', 7);
    expect(client.checkIdNumber(valid)).to.equal(null);
    const wrongDigit = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    expect(client.checkIdNumber(wrongDigit)).to.equal('check_digit');
    expect(client.checkIdNumber('11010519491231002x')).to.equal(checkIdNumber('11010519491231002X'));
    const digits = fc.array(fc.constantFrom(...'0123456789X'), { minLength: 16, maxLength: 19 }).map((a) => a.join(''));
    const plausible = fc
      .tuple(fc.integer({ min: 1890, max: 2030 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 999 }), fc.constantFrom(...'0123456789X'))
      .map(([y, m, d, s, c]) => `130102${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(s).padStart(3, '0')}${c}`);
    fc.assert(fc.property(fc.oneof(digits, plausible), (v) => client.checkIdNumber(v) === checkIdNumber(v.toUpperCase())), { numRuns: 2000 });
  });

  it('passwords: the checklist passes exactly when the server policy does', () => {
    const pw = fc.string({ unit: fc.constantFrom(...'aAbB1!9#zZxX'), maxLength: 14 });
    const user = fc.constantFrom('ab', 'abcd', 'admin', 'Zhang_3');
    fc.assert(
      fc.property(pw, user, (p, u) => {
        const c = client.passwordChecks(p, u);
        return (c.length && c.classes && c.username) === (checkPasswordPolicy(p, u) === null);
      }),
      { numRuns: 3000 },
    );
  });

  it('organisation codes and staff permissions: same ranges, categories and defaults', () => {
    expect(client.SERIAL_RANGES).to.deep.equal(SERIAL_RANGES);
    expect(client.ORG_KINDS).to.have.members([...ORG_KINDS]);
    for (const kind of ORG_KINDS) {
      expect(client.categoriesFor(kind), kind).to.deep.equal(categoriesFor(kind));
      expect(client.defaultCategory(kind), kind).to.equal(defaultCategory(kind));
    }
    expect(client.PERMISSIONS).to.deep.equal([...PERMISSIONS]);
    expect(client.DEFAULT_PERMISSIONS).to.deep.equal(DEFAULT_PERMISSIONS);
    expect(client.LEADER_ONLY).to.have.members(LEADER_ONLY);
  });

  it('scoring total and vote thresholds: the live total and the quorum/yes counts on screen are the server’s', () => {
    const criterion = fc.record({ key: fc.constantFrom('a', 'b', 'c', 'd'), name: fc.constant('c'), weight: fc.integer({ min: 1, max: 60 }), max: fc.integer({ min: 1, max: 100 }) });
    fc.assert(
      fc.property(fc.uniqueArray(criterion, { selector: (c) => c.key, minLength: 1, maxLength: 4 }), fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 4, maxLength: 4 }), (cs, vs) => {
        const scores = Object.fromEntries(cs.map((c, i) => [c.key, Math.min(vs[i], c.max)]));
        return client.totalScore(cs, scores) === totalScore(cs, scores);
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 6 }), fc.boolean(), (base, n, d, inclusive) => {
        return client.requiredCount(base, [n, d], inclusive) === requiredCount(base, [n, d], inclusive);
      }),
      { numRuns: 1000 },
    );
  });
});
