import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { zhCN } from '../../client/src/i18n/zh-CN';
import { en } from '../../client/src/i18n/en';

/**
 * Every error code the server can send has a human message in both languages. The codes are read
 * from the server's source, so a new code without a translation fails here, not in front of a user.
 */
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Codes built from a prefix and a problem union (`id_number_${problem}`), with the union's values. */
const TEMPLATED: Record<string, string[]> = {
  id_number_: ['format', 'birth_date', 'check_digit'],
  password_: ['too_short', 'too_long', 'too_simple', 'contains_username'],
  code_: ['format', 'not_under_parent', 'out_of_range', 'too_long'],
};

function serverErrorCodes(): { codes: Set<string>; prefixes: Set<string> } {
  const codes = new Set<string>();
  const prefixes = new Set<string>();
  const patterns = [
    /\b(?:forbidden|conflict|unprocessable|unauthenticated)\(\s*'([a-z_]+)'/g,
    /\binvalidField\(\s*[^,]+,\s*'([a-z_]+)'/g,
    /new AppError\(\s*\d+,\s*'([a-z_]+)'/g,
  ];
  for (const file of [...sourceFiles('server'), ...sourceFiles('realtime')]) {
    const text = fs.readFileSync(file, 'utf8');
    for (const re of patterns) for (const m of text.matchAll(re)) codes.add(m[1]);
    // The HTTP edge also answers with codes it picks from objects (accountBlock: account_disabled…);
    // domain modules' `{ code }` problems are not answers until a route throws them.
    if (file.includes(`${path.sep}http${path.sep}`)) for (const m of text.matchAll(/\{\s*code:\s*'([a-z_]+)'/g)) codes.add(m[1]);
    for (const m of text.matchAll(/\binvalidField\(\s*[^,]+,\s*`([a-z_]+)\$\{/g)) prefixes.add(m[1]);
  }
  return { codes, prefixes };
}

describe('client messages for server error codes', () => {
  it('knows every templated code family the server builds', () => {
    const { prefixes } = serverErrorCodes();
    expect([...prefixes].sort()).to.deep.equal(Object.keys(TEMPLATED).sort());
  });

  it('has a Chinese and an English message for every code', () => {
    const { codes } = serverErrorCodes();
    for (const [prefix, values] of Object.entries(TEMPLATED)) for (const v of values) codes.add(prefix + v);
    expect(codes.size).to.be.greaterThan(40);
    const missing = [...codes].filter((c) => !(`error.${c}` in zhCN) || !en[`error.${c}` as keyof typeof en]);
    expect(missing, 'error codes without a message').to.deep.equal([]);
  });

  it('has the English dictionary complete and distinct from the Chinese one', () => {
    for (const key of Object.keys(zhCN) as (keyof typeof zhCN)[]) {
      expect(en[key], key).to.be.a('string').and.not.equal('');
    }
    const same = (Object.keys(zhCN) as (keyof typeof zhCN)[]).filter((k) => /[\u4e00-\u9fff]/.test(en[k]) && !k.startsWith('nature.') && k !== 'app.lang');
    expect(same, 'English texts that are still Chinese').to.deep.equal([]);
  });
});
