import { expect } from 'chai';
import fc from 'fast-check';
import { drawExperts, DrawShortage, seededRandom, type DrawCandidate, type DrawRequest } from '../../server/domain/draw';
import { checkApplicantDistribution, distributeEvenly } from '../../server/domain/distribution';
import { checkScores, checkStandard, totalScore } from '../../server/domain/scoring';

const specialties = ['neike', 'waike', 'erke', 'huli'];

const arbLibrary = fc
  .array(
    fc.record({
      specialties: fc.subarray(specialties, { minLength: 1 }),
      employerOrgId: fc.option(fc.integer({ min: 1, max: 8 }), { nil: null }),
    }),
    { minLength: 0, maxLength: 60 },
  )
  .map((xs) => xs.map((x, i): DrawCandidate => ({ expertId: i + 1, ...x })));

const arbRequests = fc
  .array(
    fc.record({
      needs: fc.array(fc.record({ specialty: fc.constantFrom(...specialties), count: fc.integer({ min: 0, max: 4 }) }), { minLength: 1, maxLength: 3 }),
      applicantEmployerIds: fc.array(fc.integer({ min: 1, max: 8 }), { maxLength: 4 }),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((xs) => xs.map((x, i): DrawRequest => ({ groupId: i + 1, ...x })));

describe('random draw of experts (随机抽取)', () => {
  it('is reproducible from its seed and never breaks recusal or one-group-per-expert (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 8, maxLength: 32 }), arbLibrary, arbRequests, (seed, library, requests) => {
        let first;
        try {
          first = drawExperts(seed, library, requests);
        } catch (e) {
          expect(e).to.be.instanceOf(DrawShortage);
          expect(() => drawExperts(seed, library, requests)).to.throw(DrawShortage);
          return;
        }
        expect(drawExperts(seed, [...library].reverse(), requests)).to.deep.equal(first);
        const everyone = first.flatMap((g) => g.picks.map((p) => p.expertId));
        expect(new Set(everyone).size).to.equal(everyone.length);
        for (const g of first) {
          const req = requests.find((r) => r.groupId === g.groupId)!;
          for (const p of g.picks) {
            const c = library.find((x) => x.expertId === p.expertId)!;
            expect(c.specialties).to.include(p.specialty);
            if (c.employerOrgId !== null) expect(req.applicantEmployerIds).not.to.include(c.employerOrgId);
          }
          const wanted = req.needs.reduce((s, n) => s + n.count, 0);
          expect(g.picks).to.have.length(wanted);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives different draws for different seeds and reports a shortage with the numbers', () => {
    const library: DrawCandidate[] = Array.from({ length: 30 }, (_, i) => ({ expertId: i + 1, specialties: ['neike'], employerOrgId: null }));
    const req: DrawRequest[] = [{ groupId: 1, needs: [{ specialty: 'neike', count: 5 }], applicantEmployerIds: [] }];
    expect(drawExperts('a', library, req)).not.to.deep.equal(drawExperts('b', library, req));
    try {
      drawExperts('a', library, [{ groupId: 7, needs: [{ specialty: 'neike', count: 31 }], applicantEmployerIds: [] }]);
      expect.fail('should throw');
    } catch (e) {
      expect(e).to.be.instanceOf(DrawShortage);
      expect(e).to.include({ groupId: 7, wanted: 31, available: 30 });
    }
    const r = seededRandom('x');
    const s = seededRandom('x');
    for (let i = 0; i < 20; i++) expect(r()).to.equal(s());
  });
});

describe('distribution (分发材料)', () => {
  it('finds every problem of a hand-made distribution', () => {
    const group = new Set([1, 2, 3]);
    expect(checkApplicantDistribution(10, [{ expertId: 1, role: 'main' }, { expertId: 2, role: 'secondary' }], group, new Set())).to.deep.equal([]);
    const bad = checkApplicantDistribution(10, [{ expertId: 1, role: 'secondary' }, { expertId: 9, role: 'secondary' }], group, new Set([1]));
    expect(bad.map((p) => p.code)).to.have.members(['recused_reviewer', 'not_in_group', 'main_reviewer_count']);
    expect(checkApplicantDistribution(10, [{ expertId: 1, role: 'main' }], group, new Set()).map((p) => p.code)).to.deep.equal(['too_few_reviewers']);
  });

  it('distributes all evenly, with one main each, never to the recused (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 9 }),
        fc.integer({ min: 0, max: 30 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 9 })), { maxLength: 20 }),
        (nExperts, nApplicants, conflicts) => {
          const experts = Array.from({ length: nExperts }, (_, i) => i + 1);
          const applicants = Array.from({ length: nApplicants }, (_, i) => i + 1);
          const recusals = new Map<number, Set<number>>();
          for (const [a, e] of conflicts) if (e <= nExperts) recusals.set(a, new Set([...(recusals.get(a) ?? []), e]));
          const { assignments, unassignable } = distributeEvenly(applicants, experts, recusals);
          for (const a of applicants) {
            if (unassignable.includes(a)) continue;
            const mine = assignments.filter((x) => x.applicantId === a).map((x) => ({ expertId: x.expertId, role: x.role }));
            expect(checkApplicantDistribution(a, mine, new Set(experts), recusals.get(a) ?? new Set())).to.deep.equal([]);
          }
          if (recusals.size === 0) {
            const loads = experts.map((e) => assignments.filter((x) => x.expertId === e).length);
            expect(Math.max(...loads) - Math.min(...loads)).to.be.at.most(1);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('scoring standard (评分标准)', () => {
  const std = [
    { key: 'ethics', name: '师德师风', weight: 20, max: 10 },
    { key: 'teaching', name: '教学业绩', weight: 40, max: 40 },
    { key: 'research', name: '科研成果', weight: 40, max: 50 },
  ];
  it('needs weights that add up to 100 and unique keys', () => {
    expect(checkStandard(std)).to.deep.equal([]);
    expect(checkStandard([{ ...std[0], weight: 30 }, std[1], std[2]])).to.deep.equal([{ code: 'weights_sum', sum: 110 }]);
    expect(checkStandard([std[0], { ...std[1], key: 'ethics' }, std[2]]).map((p) => p.code)).to.include('duplicate_key');
    expect(checkStandard([])).to.deep.equal([{ code: 'no_criteria' }]);
  });
  it('checks scores against each maximum and computes the weighted total', () => {
    expect(checkScores(std, { ethics: 11 }, false)).to.deep.equal([{ code: 'score_out_of_range', key: 'ethics', max: 10 }]);
    expect(checkScores(std, { ethics: 9 }, true).map((p) => p.code)).to.deep.equal(['missing_score', 'missing_score']);
    expect(checkScores(std, { bogus: 1 }, false)).to.deep.equal([{ code: 'unknown_criterion', key: 'bogus' }]);
    expect(totalScore(std, { ethics: 10, teaching: 40, research: 50 })).to.equal(100);
    expect(totalScore(std, { ethics: 5, teaching: 20, research: 25 })).to.equal(50);
  });
});
