import { Show, createEffect, createSignal } from 'solid-js';
import { createAsync } from '@solidjs/router';
import type { OrgDetail, OrgProfile } from '../../api';
import { Badge, orgStatusTone } from '../../components/Badge';
import { FormError, SelectField, TextAreaField, TextField } from '../../components/Field';
import { PageHeader } from '../../components/Layout';
import { t, tx } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { getOrg, submitOrgProfile, useOrgLive } from '../../stores/orgs';
import { loadMe, session } from '../../stores/session';
import { toast } from '../../stores/toasts';

const NATURES = ['机关', '事业单位', '企业', '社会组织', '其他'] as const;

/**
 * 本单位信息: a new unit completes its profile and submits it to the parent (the only page it sees
 * until approved); an approved unit's admin edits it here later.
 */
export default function ProfilePage() {
  const id = () => session.org!.id;
  const org = createAsync(() => getOrg(id()));
  useOrgLive(() => [id()]);
  return (
    <div class="narrow wide-ish">
      <PageHeader title={session.org?.status === 'active' ? t('nav.profile') : t('orgs.profileForm.title')} />
      <Show when={org()}>{(o) => <ProfileForm org={o()} />}</Show>
    </div>
  );
}

function ProfileForm(props: { org: OrgDetail }) {
  const editable = () => props.org.can.includes('org:updateProfile');
  const [name, setName] = createSignal(props.org.name);
  const [p, setP] = createSignal<OrgProfile>({ ...props.org.profile });
  const runner = useRunner(submitOrgProfile);
  const set = (k: keyof OrgProfile) => (v: string) => setP({ ...p(), [k]: v });
  const err = (k: string) => runner.fields()[`profile.${k}`] ?? runner.fields()[k];
  // The parent's decision arrives live: follow the status (and `can`) without a reload.
  createEffect(() => {
    if (props.org.status !== session.org?.status) void loadMe().catch(() => undefined);
  });

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    // Empty strings would fail the server's formats (email, phone): send only what is filled in.
    const profile = Object.fromEntries(Object.entries(p()).filter(([, v]) => typeof v === 'string' && v.trim() !== '').map(([k, v]) => [k, (v as string).trim()])) as OrgProfile;
    const r = await runner.run(props.org.id, profile, name().trim() !== props.org.name ? name().trim() : undefined);
    if (r.ok) {
      toast.success(t('orgs.profileForm.saved'));
      await loadMe().catch(() => undefined);
    }
  };

  return (
    <form class="card" onSubmit={submit} novalidate data-testid="profile-form">
      <div class="detail-sub">
        <span class="mono">{props.org.code}</span>
        <Badge tone={orgStatusTone(props.org.status)}>{tx(`orgStatus.${props.org.status}`)}</Badge>
      </div>
      <Show when={props.org.status === 'pending_profile' && !props.org.statusReason}>
        <div class="notice info">{t('orgs.profileForm.intro')}</div>
      </Show>
      <Show when={props.org.status === 'pending_profile' && props.org.statusReason}>
        <div class="notice warn">{t('orgs.profileForm.rejected', { reason: props.org.statusReason! })}</div>
      </Show>
      <Show when={props.org.status === 'pending_approval'}>
        <div class="notice info">{t('orgs.profileForm.pending')}</div>
      </Show>
      <fieldset disabled={!editable()}>
        <TextField label={t('orgs.name')} value={name()} onValue={setName} error={err('name')} required maxLength={100} />
        <div class="row2">
          <TextField label={t('orgs.profile.contactName')} value={p().contactName ?? ''} onValue={set('contactName')} error={err('contactName')} maxLength={50} />
          <TextField label={t('orgs.profile.contactPhone')} type="tel" value={p().contactPhone ?? ''} onValue={set('contactPhone')} error={err('contactPhone')} maxLength={20} />
        </div>
        <div class="row2">
          <TextField label={t('orgs.profile.email')} type="email" value={p().email ?? ''} onValue={set('email')} error={err('email')} maxLength={100} />
          <SelectField
            label={t('orgs.profile.nature')}
            value={(p().nature ?? '') as string}
            onValue={set('nature')}
            options={[{ value: '', label: '—' }, ...NATURES.map((n) => ({ value: n as string, label: tx(`nature.${n}`) }))]}
            error={err('nature')}
          />
        </div>
        <TextField label={t('orgs.profile.address')} value={p().address ?? ''} onValue={set('address')} error={err('address')} maxLength={200} />
        <TextField label={t('orgs.profile.creditCode')} value={p().creditCode ?? ''} onValue={(v) => set('creditCode')(v.toUpperCase())} error={err('creditCode')} maxLength={18} class="mono-input" />
        <TextAreaField label={t('orgs.profile.note')} value={p().note ?? ''} onValue={set('note')} maxLength={500} error={err('note')} />
      </fieldset>
      <FormError message={runner.formMessage()} />
      <Show when={editable()}>
        <button type="submit" class="primary" disabled={runner.pending()}>
          {props.org.status === 'active' ? t('common.save') : t('orgs.profileForm.submit')}
        </button>
      </Show>
    </form>
  );
}
