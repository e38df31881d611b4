import { For, Show, createSignal } from 'solid-js';
import { createAsync, useSearchParams } from '@solidjs/router';
import { FormError } from '../../components/Field';
import { PageHeader } from '../../components/Layout';
import { t } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { toast } from '../../stores/toasts';
import { getCommittees, getMeeting, getOfficeEntrustments, getPool, performEntrustment } from '../../stores/setup';
import type { Entrustment } from '../../api/setup';
import { StatusBadge, Tabs, one, useSpecialties } from './common';

const TABS = ['pending', 'done'] as const;

/**
 * 委托选取专家: a committee unit asked this office to find experts for one group; the office draws them
 * at random from the libraries under it (the seed is recorded like any draw) or picks them by hand.
 */
export default function EntrustmentsPage() {
  const [params, setParams] = useSearchParams();
  const tab = () => (one(params.tab) === 'done' ? 'done' : 'pending');
  const list = createAsync(() => getOfficeEntrustments(tab()));
  return (
    <div class="setup-page" data-testid="entrustments">
      <PageHeader title={t('nav.setupEntrustments')} />
      <Tabs tabs={TABS} current={tab()} label={(x) => t(`setup.entrustStatus.${x}`)} onSelect={(x) => setParams({ tab: x === 'pending' ? undefined : x })} />
      <Show when={(list() ?? []).length} fallback={<div class="card muted">{t('setup.entrust.none')}</div>}>
        <For each={list()}>{(e) => <EntrustmentCard e={e} />}</For>
      </Show>
    </div>
  );
}

function EntrustmentCard(props: { e: Entrustment }) {
  const sp = useSpecialties();
  const meeting = createAsync(() => getMeeting(props.e.meetingId));
  const committees = createAsync(() => getCommittees({ state: 'active', pageSize: 200 }));
  const [manual, setManual] = createSignal(false);
  const [picked, setPicked] = createSignal<number[]>([]);
  const pool = createAsync(() => (manual() && committees() ? getPool(committees()!.items.map((c) => c.id)) : Promise.resolve([])));
  const run = useRunner(performEntrustment);
  const group = () => meeting()?.groups.find((g) => g.id === props.e.groupId);
  const go = async (body: { mode: 'random' } | { mode: 'manual'; expertIds: number[] }) => {
    const res = await run.run(props.e.id, body);
    if (res.ok) toast.success(t('setup.entrust.performed'));
  };
  return (
    <section class="card">
      <header class="card-head">
        <div>
          <h2>{meeting()?.name ?? `#${props.e.meetingId}`}</h2>
          <p class="muted small">
            {group()?.name} · {props.e.needs.map((n) => `${sp.name(n.specialty)} × ${n.count}`).join('、')}
          </p>
        </div>
        <StatusBadge family="entrustStatus" status={props.e.status} />
      </header>
      <Show when={props.e.note}>
        <p class="quote">{props.e.note}</p>
      </Show>
      <Show when={props.e.status === 'pending'}>
        <Show when={manual()}>
          <div class="pick-list">
            <For each={pool()} fallback={<p class="muted">{t('common.loading')}</p>}>
              {(x) => (
                <label class="check">
                  <input type="checkbox" checked={picked().includes(x.expertId)} onChange={(ev) => setPicked((p) => (ev.currentTarget.checked ? [...p, x.expertId] : p.filter((y) => y !== x.expertId)))} />
                  <span>
                    {x.name} <span class="muted small">{x.employerName} · {sp.list(x.specialties)}</span>
                  </span>
                </label>
              )}
            </For>
          </div>
        </Show>
        <FormError message={run.error() ? (Object.values(run.fields())[0] ?? run.formMessage()) : null} />
        <div class="actions-row">
          <Show when={manual()} fallback={<button type="button" onClick={() => setManual(true)}>{t('setup.entrust.pickByHand')}</button>}>
            <button type="button" disabled={!picked().length || run.pending()} onClick={() => go({ mode: 'manual', expertIds: picked() })}>
              {t('setup.manual.submit', { n: picked().length })}
            </button>
          </Show>
          <button type="button" class="primary" disabled={run.pending()} onClick={() => go({ mode: 'random' })}>
            {t('setup.entrust.drawRandom')}
          </button>
        </div>
      </Show>
    </section>
  );
}
