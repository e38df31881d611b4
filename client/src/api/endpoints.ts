import { http, request } from './client';
import { tokens } from './tokens';
import type {
  AccountListItem,
  AccountQuery,
  Account,
  CreateAccountInput,
  CreateOrgInput,
  CreatedAccount,
  CreatedOrg,
  Me,
  Org,
  OrgDetail,
  OrgProfile,
  Page,
  PasswordReset,
  SessionView,
  UpdateAccountInput,
} from './types';

/** Typed endpoints, one function per route; the stores call these, components never do. */
export const authApi = {
  async login(username: string, password: string): Promise<SessionView> {
    const s = await request<SessionView>('POST', '/auth/login', { body: { username, password }, auth: false });
    tokens.accept(s);
    return s;
  },
  async changePassword(currentPassword: string, newPassword: string): Promise<SessionView> {
    const s = await http.post<SessionView>('/auth/password', { currentPassword, newPassword });
    tokens.accept(s);
    return s;
  },
  me: () => http.get<Me>('/auth/me'),
  logout: () => request<void>('POST', '/auth/logout', { body: {}, auth: false }),
};

export const orgsApi = {
  tree: (rootId?: number) => http.get<{ items: Org[] }>('/orgs/tree', { rootId }),
  get: (id: number) => http.get<OrgDetail>(`/orgs/${id}`),
  pendingMoves: () => http.get<{ items: OrgDetail[] }>('/orgs/pending-moves'),
  lookup: (code: string) => http.get<{ id: number; code: string; name: string; kind: string }>('/orgs/lookup', { code }),
  create: (input: CreateOrgInput) => http.post<CreatedOrg>('/orgs', input),
  submitProfile: (id: number, profile: OrgProfile, name?: string) => http.put<Org>(`/orgs/${id}/profile`, { profile, ...(name ? { name } : {}) }),
  decide: (id: number, approve: boolean, reason?: string) => http.post<Org>(`/orgs/${id}/approval`, { approve, ...(reason ? { reason } : {}) }),
  resetAdminPassword: (id: number) => http.post<PasswordReset>(`/orgs/${id}/reset-admin-password`),
  disable: (id: number) => http.post<Org>(`/orgs/${id}/disable`),
  requestMove: (id: number, newParentId: number) => http.post<Org>(`/orgs/${id}/move`, { newParentId }),
  decideMove: (id: number, approve: boolean, reason?: string) =>
    http.post<Org>(`/orgs/${id}/move/decision`, { approve, ...(reason ? { reason } : {}) }),
};

export const accountsApi = {
  list: (q: AccountQuery) => http.get<Page<AccountListItem>>('/accounts', q as Record<string, string | number | undefined>),
  get: (id: number) => http.get<AccountListItem>(`/accounts/${id}`),
  create: (input: CreateAccountInput) => http.post<CreatedAccount>('/accounts', input),
  update: (id: number, changes: UpdateAccountInput) => http.patch<Account>(`/accounts/${id}`, changes),
  setDisabled: (id: number, disabled: boolean) => http.post<Account>(`/accounts/${id}/${disabled ? 'disable' : 'enable'}`),
  resetPassword: (id: number) => http.post<PasswordReset>(`/accounts/${id}/reset-password`),
  remove: (id: number) => http.delete(`/accounts/${id}`),
};
