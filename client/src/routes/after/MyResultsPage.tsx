import { For, Show, createSignal, onCleanup, onMount } from 'solid-js';
import { createAsync } from '@solidjs/router';
import type { AppealKind, FlowStep, MyResult } from '../../api/after';
import { FormError, TextAreaField } from '../../components/Field';
import { PageHeader } from '../../components/Layout';
import { formatDateTime, t, tx } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { getFlow, getMyResults, submitAppeal, useMyResultsLive } from '../../stores/after';
import { toast } from '../../stores/toasts';
import { OutcomeBadge, PdfButton, StatusBadge, PickField } from './common';

/**
 * 我的评审结果: what the applicant learns once the committee unit publishes — the result, the
 * publicity period, re-checks and complaints with their handling, the certificate, and the
 * declaration's timeline (its flow log: every step from submission to the certificate). It follows
 * the applicant's own room, so a publication, a confirmation or an answer shows without a reload.
 */
export default function MyResultsPage() {
  const data = createAsync(() => getMyResults());
  onMount(() => onCleanup(useMyResultsLive()));
  return (
    <div class="after-page">
      <PageHeader title={t('after.myResults')} />
      <Show when={data()}>
        {(d) => (
          <For each={d().items} fallback={<p class="card muted">{t('after.noResultYet')}</p>}>
            {(r) => <ResultCard r={r} />}
          </For>
        )}
      </Show>
    </div>
  );
}

function ResultCard(props: { r: MyResult }) {
  const [kind, setKind] = createSignal<AppealKind>('recheck');
  const [content, setContent] = createSignal('');
  const run = useRunner(submitAppeal);
  const canAppeal = () => props.r.publicity.status === 'open' || props.r.outcome === 'held';
  const send = async () => {
    const res = await run.run(props.r.declarationId, kind(), content().trim());
    if (res.ok) {
      toast.success(t('after.appealSent'));
      setContent('');
    }
  };
  return (
    <section class="card" data-testid="my-result">
      <h2>{props.r.meetingName}</h2>
      <dl class="facts">
        <dt>{t('after.result')}</dt>
        <dd>
          <OutcomeBadge outcome={props.r.outcome} />
          <Show when={props.r.outcomeNote}>
            <small class="muted"> {props.r.outcomeNote}</small>
          </Show>
        </dd>
        <dt>{t('after.declarationStatus')}</dt>
        <dd data-testid="my-status">{tx(`after.status.${props.r.status}`, props.r.statusName)}</dd>
        <dt>{t('after.period')}</dt>
        <dd>{t('after.periodText', { start: props.r.publicity.startsOn, end: props.r.publicity.endsOn, days: props.r.publicity.workingDays })}</dd>
      </dl>
      <For each={props.r.certificates}>
        {(c) => (
          <div class="cert-line">
            <strong>{t('after.certificate')}</strong> <span class="mono">{c.number}</span> · {t('after.verifyCode')} <span class="mono">{c.verifyCode}</span>{' '}
            <StatusBadge status={c.status} label={tx(`after.certStatus.${c.status}`)} /> <PdfButton path={`/certificates/${c.id}/pdf`}>{t('after.certPdf')}</PdfButton>
          </div>
        )}
      </For>
      <Timeline declarationId={props.r.declarationId} />
      <Show when={props.r.appeals.length}>
        <h3>{t('after.myAppeals')}</h3>
        <ul class="plain-list">
          <For each={props.r.appeals}>
            {(a) => (
              <li>
                {tx(`after.appealKind.${a.kind}`)} · {formatDateTime(a.createdAt)} · <StatusBadge status={a.status} label={tx(`after.appealStatus.${a.status}`)} />
                <Show when={a.handlingOpinion}>
                  <div class="muted">{a.handlingOpinion}</div>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={canAppeal()}>
        <details class="appeal-form">
          <summary>{t('after.askAppeal')}</summary>
          <PickField label={t('after.appealKind')} value={kind()} onValue={setKind} options={[{ value: 'recheck', label: t('after.appealKind.recheck') }, { value: 'complaint', label: t('after.appealKind.complaint') }]} />
          <TextAreaField label={t('after.appealContent')} value={content()} onValue={setContent} rows={4} maxLength={2000} required error={run.fields().content} />
          <FormError message={run.formMessage()} />
          <button type="button" class="primary" disabled={run.pending() || !content().trim()} onClick={send}>
            {t('common.submit')}
          </button>
        </details>
      </Show>
    </section>
  );
}

/** Who acted, as the applicant may see it: a name for their own steps, otherwise the role. */
const actorOf = (e: FlowStep) =>
  e.actorName ?? (e.actorRole === 'system' ? t('after.timeline.system') : tx(`role.${e.actorRole}`, tx(`staffKind.${e.actorRole}`, t('after.timeline.staff'))));

/** 流转记录: the declaration's flow log, newest first, refreshed with the page on declaration:status. */
function Timeline(props: { declarationId: number }) {
  const flow = createAsync(() => getFlow(props.declarationId));
  const steps = () => [...(flow()?.items ?? [])].reverse();
  return (
    <details class="flow" open data-testid="my-timeline">
      <summary>
        <h3 style={{ display: 'inline' }}>{t('after.timeline')}</h3>
      </summary>
      <Show when={steps().length} fallback={<p class="muted">{t('after.timeline.empty')}</p>}>
        <ol class="timeline" reversed>
          <For each={steps()}>
            {(e) => (
              <li data-testid="timeline-step" data-action={e.action}>
                <time class="muted" dateTime={e.at}>
                  {formatDateTime(e.at)}
                </time>{' '}
                <strong>{tx(`decl.action.${e.action}`, e.action)}</strong>
                <Show when={e.toStatus && e.toStatus !== e.fromStatus}>
                  {' '}→ {tx(`after.status.${e.toStatus}`, tx(`decl.status.${e.toStatus}`, e.toStatus ?? ''))}
                </Show>
                <small class="muted">
                  {' '}
                  · {[e.orgName, actorOf(e)].filter(Boolean).join(' · ')}
                </small>
                <Show when={e.opinion}>
                  <div class="muted">{e.opinion}</div>
                </Show>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </details>
  );
}
