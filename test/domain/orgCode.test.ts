import { expect } from 'chai';
import { checkChildCode, nextSerial, SERIAL_RANGES, categoriesFor, childOfficeLevel } from '../../server/domain/orgCode';

describe('organisation codes (seed 001)', () => {
  it('draws serials from the category range, lowest free first', () => {
    expect(nextSerial('party', [], '13')).to.equal(101);
    expect(nextSerial('university', ['133501', '133502', '1335010101'], '13')).to.equal(3503);
    expect(nextSerial('talent_centre', ['135000'], '13')).to.equal(null);
    expect(nextSerial('office', [], '136001')).to.equal(6001);
  });

  it('checks a child code against parent, length and range', () => {
    expect(checkChildCode('131001', '13', 'government')).to.equal(null);
    expect(checkChildCode('130101', '13', 'government')).to.equal('out_of_range');
    expect(checkChildCode('141001', '13', 'government')).to.equal('not_under_parent');
    expect(checkChildCode('1310011', '13', 'government')).to.equal('not_under_parent');
    expect(checkChildCode('13a001', '13', 'government')).to.equal('format');
  });

  it('keeps the ranges disjoint, so no two kinds can take the same code', () => {
    const ranges = Object.values(SERIAL_RANGES).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i][0]).to.be.greaterThan(ranges[i - 1][1]);
  });

  it('limits kinds to their ranges and offices to three levels', () => {
    expect(categoriesFor('office')).to.deep.equal(['office']);
    expect(categoriesFor('self_evaluating')).to.include('hospital');
    expect(childOfficeLevel('province')).to.equal('city');
    expect(childOfficeLevel('city')).to.equal('county');
    expect(childOfficeLevel('county')).to.equal(null);
  });
});
