import { For, Show, createSignal } from 'solid-js';
import { createAsync, useSearchParams } from '@solidjs/router';
import { FormError, TextAreaField } from '../../components/Field';
import { PageHeader } from '../../components/Layout';
import { formatDateTime, t } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { toast } from '../../stores/toasts';
import { decideFiling, getCommittees, getOfficeFilings } from '../../stores/setup';
import type { LibraryFiling } from '../../api/setup';
import { ExportButton, StatusBadge, Tabs, one } from './common';

const TABS = ['submitted', 'approved', 'returned'] as const;

/**
 * 专家库更新备案审核 (seed 004 §6.5.3.2): the office approves a committee's library changes — all its
 * additions and removals at once — or returns the filing with an opinion; 备案查询 in the other tabs.
 */
export default function OfficeFilingsPage() {
  const [params, setParams] = useSearchParams();
  const tab = () => ((TABS as readonly string[]).includes(one(params.tab) ?? '') ? (one(params.tab) as (typeof TABS)[number]) : 'submitted');
  const list = createAsync(() => getOfficeFilings(tab()));
  const committees = createAsync(() => getCommittees({ state: 'all', pageSize: 200 }));
  const committeeName = (id: number) => committees()?.items.find((c) => c.id === id)?.name ?? `#${id}`;
  return (
    <div class="setup-page" data-testid="office-filings">
      <PageHeader title={t('nav.setupFilings')}>
        <ExportButton path="/library-filings/export" query={{ status: tab() }} label={t('setup.export')} />
      </PageHeader>
      <Tabs tabs={TABS} current={tab()} label={(x) => t(`setup.filingStatus.${x}`)} onSelect={(x) => setParams({ tab: x === 'submitted' ? undefined : x })} />
      <Show when={(list()?.items ?? []).length} fallback={<div class="card muted">{t('setup.filing.none')}</div>}>
        <For each={list()!.items}>{(f) => <FilingCard f={f} committee={committeeName(f.committeeId)} />}</For>
      </Show>
    </div>
  );
}

function FilingCard(props: { f: LibraryFiling; committee: string }) {
  const [opinion, setOpinion] = createSignal('');
  const run = useRunner(decideFiling);
  const go = async (approve: boolean) => {
    const res = await run.run(props.f.id, approve, opinion().trim() || undefined);
    if (res.ok) toast.success(approve ? t('setup.filing.approved') : t('setup.filing.returned'));
  };
  return (
    <section class="card" data-filing={props.f.id}>
      <header class="card-head">
        <div>
          <h2>{props.committee}</h2>
          <p class="muted small">{props.f.submittedAt ? formatDateTime(props.f.submittedAt) : ''}</p>
        </div>
        <StatusBadge family="filingStatus" status={props.f.status} />
      </header>
      <Show when={props.f.note}>
        <p class="quote">{props.f.note}</p>
      </Show>
      <ul class="plain-list filing-items">
        <For each={props.f.items}>
          {(i) => (
            <li>
              <span class="badge" classList={{ ok: i.action === 'add', bad: i.action === 'remove' }}>
                {t(i.action === 'add' ? 'setup.filing.add' : 'setup.filing.remove')}
              </span>{' '}
              {i.expertName}
              <Show when={i.reason}> <span class="muted small">{i.reason}</span></Show>
            </li>
          )}
        </For>
      </ul>
      <Show when={props.f.opinion}>
        <p class="small">
          {t('setup.opinion')}：{props.f.opinion}
        </p>
      </Show>
      <Show when={props.f.status === 'submitted'}>
        <TextAreaField label={t('setup.opinion')} value={opinion()} onValue={setOpinion} rows={2} maxLength={500} error={run.fields().opinion} />
        <FormError message={run.formMessage()} />
        <div class="actions-row">
          <button type="button" class="danger" disabled={run.pending() || !opinion().trim()} onClick={() => go(false)}>
            {t('setup.return')}
          </button>
          <button type="button" class="primary" disabled={run.pending()} onClick={() => go(true)}>
            {t('setup.approve')}
          </button>
        </div>
      </Show>
    </section>
  );
}
