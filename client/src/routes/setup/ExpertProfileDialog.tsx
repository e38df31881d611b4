import { For, Show, createSignal, type JSX } from 'solid-js';
import { createAsync } from '@solidjs/router';
import { Dialog } from '../../components/Dialog';
import { FormError, TextAreaField } from '../../components/Field';
import { formatDateTime, t, tx } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { toast } from '../../stores/toasts';
import { getExpert, reviewProfile } from '../../stores/setup';
import type { ExpertProfile, ProfileData } from '../../api/setup';
import { StatusBadge, levelName, useSpecialties } from './common';

/** One expert's profile as the approving organisations and the library see it; reviewers decide here. */
export function ExpertProfileDialog(props: { expertId: number | null; review?: boolean; onClose: () => void }) {
  return (
    <Dialog open={props.expertId !== null} title={t('setup.profile.title')} onClose={props.onClose} wide>
      <ProfileBody id={props.expertId!} review={props.review} onClose={props.onClose} />
    </Dialog>
  );
}

function ProfileBody(props: { id: number; review?: boolean; onClose: () => void }) {
  const e = createAsync(() => getExpert(props.id));
  const [opinion, setOpinion] = createSignal('');
  const run = useRunner(reviewProfile);
  const decide = async (approve: boolean) => {
    const res = await run.run(props.id, approve, opinion().trim() || undefined);
    if (res.ok) {
      toast.success(approve ? t('setup.profile.approved') : t('setup.profile.returned'));
      props.onClose();
    }
  };
  return (
    <Show when={e()} fallback={<p class="muted">{t('common.loading')}</p>}>
      {(x) => (
        <div data-testid="expert-profile">
          <ProfileView e={x()} />
          <Show when={props.review && x().profileStatus === 'submitted'}>
            <div class="review-box">
              <TextAreaField label={t('setup.opinion')} value={opinion()} onValue={setOpinion} rows={2} maxLength={500} error={run.fields().opinion} />
              <FormError message={run.formMessage()} />
              <div class="actions-row">
                <button type="button" class="danger" disabled={run.pending() || !opinion().trim()} onClick={() => decide(false)}>
                  {t('setup.return')}
                </button>
                <button type="button" class="primary" disabled={run.pending()} onClick={() => decide(true)} data-testid="profile-approve">
                  {t('setup.approve')}
                </button>
              </div>
            </div>
          </Show>
        </div>
      )}
    </Show>
  );
}

function Section(props: { title: string; show: boolean; children: JSX.Element }) {
  return (
    <Show when={props.show}>
      <h3>{props.title}</h3>
      {props.children}
    </Show>
  );
}

const period = (p: { from?: string; to?: string }) => (p.from || p.to ? `${p.from ?? ''} – ${p.to ?? t('setup.profile.now')}` : '');

/** The profile's sections (学习经历, 工作履历, 荣誉, 奖励, 专家称号, 论文, 论著) read-only. */
export function ProfileView(props: { e: ExpertProfile }) {
  const sp = useSpecialties();
  const p = (): ProfileData => props.e.profile ?? {};
  return (
    <div class="profile-view">
      <dl class="facts">
        <dt>{t('setup.expert.name')}</dt>
        <dd>{props.e.name}</dd>
        <dt>{t('setup.expert.employer')}</dt>
        <dd>{props.e.employerName ?? '—'}</dd>
        <dt>{t('setup.expert.specialties')}</dt>
        <dd>{sp.list(props.e.specialties)}</dd>
        <dt>{t('setup.library.titleName')}</dt>
        <dd>{[props.e.titleLevel ? levelName(props.e.titleLevel) : '', props.e.titleName ?? ''].filter(Boolean).join(' ') || '—'}</dd>
        <dt>{t('setup.library.phone')}</dt>
        <dd>{props.e.phone ?? '—'}</dd>
        <dt>{t('setup.library.profile')}</dt>
        <dd>
          <StatusBadge family="profileStatus" status={props.e.profileStatus} />
        </dd>
      </dl>
      <Section title={t('setup.profile.education')} show={!!p().education?.length}>
        <ul class="plain-list">
          <For each={p().education}>{(x) => <li>{[period(x), x.school, x.major, x.degree].filter(Boolean).join('　')}</li>}</For>
        </ul>
      </Section>
      <Section title={t('setup.profile.work')} show={!!p().work?.length}>
        <ul class="plain-list">
          <For each={p().work}>{(x) => <li>{[period(x), x.employer, x.position].filter(Boolean).join('　')}</li>}</For>
        </ul>
      </Section>
      <For each={['honours', 'awards', 'expertTitles'] as const}>
        {(k) => (
          <Section title={t(`setup.profile.${k}`)} show={!!p()[k]?.length}>
            <ul class="plain-list">
              <For each={p()[k]}>{(x) => <li>{x}</li>}</For>
            </ul>
          </Section>
        )}
      </For>
      <Section title={t('setup.profile.papers')} show={!!p().papers?.length}>
        <ul class="plain-list">
          <For each={p().papers}>{(x) => <li>{[x.title, x.journal, x.year].filter(Boolean).join('，')}</li>}</For>
        </ul>
      </Section>
      <Section title={t('setup.profile.books')} show={!!p().books?.length}>
        <ul class="plain-list">
          <For each={p().books}>{(x) => <li>{[x.title, x.publisher, x.year].filter(Boolean).join('，')}</li>}</For>
        </ul>
      </Section>
      <Section title={t('setup.note')} show={!!p().note}>
        <p class="pre">{p().note}</p>
      </Section>
      <Section title={t('setup.profile.log')} show={props.e.log.length > 0}>
        <ol class="timeline">
          <For each={props.e.log}>
            {(l) => (
              <li>
                <span class="muted">{formatDateTime(l.createdAt)}</span> {tx(`setup.profileAction.${l.action}`, l.action)} · {l.actorName}
                <Show when={l.opinion}>：{l.opinion}</Show>
              </li>
            )}
          </For>
        </ol>
      </Section>
    </div>
  );
}
