export { ApiError, isApiError, type ErrorDetail } from './error';
export { request, http } from './client';
export { tokens } from './tokens';
export { authApi, orgsApi, accountsApi } from './endpoints';
export type * from './types';
