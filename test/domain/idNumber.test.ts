import { expect } from 'chai';
import { checkIdNumber, idNumberCheckChar, makeIdNumber, genderOf } from '../../server/domain/idNumber';

describe('ID numbers (GB 11643)', () => {
  it('accepts a published example and computes its check character', () => {
    // The standard's own example: 11010519491231002X.
    expect(idNumberCheckChar('11010519491231002')).to.equal('X');
    expect(checkIdNumber('11010519491231002X')).to.equal(null);
    expect(checkIdNumber('11010519491231002x')).to.equal(null);
  });

  it('rejects a wrong check digit, a bad date and a bad format', () => {
    expect(checkIdNumber('110105194912310021')).to.equal('check_digit');
    expect(checkIdNumber('110105194913310023')).to.equal('birth_date');
    expect(checkIdNumber('11010519491231002')).to.equal('format');
    expect(checkIdNumber('1101051949123100AX')).to.equal('format');
  });

  it('builds valid numbers and reads the gender digit', () => {
    for (let i = 0; i < 50; i++) expect(checkIdNumber(makeIdNumber('130102', '1980-02-29', i))).to.equal(null);
    expect(genderOf('11010519491231002X')).to.equal('female');
  });
});
