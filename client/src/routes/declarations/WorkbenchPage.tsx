import { For, Show, createEffect, createMemo, createSignal, on, onCleanup, untrack } from 'solid-js';
import { createStore } from 'solid-js/store';
import { createAsync } from '@solidjs/router';
import type { BatchResult, Declaration, DeclarationStatus, ReviewAction, Step } from '../../api/declarations';
import { DataTable, Pager, type Column } from '../../components/DataTable';
import { FieldFrame, FormError } from '../../components/Field';
import { PageHeader } from '../../components/Layout';
import { errorText, formatDateTime, t, tx } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { actOnMany, getQueue, getQueueCount, getSearch, reviewSteps, useQueueLive } from '../../stores/declarations';
import { confirmAction } from '../../stores/confirm';
import { session } from '../../stores/session';
import { toast } from '../../stores/toasts';
import { Filters, useListFilters } from './Filters';
import { OpinionBox } from './OpinionBox';
import { ACTIONS, ReviewDrawer, actionLabel } from './ReviewDrawer';
import { ExportButton, StatusBadge, Tabs, titleLine } from './parts';

type Tab = Step | 'done';
const BATCH: Partial<Record<Step, ReviewAction[]>> = {
  handler: ['pass', 'return', 'fail', 'blacklist'],
  leader: ['pass', 'return', 'fail', 'blacklist'],
  receive: ['accept', 'refuse', 'terminate'],
  policy_first: ['pass', 'fail'],
  policy_second: ['pass', 'fail'],
};
const NEEDS_OPINION: ReviewAction[] = ['return', 'fail', 'blacklist', 'refuse', 'terminate'];
const canExport = () => session.account?.role === 'admin' || session.account?.role === 'policy_reviewer' || (session.account?.permissions as string[] | undefined)?.includes('qualification.export');

/**
 * 审核工作台 (seed 000 §1.4, seed 004 §6.2.1–6.2.9): one tab per step the reviewer works (经办人审查,
 * 领导审查, 分配评委会, 材料接收, 政策性审查初审/复审) plus 已审核 (what my org acted on, where a recall
 * is offered). The queue follows its room: items arrive and leave without a reload. Batch actions take
 * one opinion for every ticked row; each row reports its own outcome.
 */
export default function WorkbenchPage() {
  const f = useListFilters();
  const steps = () => reviewSteps(session);
  const tabs = (): Tab[] => [...steps(), 'done'];
  const tab = (): Tab => {
    const want = f.get('step') as Tab;
    return tabs().includes(want) ? want : (tabs()[0] ?? 'done');
  };
  const [arrived, setArrived] = createStore<Record<number, number>>({});
  const [openId, setOpenId] = createSignal<number | null>(Number(f.get('open')) || null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const [mine, setMine] = createSignal<number | null>(null);
  const live = useQueueLive(steps, (e) => {
    const d = e.data;
    if (d.change === 'added') setArrived(d.declarationId, Date.now());
    if (d.change === 'removed' && d.declarationId === openId() && d.declarationId !== mine() && d.step === tab()) setNotice(t('decl.takenElsewhere'));
  });
  createEffect(on(steps, () => live.sync()));
  onCleanup(() => live.stop());
  const list = createAsync(() => {
    const q = { ...f.query(), page: f.page(), pageSize: 20 };
    const current = tab();
    return current === 'done' ? getSearch({ ...q, status: (f.get('status') || undefined) as DeclarationStatus | undefined, handledByMyOrg: 'true' }) : getQueue({ ...q, step: current });
  });
  const [selected, setSelected] = createSignal<number[]>([]);
  createEffect(on([tab, () => f.page(), () => JSON.stringify(f.query())], () => setSelected([]), { defer: true }));
  // Rows that left the queue leave the selection too.
  createEffect(() => {
    const ids = new Set((list()?.items ?? []).map((d) => d.id));
    const keep = untrack(selected).filter((id) => ids.has(id));
    if (keep.length !== untrack(selected).length) setSelected(keep);
  });
  const open = (id: number | null) => {
    setOpenId(id);
    setNotice(null);
    setMine(null);
    f.setParams({ open: id ? String(id) : undefined });
  };
  const toggle = (id: number) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  const pageIds = () => (list()?.items ?? []).map((d) => d.id);
  const allTicked = () => pageIds().length > 0 && pageIds().every((id) => selected().includes(id));
  const batchActions = () => (tab() === 'done' ? [] : (BATCH[tab() as Step] ?? []));
  const columns = createMemo<Column<Declaration>[]>(() => [
    ...(batchActions().length
      ? [
          {
            key: 'tick',
            header: '',
            class: 'tick',
            cell: (d: Declaration) => <input type="checkbox" aria-label={t('decl.select', { name: d.applicant.name })} checked={selected().includes(d.id)} onChange={() => toggle(d.id)} data-testid="tick" />,
          },
        ]
      : []),
    {
      key: 'name',
      header: t('decl.applicant'),
      primary: true,
      cell: (d) => (
        <span>
          <button type="button" class="link-btn strong" onClick={() => open(d.id)} data-testid="open-declaration">
            {d.applicant.name}
          </button>
          <Show when={arrived[d.id]}>
            <span class="badge info new-badge" data-testid="arrived">
              {t('decl.arrived')}
            </span>
          </Show>
          <Show when={d.policyResubmit}>
            <span class="badge warn">{t('decl.policyResubmitShort')}</span>
          </Show>
        </span>
      ),
    },
    { key: 'org', header: t('decl.unit'), class: 'wrap', cell: (d) => d.org?.name ?? '' },
    { key: 'title', header: t('decl.titleApplied'), class: 'wrap', cell: (d) => titleLine(d) },
    { key: 'type', header: t('decl.declType'), cell: (d) => tx(`decl.type.${d.declType}`, d.declTypeName) },
    { key: 'status', header: t('decl.statusLabel'), cell: (d) => <StatusBadge status={d.status} label={d.statusName} /> },
    ...(tab() === 'done' ? [{ key: 'where', header: t('decl.waitingAt'), class: 'wrap', cell: (d: Declaration) => (d.step ? `${d.currentOrg?.name ?? ''} · ${tx(`decl.step.${d.step}`)}` : '—') }] : []),
    { key: 'at', header: t('decl.submittedAt'), cell: (d) => formatDateTime(d.submittedAt) },
    {
      key: 'actions',
      header: t('common.actions'),
      class: 'actions',
      cell: (d) => (
        <button type="button" class="small" onClick={() => open(d.id)} data-testid={`review-${d.id}`}>
          {d.can.some((a) => ACTIONS.includes(a as ReviewAction)) ? (d.can.includes('recall') && tab() === 'done' ? t('decl.recallOpen') : t('decl.review')) : t('decl.view')}
        </button>
      ),
    },
  ]);
  const exportPath = () => (tab() === 'done' ? '/review/declarations/export' : '/review/queue/export');
  const exportQuery = () => ({ ...f.query(), ...(tab() === 'done' ? { handledByMyOrg: 'true', status: f.get('status') || undefined } : { step: tab() }) });
  return (
    <div class="decl-page workbench" data-testid="workbench">
      <PageHeader title={t('decl.workbench')}>
        <Show when={canExport()}>
          <ExportButton path={exportPath()} query={exportQuery()} />
        </Show>
      </PageHeader>
      <Tabs tabs={tabs()} current={tab()} label={(x) => <TabLabel tab={x} />} onSelect={(x) => f.setParams({ step: x, page: undefined, open: undefined })} />
      <Filters withStatus={tab() === 'done'} />
      <Show when={selected().length}>
        <BatchBar step={tab() as Step} ids={selected()} actions={batchActions()} onDone={() => setSelected([])} />
      </Show>
      <Show when={list()} fallback={<p class="muted">{t('common.loading')}</p>}>
        {(p) => (
          <>
            <Show when={batchActions().length && p().items.length}>
              <label class="tick-all">
                <input type="checkbox" checked={allTicked()} onChange={() => setSelected(allTicked() ? [] : pageIds())} data-testid="tick-all" /> {t('decl.selectPage')}
              </label>
            </Show>
            <div data-testid="queue" data-tab={tab()}>
              <DataTable columns={columns()} rows={p().items} rowKey={(d) => d.id} empty={tab() === 'done' ? t('decl.noneHandled') : t('decl.queueEmpty')} />
            </div>
            <Pager page={p().page} pageSize={p().pageSize} total={p().total} onPage={(n) => f.setParams({ page: n > 1 ? String(n) : undefined })} />
          </>
        )}
      </Show>
      <Show when={openId()}>
        {(id) => (
          <ReviewDrawer
            id={id()}
            notice={notice()}
            onClose={() => open(null)}
            onActed={(x) => {
              setMine(x);
              open(null);
            }}
          />
        )}
      </Show>
    </div>
  );
}

/** A tab with its live count. */
function TabLabel(props: { tab: Tab }) {
  const count = createAsync(async () => (props.tab === 'done' ? undefined : getQueueCount(props.tab)));
  return (
    <>
      {props.tab === 'done' ? t('decl.handled') : tx(`decl.step.${props.tab}`)}
      <Show when={count()}>
        <span class="count" data-testid={`count-${props.tab}`}>
          {count()}
        </span>
      </Show>
    </>
  );
}

/** 批量审核: one opinion, one action, many declarations; the outcome per row. */
function BatchBar(props: { step: Step; ids: number[]; actions: ReviewAction[]; onDone: () => void }) {
  const [opinion, setOpinion] = createSignal('');
  const [years, setYears] = createSignal<1 | 3 | 5>(1);
  const [result, setResult] = createSignal<BatchResult | null>(null);
  const run = useRunner(actOnMany);
  const go = async (a: ReviewAction) => {
    const ok = await confirmAction({
      title: t('decl.batchTitle'),
      message: t('decl.batchConfirm', { n: props.ids.length, action: actionLabel(a, props.step) }),
      danger: a === 'fail' || a === 'blacklist' || a === 'terminate',
      confirmLabel: actionLabel(a, props.step),
    });
    if (!ok) return;
    const res = await run.run(props.ids, { action: a, opinion: opinion().trim() || undefined, ...(a === 'blacklist' ? { years: years() } : {}) });
    if (res.ok) {
      const r = res.value as BatchResult;
      setResult(r);
      if (r.failed === 0) {
        toast.success(t('decl.batchDone', { n: r.succeeded }));
        setOpinion('');
        props.onDone();
      }
    }
  };
  return (
    <section class="card batch-bar" data-testid="batch-bar">
      <div class="batch-head">
        <strong>{t('decl.selected', { n: props.ids.length })}</strong>
        <button type="button" class="link-btn small" onClick={() => props.onDone()}>
          {t('decl.clearSelection')}
        </button>
      </div>
      <OpinionBox value={opinion()} onValue={setOpinion} id="batch-opinion" error={run.fields().opinion} />
      <Show when={props.actions.includes('blacklist')}>
        <FieldFrame id="batch-years" label={t('decl.blacklistYears')} class="inline">
          <select id="batch-years" onChange={(e) => setYears(Number(e.currentTarget.value) as 1 | 3 | 5)}>
            <For each={[1, 3, 5]}>{(y) => <option value={y}>{t('decl.years', { n: y })}</option>}</For>
          </select>
        </FieldFrame>
      </Show>
      <div class="act-buttons">
        <For each={props.actions}>
          {(a) => (
            <button
              type="button"
              class={a === 'pass' || a === 'accept' ? 'primary' : a === 'fail' || a === 'blacklist' || a === 'terminate' ? 'danger' : ''}
              disabled={run.pending() || (NEEDS_OPINION.includes(a) && !opinion().trim())}
              onClick={() => void go(a)}
              data-batch={a}
            >
              {t('decl.batchAction', { action: actionLabel(a, props.step) })}
            </button>
          )}
        </For>
      </div>
      <FormError message={run.formMessage()} />
      <Show when={result()}>
        {(r) => (
          <div class="batch-result" data-testid="batch-result">
            <p>{t('decl.batchResult', { ok: r().succeeded, failed: r().failed })}</p>
            <ul class="plain-list">
              <For each={r().results.filter((x) => !x.ok)}>{(x) => <li class="field-error">#{x.id}: {x.error ? errorText(x.error.code) : ''}</li>}</For>
            </ul>
          </div>
        )}
      </Show>
    </section>
  );
}
