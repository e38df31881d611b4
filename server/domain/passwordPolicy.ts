/**
 * 密码策略: at least 8 characters and three of upper case, lower case, digits and symbols; not
 * the username. The same rule is shown to the user before they type.
 */
export type PasswordProblem = 'too_short' | 'too_long' | 'too_simple' | 'contains_username';

export function checkPasswordPolicy(password: string, username: string): PasswordProblem | null {
  if (password.length < 8) return 'too_short';
  if (password.length > 128) return 'too_long';
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (classes < 3) return 'too_simple';
  if (username.length >= 4 && password.toLowerCase().includes(username.toLowerCase())) return 'contains_username';
  return null;
}
