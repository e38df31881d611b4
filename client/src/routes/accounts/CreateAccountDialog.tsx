import { Match, Show, Switch, createMemo, createSignal } from 'solid-js';
import type { CreateAccountInput, CreatedAccount, Permission, StaffKind } from '../../api';
import { Dialog } from '../../components/Dialog';
import { FormError, SelectField, TextField } from '../../components/Field';
import { SecretReveal } from '../../components/SecretReveal';
import { t, tx, type MessageKey } from '../../i18n';
import { DEFAULT_PERMISSIONS, checkIdNumber } from '../../lib/rules';
import { useRunner } from '../../lib/useRunner';
import { createAccount } from '../../stores/accounts';
import { session } from '../../stores/session';
import { SeriesChecks, StaffScopeFields } from './ScopeFields';

type NewRole = CreateAccountInput['role'];

/** Supervisors and policy reviewers are created by offices, committee units and self-evaluating units. */
function rolesFor(orgKind: string | undefined): NewRole[] {
  const base: NewRole[] = ['staff', 'applicant', 'expert'];
  return orgKind === 'office' || orgKind === 'committee_unit' || orgKind === 'self_evaluating' ? [...base, 'supervisor', 'policy_reviewer'] : base;
}

const thisYear = () => new Date(Date.now() + 8 * 3600_000).getUTCFullYear();

/**
 * 新建账号: staff with handler/leader, permissions and optionally a series limit; applicants and
 * experts by ID number; policy reviewers with the series they check.
 */
export function CreateAccountDialog(props: { open: boolean; onClose: () => void }) {
  const [role, setRole] = createSignal<NewRole>('staff');
  const [name, setName] = createSignal('');
  const [username, setUsername] = createSignal('');
  const [idNumber, setIdNumber] = createSignal('');
  const [phone, setPhone] = createSignal('');
  const [staffKind, setStaffKind] = createSignal<StaffKind>('handler');
  const [perms, setPerms] = createSignal<Permission[]>([...DEFAULT_PERMISSIONS.handler]);
  const [year, setYear] = createSignal(String(thisYear()));
  const [series, setSeries] = createSignal<string[]>([]);
  const [local, setLocal] = createSignal<Record<string, string>>({});
  const [created, setCreated] = createSignal<CreatedAccount | null>(null);
  const runner = useRunner(createAccount);
  const err = (f: string) => local()[f] ?? runner.fields()[f];
  const usesId = () => role() === 'applicant' || role() === 'expert';
  const needsUsername = () => role() === 'staff' || role() === 'supervisor';
  const idProblem = createMemo(() => (idNumber().trim().length === 0 ? null : checkIdNumber(idNumber())));

  const changeKind = (k: StaffKind) => {
    setStaffKind(k);
    setPerms([...DEFAULT_PERMISSIONS[k]]);
  };

  const reset = () => {
    setName('');
    setUsername('');
    setIdNumber('');
    setPhone('');
    setSeries([]);
    setLocal({});
    runner.clear();
  };
  const close = () => {
    setCreated(null);
    reset();
    props.onClose();
  };
  const another = () => {
    setCreated(null);
    reset();
  };

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (name().trim().length < 2) problems.name = t('field.too_small');
    if (needsUsername() && !/^[A-Za-z0-9_.-]{3,64}$/.test(username())) problems.username = username() ? t('accounts.create.usernameHint') : t('error.username_required');
    if (role() === 'policy_reviewer' && username() && !/^[A-Za-z0-9_.-]{3,64}$/.test(username())) problems.username = t('accounts.create.usernameHint');
    if (usesId()) {
      const p = checkIdNumber(idNumber());
      if (!idNumber().trim()) problems.idNumber = t('error.id_number_required');
      else if (p) problems.idNumber = t(`id.check.${p}` as MessageKey);
    }
    if (phone() && !/^[\d+\- ]{5,20}$/.test(phone())) problems.phone = t('field.invalid_format');
    const seriesList = series();
    if (role() === 'policy_reviewer' && seriesList.length === 0) problems.seriesScope = t('error.series_scope_required');
    setLocal(problems);
    if (Object.keys(problems).length) return;

    const input: CreateAccountInput = {
      orgId: session.org!.id,
      role: role(),
      name: name().trim(),
      ...(phone().trim() ? { phone: phone().trim() } : {}),
      ...(needsUsername() || (role() === 'policy_reviewer' && username()) ? { username: username() } : {}),
      ...(usesId() ? { idNumber: idNumber().trim().toUpperCase() } : {}),
      ...(role() === 'staff' ? { staffKind: staffKind(), permissions: perms() } : {}),
      ...(role() === 'applicant' || role() === 'policy_reviewer' ? { year: Number(year()) } : {}),
      ...(role() === 'policy_reviewer' || (role() === 'staff' && seriesList.length) ? { seriesScope: seriesList } : {}),
    };
    const r = await runner.run(input);
    if (r.ok) setCreated(r.value);
  };

  return (
    <Dialog open={props.open} title={t('accounts.create.title')} onClose={close} wide>
      <Show
        when={created()}
        fallback={
          <form onSubmit={submit} novalidate data-testid="create-account-form">
            <SelectField label={t('accounts.create.kind')} name="role" value={role()} onValue={(r) => { setRole(r); setSeries([]); setLocal({}); runner.clear(); }} options={rolesFor(session.org?.kind).map((r) => ({ value: r, label: tx(`role.${r}`) }))} />
            <div class="row2">
              <TextField label={t('accounts.name')} name="name" value={name()} onValue={setName} error={err('name')} required maxLength={50} />
              <TextField label={`${t('accounts.phone')}（${t('common.optional')}）`} name="phone" type="tel" value={phone()} onValue={setPhone} error={err('phone')} maxLength={20} />
            </div>
            <Switch>
              <Match when={usesId()}>
                <div class="row2">
                  <TextField
                    label={t('accounts.idNumber')}
                    name="idNumber"
                    class="mono-input"
                    autocapitalize="characters"
                    maxLength={18}
                    value={idNumber()}
                    onValue={setIdNumber}
                    required
                    error={err('idNumber') ?? (idNumber().trim().length === 18 && idProblem() ? t(`id.check.${idProblem()!}` as MessageKey) : undefined)}
                    hint={idNumber().trim().length === 18 && !idProblem() ? <span class="ok-text">✓ {t('id.check.ok')}</span> : t('accounts.create.idHint')}
                  />
                  <Show when={role() === 'applicant'}>
                    <TextField label={t('accounts.create.year')} name="year" inputmode="numeric" maxLength={4} value={year()} onValue={setYear} error={err('year')} />
                  </Show>
                </div>
              </Match>
              <Match when={true}>
                <TextField
                  label={role() === 'policy_reviewer' ? `${t('accounts.username')}（${t('common.optional')}）` : t('accounts.username')}
                  name="username"
                  autocapitalize="off"
                  value={username()}
                  onValue={setUsername}
                  error={err('username')}
                  hint={t('accounts.create.usernameHint')}
                  required={needsUsername()}
                />
              </Match>
            </Switch>
            <Show when={role() === 'staff'}>
              <StaffScopeFields staffKind={staffKind()} onKind={changeKind} permissions={perms()} onPermissions={setPerms} series={series()} onSeries={setSeries} error={err} />
            </Show>
            <Show when={role() === 'policy_reviewer'}>
              <SeriesChecks label={t('accounts.create.series')} value={series()} onValue={setSeries} error={err('seriesScope')} required testid="series-review" />
              <TextField label={t('accounts.create.year')} name="year" inputmode="numeric" maxLength={4} value={year()} onValue={setYear} error={err('year')} />
            </Show>
            <FormError message={runner.formMessage()} />
            <div class="dialog-actions">
              <button type="button" onClick={close}>
                {t('common.cancel')}
              </button>
              <button type="submit" class="primary" disabled={runner.pending()}>
                {t('common.submit')}
              </button>
            </div>
          </form>
        }
      >
        {(c) => (
          <div data-testid="create-account-result">
            <div class="notice ok">{t('accounts.create.done', { name: c().account.name })}</div>
            <SecretReveal title={t('accounts.create.passwordTitle')} username={c().account.username} password={c().initialPassword} />
            <div class="dialog-actions">
              <button type="button" onClick={another}>
                {t('accounts.create')}
              </button>
              <button type="button" class="primary" onClick={close}>
                {t('common.done')}
              </button>
            </div>
          </div>
        )}
      </Show>
    </Dialog>
  );
}
