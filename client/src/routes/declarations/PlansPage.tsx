import { For, Match, Show, Switch, createMemo, createSignal } from 'solid-js';
import { createAsync, useSearchParams } from '@solidjs/router';
import type { Level, Plan, PlanStat } from '../../api/declarations';
import { DataTable, Pager, type Column } from '../../components/DataTable';
import { Dialog } from '../../components/Dialog';
import { FieldFrame, FormError, TextAreaField, TextField } from '../../components/Field';
import { PageHeader } from '../../components/Layout';
import { Badge, type Tone } from '../../components/Badge';
import { formatDateTime, t, tx } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { createPlan, decidePlan, editPlan, getCatalogue, getPlanStats, getPlans, submitPlan } from '../../stores/declarations';
import { confirmAction } from '../../stores/confirm';
import { session } from '../../stores/session';
import { toast } from '../../stores/toasts';
import { ExportButton, Tabs, one } from './parts';

type Tab = 'plans' | 'pending' | 'stats';
const TONE: Record<string, Tone> = { draft: 'muted', submitted: 'info', approved: 'ok', returned: 'warn' };

/**
 * 申报计划与职数 (seed 002 三): a unit drafts its plan per year, series and level with a quota and
 * submits it up the chain; each org above approves (it climbs) or returns it with a reason; the top
 * approves it for good. Declarations beyond an approved quota are refused at submit. 计划统计 shows
 * each approved plan of the subtree with what its quota holds now.
 */
export default function PlansPage() {
  const [params, setParams] = useSearchParams();
  const tab = () => (one(params.tab) as Tab) ?? 'plans';
  const year = () => Number(one(params.year)) || session.account?.loginYear || new Date().getFullYear();
  const page = () => Number(one(params.page)) || 1;
  const catalogue = createAsync(() => getCatalogue());
  const seriesName = (code: string) => catalogue()?.find((s) => s.code === code)?.name ?? code;
  const [creating, setCreating] = createSignal(false);
  const [editing, setEditing] = createSignal<Plan | null>(null);
  const [deciding, setDeciding] = createSignal<Plan | null>(null);
  const plans = createAsync(() => (tab() === 'stats' ? Promise.resolve(undefined) : getPlans({ year: year(), pendingMine: tab() === 'pending' ? 'true' : 'false', page: page() })));
  const stats = createAsync(() => (tab() === 'stats' ? getPlanStats(year()) : Promise.resolve(undefined)));
  const submit = useRunner(submitPlan);
  const columns = createMemo<Column<Plan>[]>(() => [
    { key: 'org', header: t('decl.plan.org'), primary: true, class: 'wrap', cell: (p) => p.org?.name ?? '' },
    { key: 'year', header: t('decl.year'), cell: (p) => p.year },
    { key: 'series', header: t('decl.series'), cell: (p) => seriesName(p.seriesCode) },
    { key: 'level', header: t('decl.level'), cell: (p) => tx(`decl.level.${p.level}`, p.levelName) },
    { key: 'quota', header: t('decl.plan.quota'), cell: (p) => <strong>{p.quota}</strong> },
    {
      key: 'status',
      header: t('decl.statusLabel'),
      class: 'wrap',
      cell: (p) => (
        <span>
          <Badge tone={TONE[p.status] ?? 'info'}>{tx(`decl.plan.status.${p.status}`, p.statusName)}</Badge>
          <Show when={p.approvingOrg && p.status === 'submitted'}>
            <small class="muted block">{t('decl.plan.waitingAt', { org: p.approvingOrg!.name })}</small>
          </Show>
          <Show when={p.history.length}>
            <small class="muted block">{historyLine(p)}</small>
          </Show>
        </span>
      ),
    },
    {
      key: 'actions',
      header: t('common.actions'),
      class: 'actions',
      cell: (p) => (
        <div class="row-actions">
          <Show when={p.can.includes('plan:edit')}>
            <button type="button" class="small" onClick={() => setEditing(p)}>
              {t('decl.plan.edit')}
            </button>
            <button
              type="button"
              class="small primary"
              disabled={submit.pending()}
              data-testid={`plan-submit-${p.id}`}
              onClick={async () => {
                if (!(await confirmAction({ title: t('decl.plan.submit'), message: t('decl.plan.submitConfirm', { quota: p.quota }) }))) return;
                const res = await submit.run(p.id);
                if (res.ok) toast.success(t('decl.plan.submitted'));
                else toast.failure(res.error);
              }}
            >
              {t('decl.plan.submit')}
            </button>
          </Show>
          <Show when={p.can.includes('plan:decide')}>
            <button type="button" class="small primary" onClick={() => setDeciding(p)} data-testid={`plan-decide-${p.id}`}>
              {t('decl.plan.decide')}
            </button>
          </Show>
        </div>
      ),
    },
  ]);
  const statColumns = createMemo<Column<PlanStat>[]>(() => [
    { key: 'org', header: t('decl.plan.org'), primary: true, class: 'wrap', cell: (s) => s.org.name },
    { key: 'series', header: t('decl.series'), cell: (s) => seriesName(s.seriesCode) },
    { key: 'level', header: t('decl.level'), cell: (s) => tx(`decl.level.${s.level}`, s.levelName) },
    { key: 'quota', header: t('decl.plan.quota'), cell: (s) => s.quota },
    { key: 'used', header: t('decl.plan.used'), cell: (s) => s.used },
    { key: 'remaining', header: t('decl.plan.remaining'), cell: (s) => <Badge tone={s.remaining === 0 ? 'bad' : 'ok'}>{s.remaining}</Badge> },
    { key: 'submitted', header: t('decl.plan.submittedCount'), cell: (s) => s.submitted },
    { key: 'passed', header: t('decl.plan.passed'), cell: (s) => s.passed },
  ]);
  return (
    <div class="decl-page" data-testid="plans-page">
      <PageHeader title={t('nav.declPlans')}>
        <Show when={tab() === 'stats'} fallback={<ExportButton path="/plans/export" query={{ year: year(), pendingMine: tab() === 'pending' ? 'true' : undefined }} />}>
          <ExportButton path="/plans/stats/export" query={{ year: year() }} />
        </Show>
        <Show when={session.account?.role === 'admin' || session.account?.staffKind === 'handler'}>
          <button type="button" class="primary" onClick={() => setCreating(true)} data-testid="plan-new">
            {t('decl.plan.new')}
          </button>
        </Show>
      </PageHeader>
      <Tabs tabs={['plans', 'pending', 'stats'] as Tab[]} current={tab()} label={(x) => tx(`decl.plan.tab.${x}`)} onSelect={(x) => setParams({ tab: x, page: undefined })} />
      <div class="filters card decl-filters">
        <label class="inline-label">
          {t('decl.year')}{' '}
          <input type="number" class="year-input" value={year()} onChange={(e) => setParams({ year: e.currentTarget.value || undefined, page: undefined })} />
        </label>
      </div>
      <Switch>
        <Match when={tab() === 'stats'}>
          <Show when={stats()} fallback={<p class="muted">{t('common.loading')}</p>}>
            {(s) => <DataTable columns={statColumns()} rows={s()} rowKey={(x) => `${x.org.id}-${x.seriesCode}-${x.level}`} empty={t('decl.plan.noStats')} />}
          </Show>
        </Match>
        <Match when={true}>
          <Show when={plans()} fallback={<p class="muted">{t('common.loading')}</p>}>
            {(p) => (
              <>
                <DataTable columns={columns()} rows={p().items} rowKey={(x) => x.id} empty={tab() === 'pending' ? t('decl.plan.nonePending') : t('decl.plan.none')} />
                <Pager page={p().page} pageSize={p().pageSize} total={p().total} onPage={(n) => setParams({ page: n > 1 ? String(n) : undefined })} />
              </>
            )}
          </Show>
        </Match>
      </Switch>
      <PlanDialog open={creating()} year={year()} onClose={() => setCreating(false)} />
      <Show when={editing()}>{(p) => <PlanDialog open plan={p()} year={p().year} onClose={() => setEditing(null)} />}</Show>
      <Show when={deciding()}>{(p) => <DecideDialog plan={p()} seriesName={seriesName(p().seriesCode)} onClose={() => setDeciding(null)} />}</Show>
    </div>
  );
}

function historyLine(p: Plan) {
  const h = p.history[p.history.length - 1];
  return `${formatDateTime(h.at)} ${h.orgName} ${tx(`decl.plan.action.${h.action}`, h.action)}${h.reason ? `：${h.reason}` : ''}`;
}

function PlanDialog(props: { open: boolean; plan?: Plan; year: number; onClose: () => void }) {
  const catalogue = createAsync(() => getCatalogue());
  const [series, setSeries] = createSignal(props.plan?.seriesCode ?? '');
  const [level, setLevel] = createSignal<string>(props.plan?.level ?? '');
  const [quota, setQuota] = createSignal(props.plan ? String(props.plan.quota) : '');
  const [note, setNote] = createSignal(props.plan?.note ?? '');
  const [year, setYear] = createSignal(String(props.year));
  const create = useRunner(createPlan);
  const edit = useRunner(editPlan);
  const run = () => (props.plan ? edit : create);
  const levels = () => catalogue()?.find((s) => s.code === series())?.levels ?? [];
  const go = async () => {
    const res = props.plan
      ? await edit.run(props.plan.id, { quota: Number(quota()), note: note().trim() || null })
      : await create.run({ year: Number(year()), seriesCode: series(), level: level() as Level, quota: Number(quota()), note: note().trim() || null });
    if (res.ok) {
      toast.success(t('common.saved'));
      props.onClose();
    }
  };
  return (
    <Dialog
      open={props.open}
      title={props.plan ? t('decl.plan.edit') : t('decl.plan.new')}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" class="primary" disabled={run().pending() || !quota() || (!props.plan && (!series() || !level()))} onClick={() => void go()} data-testid="plan-save">
            {t('common.save')}
          </button>
        </>
      }
    >
      <Show when={!props.plan}>
        <TextField label={t('decl.year')} value={year()} onValue={setYear} type="number" required error={create.fields().year} />
        <FieldFrame id="plan-series" label={t('decl.series')} required error={create.fields().seriesCode}>
          <select id="plan-series" onChange={(e) => (setSeries(e.currentTarget.value), setLevel(''))}>
            <option value="">{t('decl.choose')}</option>
            <For each={catalogue() ?? []}>
              {(s) => (
                <option value={s.code} selected={s.code === series()}>
                  {s.name}
                </option>
              )}
            </For>
          </select>
        </FieldFrame>
        <FieldFrame id="plan-level" label={t('decl.level')} required error={create.fields().level}>
          <select id="plan-level" onChange={(e) => setLevel(e.currentTarget.value)}>
            <option value="">{t('decl.choose')}</option>
            <For each={levels()}>
              {(l) => (
                <option value={l.level} selected={l.level === level()}>
                  {tx(`decl.level.${l.level}`, l.name)}
                </option>
              )}
            </For>
          </select>
        </FieldFrame>
      </Show>
      <TextField label={t('decl.plan.quota')} value={quota()} onValue={setQuota} type="number" inputMode="numeric" required error={run().fields().quota} hint={t('decl.plan.quotaHint')} />
      <TextAreaField label={t('decl.plan.note')} value={note()} onValue={setNote} rows={2} maxLength={500} error={run().fields().note} />
      <FormError message={run().formMessage()} />
    </Dialog>
  );
}

function DecideDialog(props: { plan: Plan; seriesName: string; onClose: () => void }) {
  const [reason, setReason] = createSignal('');
  const run = useRunner(decidePlan);
  const go = async (approve: boolean) => {
    const res = await run.run(props.plan.id, approve, reason().trim() || undefined);
    if (res.ok) {
      toast.success(approve ? t('decl.plan.approved') : t('decl.plan.returned'));
      props.onClose();
    }
  };
  return (
    <Dialog
      open
      title={t('decl.plan.decide')}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" disabled={run.pending() || !reason().trim()} onClick={() => void go(false)}>
            {t('decl.plan.return')}
          </button>
          <button type="button" class="primary" disabled={run.pending()} onClick={() => void go(true)} data-testid="plan-approve">
            {t('decl.plan.approve')}
          </button>
        </>
      }
    >
      <dl class="facts">
        <dt>{t('decl.plan.org')}</dt>
        <dd>{props.plan.org?.name}</dd>
        <dt>{t('decl.titleApplied')}</dt>
        <dd>
          {props.plan.year} · {props.seriesName} · {tx(`decl.level.${props.plan.level}`, props.plan.levelName)}
        </dd>
        <dt>{t('decl.plan.quota')}</dt>
        <dd>
          <strong>{props.plan.quota}</strong>
        </dd>
        <Show when={props.plan.note}>
          <dt>{t('decl.plan.note')}</dt>
          <dd>{props.plan.note}</dd>
        </Show>
      </dl>
      <TextAreaField label={t('decl.plan.reason')} value={reason()} onValue={setReason} rows={3} maxLength={500} hint={t('decl.plan.reasonHint')} error={run.fields().reason} />
      <FormError message={run.formMessage()} />
    </Dialog>
  );
}
