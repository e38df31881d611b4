import { action, json, query } from '@solidjs/router';
import { accountsApi, type AccountQuery, type CreateAccountInput, type UpdateAccountInput } from '../api';

/** 账号管理 data. Lists are cached per filter; every change refetches the lists. */
export const getAccounts = query((q: AccountQuery) => accountsApi.list(q), 'accounts.list');

const KEYS = ['accounts.'];
const onlyAccounts = <T>(data: T) => json(data, { revalidate: KEYS });

export const createAccount = action(async (input: CreateAccountInput) => onlyAccounts(await accountsApi.create(input)), 'accounts.create');
export const updateAccount = action(
  async (id: number, changes: UpdateAccountInput) => onlyAccounts(await accountsApi.update(id, changes)),
  'accounts.update',
);
export const resetAccountPassword = action(async (id: number) => onlyAccounts(await accountsApi.resetPassword(id)), 'accounts.resetPassword');
export const setAccountDisabled = action(
  async (id: number, disabled: boolean) => onlyAccounts(await accountsApi.setDisabled(id, disabled)),
  'accounts.setDisabled',
);
export const deleteAccount = action(async (id: number) => onlyAccounts(await accountsApi.remove(id)), 'accounts.delete');
