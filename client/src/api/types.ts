/**
 * Response shapes, inferred from the server's own zod schemas (type-only imports: nothing of the
 * server is bundled), so a change of contract breaks the type check, not the user.
 */
import type { z } from 'zod';
import type { accountView, meView, orgBrief, sessionView } from '../../../server/routes/auth/schema';
import type { createdOrgView, orgDetailView, orgProfile, orgView, resetView, createOrgBody } from '../../../server/routes/orgs/schema';
import type { accountListItem, createAccountBody, createdAccountView, listAccountsQuery, updateAccountBody } from '../../../server/routes/accounts/schema';
import type { Permission, Role, StaffKind } from '../../../server/domain/accountTypes';
import type { OrgCategory, OrgKind, OrgLevel, OrgStatus } from '../../../server/domain/orgTypes';

export type { Permission, Role, StaffKind, OrgCategory, OrgKind, OrgLevel, OrgStatus };

export type Account = z.infer<typeof accountView>;
export type OrgBrief = z.infer<typeof orgBrief>;
export type SessionView = z.infer<typeof sessionView>;
export type Me = z.infer<typeof meView>;

export type Org = z.infer<typeof orgView>;
export type OrgDetail = z.infer<typeof orgDetailView>;
export type OrgProfile = z.infer<typeof orgProfile>;
export type CreatedOrg = z.infer<typeof createdOrgView>;
export type CreateOrgInput = z.input<typeof createOrgBody>;
export type PasswordReset = z.infer<typeof resetView>;

export type AccountListItem = z.infer<typeof accountListItem>;
export type CreateAccountInput = z.input<typeof createAccountBody>;
export type UpdateAccountInput = z.input<typeof updateAccountBody>;
export type CreatedAccount = z.infer<typeof createdAccountView>;
export type AccountQuery = Partial<z.input<typeof listAccountsQuery>>;
export type AccountState = NonNullable<z.infer<typeof listAccountsQuery>['state']>;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
