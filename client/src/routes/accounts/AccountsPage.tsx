import { For, Show, createMemo, createSignal } from 'solid-js';
import { createAsync, useSearchParams } from '@solidjs/router';
import { isApiError, type AccountListItem, type AccountQuery, type AccountState, type Role } from '../../api';
import { Badge } from '../../components/Badge';
import { DataTable, Pager, type Column } from '../../components/DataTable';
import { Dialog } from '../../components/Dialog';
import { PageHeader } from '../../components/Layout';
import { formatDateTime, t, tx } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { deleteAccount, getAccounts, resetAccountPassword, setAccountDisabled } from '../../stores/accounts';
import { confirmAction } from '../../stores/confirm';
import { getOrgTree } from '../../stores/orgs';
import { canDo, session } from '../../stores/session';
import { toast } from '../../stores/toasts';
import { SecretDialog } from '../orgs/OrgDialogs';
import { CreateAccountDialog } from './CreateAccountDialog';
import { EditAccountDialog } from './EditAccountDialog';
import { useSeriesNames } from './ScopeFields';
import { ExportButton } from '../after/common';

const ROLES: Role[] = ['admin', 'staff', 'applicant', 'expert', 'policy_reviewer', 'supervisor'];
const STATES: AccountState[] = ['active', 'disabled', 'locked', 'must_change'];

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

function StateBadges(props: { a: AccountListItem }) {
  const expired = () => !!props.a.expiresAt && new Date(props.a.expiresAt).getTime() < Date.now();
  return (
    <span class="badges">
      <Show when={props.a.disabled}>
        <Badge tone="muted">{t('accounts.state.disabled')}</Badge>
      </Show>
      <Show when={props.a.locked}>
        <Badge tone="bad">{t('accounts.state.locked')}</Badge>
      </Show>
      <Show when={expired()}>
        <Badge tone="muted">{t('accounts.state.expired')}</Badge>
      </Show>
      <Show when={props.a.mustChangePassword}>
        <Badge tone="warn">{t('accounts.state.must_change')}</Badge>
      </Show>
      <Show when={!props.a.disabled && !props.a.locked && !expired() && !props.a.mustChangePassword}>
        <Badge tone="ok">{t('accounts.state.active')}</Badge>
      </Show>
    </span>
  );
}

/**
 * 账号管理: an organisation's accounts (optionally its subtree), searched by name, username or ID
 * number, filtered by role and state, paged. The filters live in the URL.
 */
export default function AccountsPage() {
  const [params, setParams] = useSearchParams();
  const query = createMemo<AccountQuery>(() => ({
    orgId: Number(one(params.org)) || undefined,
    subtree: one(params.subtree) === 'true' ? 'true' : 'false',
    role: (one(params.role) as Role) || undefined,
    state: (one(params.state) as AccountState) || undefined,
    q: one(params.q) || undefined,
    page: Number(one(params.page)) || 1,
    pageSize: Number(one(params.size)) || 20,
  }));
  const list = createAsync(() => getAccounts(query()));
  const orgs = createAsync(() => getOrgTree());
  const [search, setSearch] = createSignal(one(params.q) ?? '');
  const [creating, setCreating] = createSignal(false);
  const [secret, setSecret] = createSignal<{ title: string; username: string; password: string } | null>(null);
  const [history, setHistory] = createSignal<AccountListItem | null>(null);
  const [editing, setEditing] = createSignal<AccountListItem | null>(null);
  const seriesNames = useSeriesNames();
  const reset = useRunner(resetAccountPassword);
  const toggle = useRunner(setAccountDisabled);
  const remove = useRunner(deleteAccount);

  const filter = (next: Record<string, string | undefined>) => setParams({ ...next, page: undefined });
  const rootCode = () => session.org?.code ?? '';

  const doReset = async (a: AccountListItem) => {
    if (!(await confirmAction({ title: t('accounts.reset'), message: t('accounts.reset.confirm', { name: a.name }), danger: true }))) return;
    const r = await reset.run(a.id);
    if (r.ok) setSecret({ title: t('accounts.reset.title'), username: r.value.username, password: r.value.initialPassword });
    else toast.failure(r.error);
  };
  const doToggle = async (a: AccountListItem) => {
    if (!a.disabled && !(await confirmAction({ title: t('accounts.disable'), message: t('accounts.disable.confirm', { name: a.name }), danger: true }))) return;
    const r = await toggle.run(a.id, !a.disabled);
    r.ok ? toast.success(a.disabled ? t('accounts.enabled') : t('accounts.disabled')) : toast.failure(r.error);
  };
  const doDelete = async (a: AccountListItem) => {
    if (!(await confirmAction({ title: t('accounts.delete'), message: t('accounts.delete.confirm', { name: a.name }), danger: true }))) return;
    const r = await remove.run(a.id);
    if (r.ok) toast.success(t('accounts.deleted'));
    else if (isApiError(r.error) && r.error.code === 'account_has_history') setHistory(a);
    else toast.failure(r.error);
  };

  // A memo, so headers follow a language switch.
  const columns = createMemo<Column<AccountListItem>[]>(() => [
    {
      key: 'name',
      header: t('accounts.name'),
      primary: true,
      class: 'wrap',
      cell: (a) => <strong>{a.name}</strong>,
    },
    { key: 'username', header: t('accounts.username'), cell: (a) => <span class="mono">{a.username}</span> },
    {
      key: 'role',
      header: t('accounts.role'),
      cell: (a) => (
        <>
          {a.role === 'staff' && a.staffKind ? `${tx('role.staff')}·${tx(`staffKind.${a.staffKind}`)}` : tx(`role.${a.role}`)}
          <Show when={(a.role === 'staff' || a.role === 'policy_reviewer') && seriesNames(a.seriesScope)}>
            {(text) => (
              <small class="muted series-scope" data-testid="series-scope">
                {' '}
                {text()}
              </small>
            )}
          </Show>
        </>
      ),
    },
    { key: 'org', header: t('accounts.org'), class: 'wrap', cell: (a) => <span title={a.org.code}>{a.org.name}</span> },
    { key: 'state', header: t('accounts.state'), cell: (a) => <StateBadges a={a} /> },
    { key: 'last', header: t('accounts.lastLogin'), cell: (a) => (a.lastLoginAt ? formatDateTime(a.lastLoginAt) : <span class="muted">{t('accounts.never')}</span>) },
    {
      key: 'actions',
      header: t('common.actions'),
      class: 'actions',
      cell: (a) => (
        <div class="row-actions">
          <Show when={a.can.includes('account:update')}>
            <button type="button" class="small" onClick={() => setEditing(a)} data-testid="edit-account">
              {t('accounts.edit')}
            </button>
          </Show>
          <Show when={a.can.includes('account:resetPassword')}>
            <button type="button" class="small" onClick={() => doReset(a)}>
              {t('accounts.reset')}
            </button>
          </Show>
          <Show when={a.can.includes(a.disabled ? 'account:enable' : 'account:disable')}>
            <button type="button" class="small" onClick={() => doToggle(a)}>
              {a.disabled ? t('accounts.enable') : t('accounts.disable')}
            </button>
          </Show>
          <Show when={a.can.includes('account:delete')}>
            <button type="button" class="small danger-text" onClick={() => doDelete(a)}>
              {t('accounts.delete')}
            </button>
          </Show>
        </div>
      ),
    },
  ]);

  return (
    <div class="accounts-page">
      <PageHeader title={t('accounts.title')}>
        <ExportButton path="/accounts/export" query={{ orgId: query().orgId as number | undefined, subtree: query().subtree, role: query().role, state: query().state, q: query().q }} label={t('accounts.export')} />
        <Show when={canDo('account:create')}>
          <button type="button" class="primary" onClick={() => setCreating(true)} data-testid="create-account">
            {t('accounts.create')}
          </button>
        </Show>
      </PageHeader>
      <form
        class="filters card"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          filter({ q: search().trim() || undefined });
        }}
      >
        <input type="search" class="grow" placeholder={t('accounts.search')} aria-label={t('accounts.search')} value={search()} onInput={(e) => setSearch(e.currentTarget.value)} />
        <Show when={(orgs() ?? []).length > 1}>
          <select aria-label={t('accounts.org')} value={one(params.org) ?? ''} onChange={(e) => filter({ org: e.currentTarget.value || undefined })}>
            <option value="">{session.org?.name}</option>
            <For each={(orgs() ?? []).filter((o) => o.id !== session.org?.id)}>
              {(o) => <option value={String(o.id)}>{'\u3000'.repeat(Math.max(0, (o.code.length - rootCode().length) / 4 - 1)) + o.name}</option>}
            </For>
          </select>
        </Show>
        <label class="check">
          <input type="checkbox" checked={one(params.subtree) === 'true'} onChange={(e) => filter({ subtree: e.currentTarget.checked ? 'true' : undefined })} />
          {t('accounts.subtree')}
        </label>
        <select aria-label={t('accounts.role')} value={one(params.role) ?? ''} onChange={(e) => filter({ role: e.currentTarget.value || undefined })}>
          <option value="">
            {t('accounts.role')}：{t('common.all')}
          </option>
          <For each={ROLES}>{(r) => <option value={r}>{tx(`role.${r}`)}</option>}</For>
        </select>
        <select aria-label={t('accounts.state')} value={one(params.state) ?? ''} onChange={(e) => filter({ state: e.currentTarget.value || undefined })}>
          <option value="">
            {t('accounts.state')}：{t('common.all')}
          </option>
          <For each={STATES}>{(s) => <option value={s}>{tx(`accounts.state.${s}`)}</option>}</For>
        </select>
        <button type="submit">{t('common.search')}</button>
      </form>

      <Show when={list()}>
        {(page) => (
          <>
            <DataTable columns={columns()} rows={page().items} rowKey={(a) => a.id} caption={t('accounts.title')} />
            <Pager
              page={page().page}
              pageSize={page().pageSize}
              total={page().total}
              onPage={(p) => setParams({ page: p > 1 ? String(p) : undefined })}
              onPageSize={(n) => setParams({ size: n === 20 ? undefined : String(n), page: undefined })}
            />
          </>
        )}
      </Show>

      <CreateAccountDialog
        open={creating()}
        onClose={() => setCreating(false)}
      />
      <EditAccountDialog account={editing()} onClose={() => setEditing(null)} />
      <SecretDialog secret={secret()} onClose={() => setSecret(null)} />
      <Dialog
        open={!!history()}
        title={t('accounts.hasHistory.title')}
        onClose={() => setHistory(null)}
        footer={
          <>
            <button type="button" onClick={() => setHistory(null)}>
              {t('common.cancel')}
            </button>
            <Show when={history() && !history()!.disabled && history()!.can.includes('account:disable')}>
              <button
                type="button"
                class="danger"
                onClick={async () => {
                  const a = history()!;
                  setHistory(null);
                  const r = await toggle.run(a.id, true);
                  r.ok ? toast.success(t('accounts.disabled')) : toast.failure(r.error);
                }}
              >
                {t('accounts.hasHistory.disableInstead')}
              </button>
            </Show>
          </>
        }
      >
        <p data-testid="has-history">{t('error.account_has_history')}</p>
      </Dialog>
    </div>
  );
}
