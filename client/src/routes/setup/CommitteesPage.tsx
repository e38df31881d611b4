import { For, Match, Show, Switch, createMemo, createSignal } from 'solid-js';
import { A, createAsync, useNavigate, useSearchParams } from '@solidjs/router';
import { DataTable, Pager, type Column } from '../../components/DataTable';
import { FormError, TextAreaField } from '../../components/Field';
import { Dialog } from '../../components/Dialog';
import { PageHeader } from '../../components/Layout';
import { formatDateTime, t } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { session } from '../../stores/session';
import { toast } from '../../stores/toasts';
import { decideCommission, getCommissions, getCommittees, withdrawCommission } from '../../stores/setup';
import type { Commission, Committee } from '../../api/setup';
import { CommitteeForm } from './CommitteeForm';
import { ExportButton, StatusBadge, Tabs, dateOnly, levelName, one, useSpecialties } from './common';

const TABS = ['active', 'history', 'incoming', 'outgoing'] as const;
type Tab = (typeof TABS)[number];

/**
 * 评委会管理 / 历史评委会 / 委托评审: the committees one may see (the office: those of the units under
 * it), their history (注销 or expired), and commission requests — other units asking one of our
 * committees to review their applicants (incoming), or ours to other committees (outgoing).
 */
export default function CommitteesPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const tab = () => ((TABS as readonly string[]).includes(one(params.tab) ?? '') ? (one(params.tab) as Tab) : 'active');
  const [creating, setCreating] = createSignal(false);
  const mayCreate = () => session.account?.role === 'admin' && session.org?.kind === 'office' && session.org?.level !== 'county';
  return (
    <div class="setup-page" data-testid="setup-committees">
      <PageHeader title={t('nav.setupCommittees')}>
        <Show when={tab() === 'active' || tab() === 'history'}>
          <ExportButton path="/committees/export" query={{ state: tab() }} label={t('setup.export')} />
        </Show>
        <Show when={mayCreate()}>
          <button type="button" class="primary" onClick={() => setCreating(true)} data-testid="new-committee">
            {t('setup.committee.create')}
          </button>
        </Show>
      </PageHeader>
      <Tabs tabs={TABS} current={tab()} label={(x) => t(`setup.committees.${x}`)} onSelect={(x) => setParams({ tab: x === 'active' ? undefined : x, page: undefined, q: undefined })} />
      <Switch>
        <Match when={tab() === 'active' || tab() === 'history'}>
          <CommitteeList state={tab() as 'active' | 'history'} />
        </Match>
        <Match when={tab() === 'incoming' || tab() === 'outgoing'}>
          <Commissions side={tab() as 'incoming' | 'outgoing'} />
        </Match>
      </Switch>
      <CommitteeForm open={creating()} onClose={() => setCreating(false)} onSaved={(c) => navigate(`/setup/committee?id=${c.id}`)} />
    </div>
  );
}

function CommitteeList(props: { state: 'active' | 'history' }) {
  const [params, setParams] = useSearchParams();
  const page = () => Number(one(params.page)) || 1;
  const q = () => one(params.q) ?? '';
  const [text, setText] = createSignal(q());
  const sp = useSpecialties();
  const list = createAsync(() => getCommittees({ state: props.state, page: page(), pageSize: 20, q: q() || undefined }));
  const columns = createMemo<Column<Committee>[]>(() => [
    { key: 'code', header: t('setup.committee.code'), cell: (c) => <span class="mono">{c.code}</span> },
    {
      key: 'name',
      header: t('setup.committee.name'),
      primary: true,
      class: 'wrap',
      cell: (c) => (
        <A href={`/setup/committee?id=${c.id}`} data-testid={`committee-${c.id}`}>
          <strong>{c.name}</strong>
        </A>
      ),
    },
    { key: 'series', header: t('setup.committee.series'), cell: (c) => sp.seriesName(c.seriesCode) },
    { key: 'type', header: t('setup.committee.type'), cell: (c) => t(c.type === 'self' ? 'setup.committeeType.self' : 'setup.committeeType.social') },
    { key: 'owner', header: t('setup.committee.owner'), class: 'wrap', cell: (c) => c.ownerOrgName ?? '—' },
    { key: 'levels', header: t('setup.committee.levels'), cell: (c) => c.levels.map(levelName).join('、') },
    {
      key: 'deadline',
      header: t('setup.committee.deadline'),
      cell: (c) => (c.materialDeadline ? <span classList={{ 'bad-text': c.materialDeadlinePassed }}>{formatDateTime(c.materialDeadline)}</span> : '—'),
    },
    { key: 'valid', header: t('setup.committee.validity'), cell: (c) => (c.validFrom || c.validUntil ? `${dateOnly(c.validFrom)} – ${dateOnly(c.validUntil)}` : '—') },
    { key: 'status', header: t('setup.status'), cell: (c) => <StatusBadge family="committeeStatus" status={c.status} /> },
  ]);
  return (
    <>
      <form novalidate
        class="filters card"
        onSubmit={(e) => {
          e.preventDefault();
          setParams({ q: text().trim() || undefined, page: undefined });
        }}
      >
        <input class="grow" type="search" placeholder={t('setup.committees.search')} aria-label={t('setup.committees.search')} value={text()} onInput={(e) => setText(e.currentTarget.value)} />
        <button type="submit">{t('common.search')}</button>
      </form>
      <Show when={list()}>
        {(p) => (
          <>
            <DataTable columns={columns()} rows={p().items} rowKey={(c) => c.id} empty={t('setup.committees.none')} />
            <Pager page={p().page} pageSize={p().pageSize} total={p().total} onPage={(n) => setParams({ page: n > 1 ? String(n) : undefined })} />
          </>
        )}
      </Show>
    </>
  );
}

function Commissions(props: { side: 'incoming' | 'outgoing' }) {
  const list = createAsync(() => getCommissions(props.side));
  const [deciding, setDeciding] = createSignal<Commission | null>(null);
  const withdraw = useRunner(withdrawCommission);
  const columns = createMemo<Column<Commission>[]>(() => [
    { key: 'committee', header: t('setup.commission.committee'), primary: true, class: 'wrap', cell: (c) => c.committeeName ?? `#${c.committeeId}` },
    { key: 'org', header: t('setup.commission.org'), class: 'wrap', cell: (c) => c.orgName ?? `#${c.orgId}` },
    { key: 'year', header: t('setup.commission.year'), cell: (c) => String(c.year) },
    { key: 'status', header: t('setup.status'), cell: (c) => <StatusBadge family="commissionStatus" status={c.status} /> },
    { key: 'note', header: t('setup.note'), class: 'wrap', cell: (c) => c.note ?? '—' },
    { key: 'opinion', header: t('setup.opinion'), class: 'wrap', cell: (c) => c.opinion ?? '—' },
    { key: 'at', header: t('setup.commission.at'), cell: (c) => formatDateTime(c.createdAt) },
    {
      key: 'actions',
      header: t('common.actions'),
      class: 'actions',
      cell: (c) => (
        <Show when={c.status === 'pending'} fallback="—">
          <Show
            when={props.side === 'incoming'}
            fallback={
              <button type="button" class="small" disabled={withdraw.pending()} onClick={async () => ((await withdraw.run(c.id)).ok ? toast.success(t('setup.commission.withdrawn')) : toast.failure(withdraw.error()))}>
                {t('setup.commission.withdraw')}
              </button>
            }
          >
            <button type="button" class="small primary" onClick={() => setDeciding(c)}>
              {t('setup.commission.decide')}
            </button>
          </Show>
        </Show>
      ),
    },
  ]);
  return (
    <>
      <p class="hint">{props.side === 'incoming' ? t('setup.commission.incomingHint') : t('setup.commission.outgoingHint')}</p>
      <DataTable columns={columns()} rows={list()?.items ?? []} rowKey={(c) => c.id} empty={t('setup.commission.none')} />
      <Dialog open={!!deciding()} title={t('setup.commission.decide')} onClose={() => setDeciding(null)}>
        <DecideCommission c={deciding()!} onClose={() => setDeciding(null)} />
      </Dialog>
    </>
  );
}

function DecideCommission(props: { c: Commission; onClose: () => void }) {
  const [opinion, setOpinion] = createSignal('');
  const run = useRunner(decideCommission);
  const go = async (accept: boolean) => {
    const res = await run.run(props.c.id, accept, opinion().trim() || undefined);
    if (res.ok) {
      toast.success(accept ? t('setup.commission.accepted') : t('setup.commission.refused'));
      props.onClose();
    }
  };
  return (
    <div>
      <dl class="facts">
        <dt>{t('setup.commission.org')}</dt>
        <dd>{props.c.orgName}</dd>
        <dt>{t('setup.commission.committee')}</dt>
        <dd>{props.c.committeeName}</dd>
        <dt>{t('setup.commission.year')}</dt>
        <dd>{props.c.year}</dd>
        <For each={props.c.note ? [props.c.note] : []}>
          {(n) => (
            <>
              <dt>{t('setup.note')}</dt>
              <dd>{n}</dd>
            </>
          )}
        </For>
      </dl>
      <TextAreaField label={t('setup.opinion')} value={opinion()} onValue={setOpinion} rows={2} maxLength={500} error={run.fields().opinion} />
      <FormError message={run.formMessage()} />
      <div class="dialog-actions">
        <button type="button" class="danger" disabled={run.pending() || !opinion().trim()} onClick={() => go(false)}>
          {t('setup.refuse')}
        </button>
        <button type="button" class="primary" disabled={run.pending()} onClick={() => go(true)}>
          {t('setup.accept')}
        </button>
      </div>
    </div>
  );
}
