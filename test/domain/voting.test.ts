import { expect } from 'chai';
import fc from 'fast-check';
import { quorumMet, requiredCount, tallyApplicant, DEFAULT_VOTE_RULES, meets } from '../../server/domain/voting';

describe('voting rules (DESIGN §10)', () => {
  describe('quorum: present ≥ 2/3 of members', () => {
    const cases: Array<[members: number, present: number, met: boolean]> = [
      [25, 17, true], // 17·3 = 51 ≥ 50
      [25, 16, false], // 48 < 50
      [21, 14, true], // exactly 2/3
      [21, 13, false],
      [15, 10, true],
      [15, 9, false],
      [3, 2, true],
      [0, 0, false],
    ];
    for (const [members, present, met] of cases) {
      it(`${present} of ${members} present → ${met ? 'quorum' : 'no quorum'}`, () => {
        expect(quorumMet(present, members)).to.equal(met);
      });
    }
  });

  describe('pass: yes ≥ 2/3 of present (eligible)', () => {
    const cases: Array<[present: number, yes: number, no: number, abstain: number, passed: boolean]> = [
      [17, 12, 5, 0, true], // 36 ≥ 34
      [17, 11, 6, 0, false], // 33 < 34
      [17, 12, 0, 0, true], // absent votes do not lower the bar
      [17, 11, 0, 0, false],
      [21, 14, 7, 0, true], // exactly 2/3 passes ("以上" includes the bound)
      [21, 13, 4, 4, false],
      [15, 10, 3, 2, true],
      [15, 9, 0, 6, false], // abstentions are not yes
    ];
    for (const [present, yes, no, abstain, passed] of cases) {
      it(`${yes} yes of ${present} present → ${passed ? 'passed' : 'failed'}`, () => {
        const t = tallyApplicant({ yes, no, abstain }, present, 25);
        expect(t.passed).to.equal(passed);
        expect(t.requiredYes).to.equal(requiredCount(present, [2, 3], true));
      });
    }
  });

  it('stricter provinces: yes > 2/3 of all members', () => {
    const rule = { base: 'members' as const, fraction: [2, 3] as const, inclusive: false };
    expect(tallyApplicant({ yes: 17, no: 0, abstain: 0 }, 17, 25, rule).passed).to.equal(true); // 51 > 50
    expect(tallyApplicant({ yes: 14, no: 0, abstain: 0 }, 21, 21, rule).passed).to.equal(false); // 42 = 42, not >
    expect(tallyApplicant({ yes: 15, no: 0, abstain: 0 }, 21, 21, rule).passed).to.equal(true);
  });

  it('refuses more ballots than eligible voters', () => {
    expect(() => tallyApplicant({ yes: 3, no: 1, abstain: 0 }, 3, 5)).to.throw(/more ballots/);
  });

  it('requiredCount is the least count that meets the rule (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 10 }), fc.boolean(), (base, n, extra, inclusive) => {
        const d = n + extra;
        const r = requiredCount(base, [n, d], inclusive);
        expect(meets(r, base, [n, d], inclusive)).to.equal(true);
        if (r > 0) expect(meets(r - 1, base, [n, d], inclusive)).to.equal(false);
      }),
    );
  });

  it('default rules are the national ones', () => {
    expect(DEFAULT_VOTE_RULES.quorum).to.deep.equal({ fraction: [2, 3], inclusive: true });
    expect(DEFAULT_VOTE_RULES.pass).to.deep.equal({ base: 'present', fraction: [2, 3], inclusive: true });
  });
});
