import { For, Show, createSignal } from 'solid-js';
import { A, createAsync, useSearchParams } from '@solidjs/router';
import { Dialog } from '../../components/Dialog';
import { FormError, TextAreaField, TextField } from '../../components/Field';
import { PageHeader } from '../../components/Layout';
import { formatDateTime, t } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { toast } from '../../stores/toasts';
import { applyDeadline, disableCommittee, getCommittee, requestCommission } from '../../stores/setup';
import { confirmAction } from '../../stores/confirm';
import { session } from '../../stores/session';
import type { CommitteeDetail } from '../../api/setup';
import { CommitteeForm } from './CommitteeForm';
import { StatusBadge, dateOnly, levelName, one, useSpecialties } from './common';

/** One committee: what it reviews, who founded it, its fees, and what the viewer may do with it. */
export default function CommitteePage() {
  const [params] = useSearchParams();
  const id = () => Number(one(params.id)) || 0;
  const committee = createAsync(() => (id() ? getCommittee(id()) : Promise.resolve(undefined)));
  return (
    <div class="setup-page" data-testid="committee-page">
      <p class="crumbs">
        <A href="/setup/committees">{t('nav.setupCommittees')}</A>
      </p>
      <Show when={committee()}>{(c) => <CommitteeView c={c()} />}</Show>
    </div>
  );
}

function CommitteeView(props: { c: CommitteeDetail }) {
  const c = () => props.c;
  const sp = useSpecialties();
  const can = (a: string) => c().can.includes(a);
  const [dialog, setDialog] = createSignal<'edit' | 'disable' | 'commission' | null>(null);
  const deadline = useRunner(applyDeadline);
  // 材料截止: the committee unit's staff fail the declarations whose material never arrived.
  const mayApplyDeadline = () => c().materialDeadlinePassed && c().status === 'active' && session.org?.id === c().ownerOrgId && (session.account?.role === 'staff' || session.account?.role === 'admin');
  const doDeadline = async () => {
    if (!(await confirmAction({ title: t('setup.committee.applyDeadline'), message: t('setup.committee.applyDeadlineConfirm', { name: c().name }), danger: true }))) return;
    const res = await deadline.run(c().id);
    res.ok ? toast.success(t('setup.committee.deadlineApplied', { n: res.value.failed.length })) : toast.failure(res.error);
  };
  return (
    <>
      <PageHeader title={c().name}>
        <Show when={can('library:read')}>
          <A class="button" href={`/setup/library?committee=${c().id}`}>
            {t('nav.setupLibrary')}
          </A>
        </Show>
        <Show when={can('committee:commission') && c().status === 'active'}>
          <button type="button" onClick={() => setDialog('commission')} data-testid="commission">
            {t('setup.commission.request')}
          </button>
        </Show>
        <Show when={can('committee:manage') && c().status === 'active'}>
          <button type="button" onClick={() => setDialog('edit')} data-testid="edit-committee">
            {t('setup.edit')}
          </button>
          <button type="button" class="danger" onClick={() => setDialog('disable')}>
            {t('setup.committee.disable')}
          </button>
        </Show>
      </PageHeader>
      <section class="card">
        <dl class="facts" data-testid="committee-facts">
          <dt>{t('setup.committee.code')}</dt>
          <dd class="mono">{c().code}</dd>
          <dt>{t('setup.status')}</dt>
          <dd>
            <StatusBadge family="committeeStatus" status={c().status} />
            <Show when={c().statusReason}> {c().statusReason}</Show>
          </dd>
          <dt>{t('setup.committee.series')}</dt>
          <dd>{sp.seriesName(c().seriesCode)}</dd>
          <dt>{t('setup.committee.type')}</dt>
          <dd>{t(c().type === 'self' ? 'setup.committeeType.self' : 'setup.committeeType.social')}</dd>
          <dt>{t('setup.committee.owner')}</dt>
          <dd>{c().ownerOrgName}</dd>
          <dt>{t('setup.committee.levels')}</dt>
          <dd>{c().levels.map(levelName).join('、')}</dd>
          <dt>{t('setup.committee.specialties')}</dt>
          <dd>{sp.list(c().specialties)}</dd>
          <dt>{t('setup.committee.deadline')}</dt>
          <dd>
            {c().materialDeadline ? formatDateTime(c().materialDeadline) : '—'}
            <Show when={c().materialDeadlinePassed}>
              <span class="bad-text small"> {t('setup.committee.deadlinePassed')}</span>
            </Show>
            <Show when={mayApplyDeadline()}>
              {' '}
              <button type="button" class="small" disabled={deadline.pending()} onClick={doDeadline} data-testid="apply-deadline">
                {t('setup.committee.applyDeadline')}
              </button>
            </Show>
          </dd>
          <dt>{t('setup.committee.validity')}</dt>
          <dd>{c().validFrom || c().validUntil ? `${dateOnly(c().validFrom)} – ${dateOnly(c().validUntil)}` : '—'}</dd>
          <Show when={c().note}>
            <dt>{t('setup.note')}</dt>
            <dd class="pre">{c().note}</dd>
          </Show>
        </dl>
      </section>
      <div class="grid cards">
        <section class="card">
          <h2>{t('setup.committee.founders')}</h2>
          <ul class="plain-list">
            <For each={c().foundingUnits} fallback={<li class="muted">{t('common.none')}</li>}>
              {(f) => (
                <li>
                  {f.name} <Show when={f.creditCode}><span class="mono muted small">{f.creditCode}</span></Show>
                </li>
              )}
            </For>
          </ul>
        </section>
        <section class="card">
          <h2>{t('setup.committee.fees')}</h2>
          <ul class="plain-list">
            <For each={c().feeItems} fallback={<li class="muted">{t('common.none')}</li>}>
              {(f) => (
                <li>
                  {f.item}：{t('setup.committee.yuan', { n: f.amount.toFixed(2) })}
                  <Show when={f.note}> <span class="muted small">{f.note}</span></Show>
                </li>
              )}
            </For>
          </ul>
        </section>
      </div>
      <CommitteeForm open={dialog() === 'edit'} committee={c()} onClose={() => setDialog(null)} />
      <Dialog open={dialog() === 'disable'} title={t('setup.committee.disable')} onClose={() => setDialog(null)}>
        <DisableForm c={c()} onClose={() => setDialog(null)} />
      </Dialog>
      <Dialog open={dialog() === 'commission'} title={t('setup.commission.request')} onClose={() => setDialog(null)}>
        <CommissionForm c={c()} onClose={() => setDialog(null)} />
      </Dialog>
    </>
  );
}

function DisableForm(props: { c: CommitteeDetail; onClose: () => void }) {
  const [reason, setReason] = createSignal('');
  const run = useRunner(disableCommittee);
  const go = async () => {
    const res = await run.run(props.c.id, reason().trim());
    if (res.ok) {
      toast.success(t('setup.committee.disabled'));
      props.onClose();
    }
  };
  return (
    <div>
      <p>{t('setup.committee.disableHint', { name: props.c.name })}</p>
      <TextAreaField label={t('setup.reason')} value={reason()} onValue={setReason} rows={2} maxLength={500} error={run.fields().reason} />
      <FormError message={run.formMessage()} />
      <div class="dialog-actions">
        <button type="button" onClick={props.onClose}>
          {t('common.cancel')}
        </button>
        <button type="button" class="danger" disabled={run.pending() || reason().trim().length < 2} onClick={go}>
          {t('setup.committee.disable')}
        </button>
      </div>
    </div>
  );
}

function CommissionForm(props: { c: CommitteeDetail; onClose: () => void }) {
  const [year, setYear] = createSignal(String(new Date().getFullYear()));
  const [note, setNote] = createSignal('');
  const run = useRunner(requestCommission);
  const go = async (e: Event) => {
    e.preventDefault();
    const res = await run.run(props.c.id, { year: Number(year()), note: note().trim() || null });
    if (res.ok) {
      toast.success(t('setup.commission.sent'));
      props.onClose();
    }
  };
  return (
    <form novalidate onSubmit={go}>
      <p class="hint">{t('setup.commission.hint', { name: props.c.name })}</p>
      <TextField label={t('setup.commission.year')} type="number" min="2000" max="2100" value={year()} onValue={setYear} error={run.fields().year} />
      <TextAreaField label={t('setup.note')} value={note()} onValue={setNote} rows={2} maxLength={500} error={run.fields().note} />
      <FormError message={run.formMessage()} />
      <div class="dialog-actions">
        <button type="button" onClick={props.onClose}>
          {t('common.cancel')}
        </button>
        <button type="submit" class="primary" disabled={run.pending()}>
          {t('setup.commission.send')}
        </button>
      </div>
    </form>
  );
}
