import { For, Show, createSignal } from 'solid-js';
import { A, createAsync, useSearchParams } from '@solidjs/router';
import { FormError, TextAreaField } from '../../components/Field';
import { PageHeader } from '../../components/Layout';
import { formatDateTime, t } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { confirmAction } from '../../stores/confirm';
import { getMyMeetings } from '../../stores/live';
import { toast } from '../../stores/toasts';
import { confirmStandard, getMeeting } from '../../stores/setup';
import type { MeetingDetail } from '../../api/setup';
import { StatusBadge, one } from './common';
import { StandardTable } from './meeting/StandardTab';

/**
 * 评分标准确认 (seed 000 第四章 (二)(1)): the chair (主任) picks the meeting and confirms the scoring
 * standard the unit's leader approved — or sends it back with an opinion. Only the chair of a meeting
 * sees its confirm button; the server checks again.
 */
export default function ChairStandardPage() {
  const [params, setParams] = useSearchParams();
  const mine = createAsync(() => getMyMeetings());
  const chaired = () => (mine() ?? []).filter((m) => m.title === 'chair' && m.status !== 'closed');
  const selected = () => Number(one(params.id)) || chaired()[0]?.id || 0;
  return (
    <div class="setup-page" data-testid="chair-standard">
      <PageHeader title={t('nav.setupStandards')} />
      <Show when={chaired().length} fallback={<div class="card muted">{t('setup.chair.none')}</div>}>
        <Show when={chaired().length > 1}>
          <div class="filters card">
            <label>
              {t('setup.chair.meeting')}{' '}
              <select onChange={(e) => setParams({ id: e.currentTarget.value })}>
                <For each={chaired()}>
                  {(m) => (
                    <option value={String(m.id)} selected={m.id === selected()}>
                      {m.name}
                    </option>
                  )}
                </For>
              </select>
            </label>
          </div>
        </Show>
        <Show when={selected()} keyed>
          {(id) => <ConfirmPanel id={id} />}
        </Show>
      </Show>
    </div>
  );
}

function ConfirmPanel(props: { id: number }) {
  const meeting = createAsync(() => getMeeting(props.id));
  return <Show when={meeting()}>{(m) => <ConfirmView m={m()} />}</Show>;
}

function ConfirmView(props: { m: MeetingDetail }) {
  const m = () => props.m;
  const [opinion, setOpinion] = createSignal('');
  const run = useRunner(confirmStandard);
  const mayConfirm = () => m().can.includes('standard:confirm');
  const decide = async (approve: boolean) => {
    if (approve && !(await confirmAction({ title: t('setup.chair.confirm'), message: t('setup.chair.confirmMessage', { name: m().name }) }))) return;
    const res = await run.run(m().id, approve, opinion().trim() || undefined);
    if (res.ok) toast.success(approve ? t('setup.chair.confirmed') : t('setup.chair.returned'));
  };
  return (
    <section class="card" data-testid="confirm-panel" data-meeting={m().id}>
      <header class="card-head">
        <div>
          <h2>{m().name}</h2>
          <p class="muted small">
            {formatDateTime(m().startsAt)} – {formatDateTime(m().endsAt)}
            <Show when={m().address}> · {m().address}</Show>
          </p>
        </div>
        <StatusBadge family="standardStatus" status={m().standardStatus} />
      </header>
      <StandardTable criteria={m().standard} />
      <Show when={mayConfirm()}>
        <p class="hint">{t('setup.chair.hint')}</p>
        <TextAreaField label={t('setup.opinion')} value={opinion()} onValue={setOpinion} rows={2} maxLength={500} error={run.fields().opinion} />
        <FormError message={run.formMessage()} />
        <div class="actions-row">
          <button type="button" class="danger" disabled={run.pending() || !opinion().trim()} onClick={() => decide(false)} data-testid="chair-return">
            {t('setup.return')}
          </button>
          <button type="button" class="primary" disabled={run.pending()} onClick={() => decide(true)} data-testid="chair-confirm">
            {t('setup.chair.confirm')}
          </button>
        </div>
      </Show>
      <Show when={!mayConfirm()}>
        <p class="notice info" data-testid="chair-state">
          {m().standardStatus === 'confirmed' ? t('setup.chair.alreadyConfirmed') : t('setup.chair.notYet')}
        </p>
      </Show>
      <Show when={m().standardStatus === 'confirmed'}>
        <div class="actions-row">
          <A class="button" href={`/meetings/${m().id}/expert`}>
            {t('live.nav.expert')}
          </A>
          <Show when={m().status === 'ready' || m().status === 'running'}>
            <A class="button primary" href={`/meetings/${m().id}/chair`}>
              {t('live.nav.chair')}
            </A>
          </Show>
        </div>
      </Show>
    </section>
  );
}
