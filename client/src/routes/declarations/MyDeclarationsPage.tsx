import { For, Show, createSignal, onCleanup, onMount } from 'solid-js';
import { A, createAsync, useNavigate } from '@solidjs/router';
import { PageHeader } from '../../components/Layout';
import { formatDateTime, t } from '../../i18n';
import { getMine, useApplicantLive } from '../../stores/declarations';
import { session } from '../../stores/session';
import { SettingsForm } from './SettingsForm';
import { StatusBadge, positionText, titleLine } from './parts';

/**
 * 我的申报: this year's declaration (one per person per year) and earlier ones; the first visit
 * starts with the settings (个人申报设置). Statuses follow the applicant's room live.
 */
export default function MyDeclarationsPage() {
  const list = createAsync(() => getMine());
  const navigate = useNavigate();
  const [creating, setCreating] = createSignal(false);
  onMount(() => onCleanup(useApplicantLive()));
  const year = () => session.account?.loginYear || new Date().getFullYear();
  const hasThisYear = () => (list() ?? []).some((d) => d.year === year());
  return (
    <div class="decl-page" data-testid="my-declarations">
      <PageHeader title={t('decl.mine')}>
        <Show when={list()?.length && !hasThisYear() && !creating()}>
          <button type="button" class="primary" onClick={() => setCreating(true)} data-testid="new-declaration">
            {t('decl.new')}
          </button>
        </Show>
      </PageHeader>
      <Show when={creating() || (list() && list()!.length === 0)}>
        <section class="card">
          <h2>{t('decl.settingsTitle')}</h2>
          <p class="muted">{t('decl.settingsIntro')}</p>
          <SettingsForm onDone={(d) => navigate(`/declarations/${d.id}?step=basicInfo`)} onCancel={list()?.length ? () => setCreating(false) : undefined} />
        </section>
      </Show>
      <div class="decl-cards">
        <For each={list() ?? []}>
          {(d) => (
            <A class="card decl-card" href={`/declarations/${d.id}`} data-testid="my-declaration" data-id={d.id}>
              <div class="decl-card-head">
                <strong>{t('decl.yearTitle', { year: d.year })}</strong>
                <StatusBadge status={d.status} label={d.statusName} />
              </div>
              <div>{titleLine(d)}</div>
              <div class="muted small">
                <Show when={positionText(d)} fallback={d.submittedAt ? t('decl.submittedOn', { at: formatDateTime(d.submittedAt) }) : t('decl.notSubmitted')}>
                  {t('decl.waitingAtText', { where: positionText(d) })}
                </Show>
              </div>
              <Show when={d.can.includes('edit')}>
                <span class="decl-card-cta">{d.status === 'returned' ? t('decl.editAndResubmit') : t('decl.continueFilling')} →</span>
              </Show>
            </A>
          )}
        </For>
      </div>
    </div>
  );
}
