import { Show, createSignal } from 'solid-js';
import type { AccountListItem, Permission, StaffKind, UpdateAccountInput } from '../../api';
import { Dialog } from '../../components/Dialog';
import { FormError, TextField } from '../../components/Field';
import { t, tx } from '../../i18n';
import { LEADER_ONLY } from '../../lib/rules';
import { useRunner } from '../../lib/useRunner';
import { updateAccount } from '../../stores/accounts';
import { toast } from '../../stores/toasts';
import { SeriesChecks, StaffScopeFields } from './ScopeFields';

/**
 * 编辑账号 (PATCH /accounts/:id): name and phone for everyone; a staff member's kind (经办人/领导),
 * permissions and series limit; a policy reviewer's series. The role itself never changes.
 */
export function EditAccountDialog(props: { account: AccountListItem | null; onClose: () => void }) {
  return (
    <Dialog open={!!props.account} title={t('accounts.edit.title')} onClose={props.onClose} wide>
      <Show when={props.account} keyed>
        {(a) => <EditForm account={a} onClose={props.onClose} />}
      </Show>
    </Dialog>
  );
}

function EditForm(props: { account: AccountListItem; onClose: () => void }) {
  const a = props.account;
  const isStaff = a.role === 'staff';
  const hasSeries = isStaff || a.role === 'policy_reviewer';
  const [name, setName] = createSignal(a.name);
  const [phone, setPhone] = createSignal(a.phone ?? '');
  const [staffKind, setStaffKind] = createSignal<StaffKind>(a.staffKind ?? 'handler');
  const [perms, setPerms] = createSignal<Permission[]>([...a.permissions]);
  const [series, setSeries] = createSignal<string[]>([...a.seriesScope]);
  const [local, setLocal] = createSignal<Record<string, string>>({});
  const runner = useRunner(updateAccount);
  const err = (f: string) => local()[f] ?? runner.fields()[f];

  // A handler may not hold leader-only permissions: switching to handler takes them off.
  const changeKind = (k: StaffKind) => {
    setStaffKind(k);
    if (k === 'handler') setPerms(perms().filter((p) => !LEADER_ONLY.includes(p)));
  };

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (name().trim().length < 2) problems.name = t('field.too_small');
    if (phone().trim() && !/^[\d+\- ]{5,20}$/.test(phone().trim())) problems.phone = t('field.invalid_format');
    if (a.role === 'policy_reviewer' && series().length === 0) problems.seriesScope = t('error.series_scope_required');
    setLocal(problems);
    if (Object.keys(problems).length) return;
    const changes: UpdateAccountInput = {
      name: name().trim(),
      phone: phone().trim() || null,
      ...(isStaff ? { staffKind: staffKind(), permissions: perms() } : {}),
      ...(hasSeries ? { seriesScope: series() } : {}),
    };
    const r = await runner.run(a.id, changes);
    if (r.ok) {
      toast.success(t('accounts.edit.saved', { name: changes.name! }));
      props.onClose();
    }
  };

  return (
    <form onSubmit={submit} novalidate data-testid="edit-account-form" data-account-id={a.id}>
      <p class="muted">
        {t('accounts.username')}：<span class="mono">{a.username}</span>　{t('accounts.role')}：{tx(`role.${a.role}`)}
      </p>
      <div class="row2">
        <TextField label={t('accounts.name')} name="name" value={name()} onValue={setName} error={err('name')} required maxLength={50} />
        <TextField label={`${t('accounts.phone')}（${t('common.optional')}）`} name="phone" type="tel" value={phone()} onValue={setPhone} error={err('phone')} maxLength={20} />
      </div>
      <Show when={isStaff}>
        <StaffScopeFields staffKind={staffKind()} onKind={changeKind} permissions={perms()} onPermissions={setPerms} series={series()} onSeries={setSeries} error={err} />
      </Show>
      <Show when={a.role === 'policy_reviewer'}>
        <SeriesChecks label={t('accounts.create.series')} value={series()} onValue={setSeries} error={err('seriesScope')} required testid="series-review" />
      </Show>
      <FormError message={runner.formMessage()} />
      <div class="dialog-actions">
        <button type="button" onClick={() => props.onClose()}>
          {t('common.cancel')}
        </button>
        <button type="submit" class="primary" disabled={runner.pending()}>
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}
