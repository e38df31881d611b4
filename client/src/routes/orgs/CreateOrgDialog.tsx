import { Show, createMemo, createSignal } from 'solid-js';
import type { CreatedOrg, OrgCategory, OrgKind } from '../../api';
import { Dialog } from '../../components/Dialog';
import { FormError, SelectField, TextField } from '../../components/Field';
import { SecretReveal } from '../../components/SecretReveal';
import { t, tx } from '../../i18n';
import { ORG_KINDS, SERIAL_RANGES, categoriesFor, defaultCategory } from '../../lib/rules';
import { useRunner } from '../../lib/useRunner';
import { createOrg } from '../../stores/orgs';

interface Parent {
  id: number;
  name: string;
  code: string;
  kind: string;
  level: string | null;
}

/** Kinds a parent may create: offices only below an office that is not a county one. */
function kindsUnder(parent: Parent): OrgKind[] {
  const officeAllowed = parent.kind === 'office' && parent.level !== 'county' && parent.level !== null;
  return ORG_KINDS.filter((k) => k !== 'office' || officeAllowed);
}

/** 新建下级单位, then the new admin's one-time initial password. */
export function CreateOrgDialog(props: { open: boolean; parent: Parent; onClose: (created?: CreatedOrg) => void }) {
  const kinds = () => kindsUnder(props.parent);
  const [name, setName] = createSignal('');
  const [kind, setKind] = createSignal<OrgKind>('employer');
  const [category, setCategory] = createSignal<OrgCategory>(defaultCategory('employer'));
  const [serial, setSerial] = createSignal('');
  const [adminUsername, setAdminUsername] = createSignal('');
  const [adminName, setAdminName] = createSignal('');
  const [local, setLocal] = createSignal<Record<string, string>>({});
  const [created, setCreated] = createSignal<CreatedOrg | null>(null);
  const runner = useRunner(createOrg);
  const range = createMemo(() => SERIAL_RANGES[category()]);
  const err = (f: string) => local()[f] ?? runner.fields()[f];

  const changeKind = (k: OrgKind) => {
    setKind(k);
    setCategory(defaultCategory(k));
  };

  const close = () => {
    const c = created();
    setCreated(null);
    setName('');
    setSerial('');
    setAdminUsername('');
    setAdminName('');
    setLocal({});
    runner.clear();
    props.onClose(c ?? undefined);
  };

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (name().trim().length < 2) problems.name = t('field.too_small');
    const s = serial().trim();
    if (s && (!/^\d{1,4}$/.test(s) || Number(s) < range()[0] || Number(s) > range()[1])) problems.serial = t('error.serial_out_of_range');
    if (adminUsername() && !/^[A-Za-z0-9_.-]{3,64}$/.test(adminUsername())) problems.adminUsername = t('accounts.create.usernameHint');
    setLocal(problems);
    if (Object.keys(problems).length) return;
    const r = await runner.run({
      parentId: props.parent.id,
      name: name().trim(),
      kind: kind(),
      category: category(),
      ...(s ? { serial: Number(s) } : {}),
      ...(adminUsername() ? { adminUsername: adminUsername() } : {}),
      ...(adminName().trim() ? { adminName: adminName().trim() } : {}),
    });
    if (r.ok) setCreated(r.value);
  };

  return (
    <Dialog open={props.open} title={t('orgs.create.title')} onClose={close} wide>
      <Show
        when={created()}
        fallback={
          <form onSubmit={submit} novalidate data-testid="create-org">
            <p class="muted">{t('orgs.create.under', { name: props.parent.name, code: props.parent.code })}</p>
            <TextField label={t('orgs.name')} name="name" value={name()} onValue={setName} error={err('name')} required maxLength={100} />
            <div class="row2">
              <SelectField label={t('orgs.kind')} name="kind" value={kind()} onValue={changeKind} options={kinds().map((k) => ({ value: k, label: tx(`orgKind.${k}`) }))} error={err('kind')} required />
              <SelectField
                label={t('orgs.category')}
                name="category"
                value={category()}
                onValue={setCategory}
                options={categoriesFor(kind()).map((c) => ({ value: c, label: `${tx(`orgCategory.${c}`)} (${String(SERIAL_RANGES[c][0]).padStart(4, '0')}–${String(SERIAL_RANGES[c][1]).padStart(4, '0')})` }))}
                error={err('category')}
              />
            </div>
            <div class="row2">
              <TextField
                label={`${t('orgs.create.serial')}（${t('common.optional')}）`}
                name="serial"
                inputmode="numeric"
                maxLength={4}
                value={serial()}
                onValue={setSerial}
                error={err('serial')}
                hint={t('orgs.create.serialHint', { lo: String(range()[0]).padStart(4, '0'), hi: String(range()[1]).padStart(4, '0') })}
              />
              <TextField
                label={`${t('orgs.create.adminUsername')}（${t('common.optional')}）`}
                name="adminUsername"
                autocapitalize="off"
                value={adminUsername()}
                onValue={setAdminUsername}
                error={err('adminUsername')}
                hint={t('orgs.create.adminUsernameHint')}
              />
            </div>
            <TextField label={`${t('orgs.create.adminName')}（${t('common.optional')}）`} name="adminName" value={adminName()} onValue={setAdminName} error={err('adminName')} />
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
          <div data-testid="create-org-result">
            <div class="notice ok">{t('orgs.create.done', { name: c().org.name, code: c().org.code })}</div>
            <SecretReveal title={t('orgs.create.passwordTitle')} username={c().admin.username} password={c().admin.initialPassword} />
            <div class="dialog-actions">
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
