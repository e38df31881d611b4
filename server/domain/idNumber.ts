/**
 * 居民身份证号码 (GB 11643-1999): 17 digits and a check character computed with ISO 7064 MOD 11-2.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

export type IdNumberProblem = 'format' | 'birth_date' | 'check_digit';

export function checkIdNumber(value: string): IdNumberProblem | null {
  const v = value.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(v)) return 'format';
  const y = Number(v.slice(6, 10));
  const m = Number(v.slice(10, 12));
  const d = Number(v.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || date.getTime() > Date.now()) {
    return 'birth_date';
  }
  return idNumberCheckChar(v) === v[17] ? null : 'check_digit';
}

export const normaliseIdNumber = (v: string) => v.trim().toUpperCase();

export function birthDateOf(idNumber: string): string {
  return `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
}

/** The 17th digit is odd for men, even for women. */
export const genderOf = (idNumber: string): 'male' | 'female' => (Number(idNumber[16]) % 2 === 1 ? 'male' : 'female');

/** Builds a valid number from a region, a birth date and a sequence; used by the demo data and tests. */
export function makeIdNumber(region: string, birth: string, sequence: number): string {
  const first17 = `${region}${birth.replace(/-/g, '')}${String(sequence % 1000).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}
