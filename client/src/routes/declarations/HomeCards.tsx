import { For, Show, onCleanup, onMount } from 'solid-js';
import { A, createAsync } from '@solidjs/router';
import type { Step } from '../../api/declarations';
import { t, tx } from '../../i18n';
import { getMine, getQueueCount, reviewSteps, useApplicantLive, useQueueLive } from '../../stores/declarations';
import { session } from '../../stores/session';
import { StatusBadge, positionText, titleLine } from './parts';

/** 首页卡片 我的申报: this year's declaration and where it is, live. */
export function MyDeclarationCard() {
  const list = createAsync(() => getMine());
  onMount(() => onCleanup(useApplicantLive()));
  const latest = () => (list() ?? [])[0];
  return (
    <section class="card" data-testid="home-my-declaration">
      <h2>{t('decl.mine')}</h2>
      <Show when={list()} fallback={<p class="muted">{t('common.loading')}</p>}>
        <Show
          when={latest()}
          fallback={
            <>
              <p class="muted">{t('decl.noneYet')}</p>
              <A href="/declarations/mine" class="button primary small">
                {t('decl.new')}
              </A>
            </>
          }
        >
          {(d) => (
            <div class="home-decl">
              <div>
                <strong>{t('decl.yearTitle', { year: d().year })}</strong> <StatusBadge status={d().status} label={d().statusName} />
              </div>
              <div class="small">{titleLine(d())}</div>
              <Show when={positionText(d())}>
                <div class="muted small">{positionText(d())}</div>
              </Show>
              <A href={`/declarations/${d().id}`} class="small">
                {d().can.includes('edit') ? t('decl.continueFilling') : t('decl.viewProgress')} →
              </A>
            </div>
          )}
        </Show>
      </Show>
    </section>
  );
}

/** 首页卡片 待我审核: how many wait at each of my steps, counted live from the queue rooms. */
export function ReviewQueueCard() {
  const steps = () => reviewSteps(session);
  const live = useQueueLive(steps);
  onMount(() => live.sync());
  onCleanup(() => live.stop());
  return (
    <section class="card" data-testid="home-review-queue">
      <h2>{t('decl.toReview')}</h2>
      <ul class="plain-list queue-counts">
        <For each={steps()}>{(s) => <CountLine step={s} />}</For>
      </ul>
      <A href="/review" class="small">
        {t('decl.openWorkbench')} →
      </A>
    </section>
  );
}

function CountLine(props: { step: Step }) {
  const n = createAsync(() => getQueueCount(props.step));
  return (
    <li>
      <A href={`/review?step=${props.step}`}>{tx(`decl.step.${props.step}`)}</A>
      <span class="count-big" data-testid={`home-count-${props.step}`}>
        {n() ?? '…'}
      </span>
    </li>
  );
}
