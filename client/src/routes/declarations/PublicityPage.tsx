import { For, Show, createMemo, createSignal } from 'solid-js';
import { createAsync, useSearchParams } from '@solidjs/router';
import type { Declaration, Publicity, PublicityKind } from '../../api/declarations';
import { DataTable, Pager, type Column } from '../../components/DataTable';
import { Dialog } from '../../components/Dialog';
import { FieldFrame, FormError, TextAreaField, TextField } from '../../components/Field';
import { PageHeader } from '../../components/Layout';
import { Badge } from '../../components/Badge';
import { formatDateTime, t, tx } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { completePublicity, createPublicity, getPublicities, getPublicity, getPublicityReports, getQueue, useQueueLive } from '../../stores/declarations';
import { session } from '../../stores/session';
import { toast } from '../../stores/toasts';
import { ReviewDrawer } from './ReviewDrawer';
import { ExportButton, Panel, StatusBadge, fromLocalInput, one, titleLine, toLocalInput } from './parts';
import { onCleanup, onMount } from 'solid-js';

/**
 * 申报公示 (seed 004 §6.2.2): the declarations that passed the unit's internal check wait here; the
 * unit starts a publicity with a period, the public may report against a name on it, and after the
 * period the unit completes it and the declarations wait for 推荐上报.
 */
export default function PublicityPage() {
  return <PublicityBoard title={t('nav.declPublicity')} kinds={['unit']} step="publicity" />;
}

/** What a board takes in, per kind: the status it lists and the default title of a new list. */
const FROM: Record<PublicityKind, string> = { unit: 'awaiting_publicity', to_review: 'policy_passed', failure: 'policy_failed' };

export function PublicityBoard(props: { title: string; kinds: PublicityKind[]; step: 'publicity' | 'publish' }) {
  const [params, setParams] = useSearchParams();
  const page = () => Number(one(params.page)) || 1;
  const queue = createAsync(() => getQueue({ step: props.step, page: 1, pageSize: 200 }));
  const lists = createAsync(() => getPublicities({ kind: props.kinds.length === 1 ? props.kinds[0] : undefined, page: page() }));
  const live = useQueueLive(() => [props.step]);
  onMount(() => live.sync());
  onCleanup(() => live.stop());
  const [openId, setOpenId] = createSignal<number | null>(null);
  const [detailId, setDetailId] = createSignal<number | null>(Number(one(params.list)) || null);
  const showDetail = (id: number | null) => {
    setDetailId(id);
    setParams({ list: id ? String(id) : undefined });
  };
  return (
    <div class="decl-page" data-testid="publicity-board">
      <PageHeader title={props.title} />
      <For each={props.kinds}>{(k) => <Waiting kind={k} rows={(queue()?.items ?? []).filter((d) => d.status === FROM[k])} onOpen={setOpenId} />}</For>
      <Panel title={t('decl.pub.lists')} testid="publicity-lists" actions={<ExportButton path="/publicities/export" query={{ kind: props.kinds.length === 1 ? props.kinds[0] : undefined }} />}>
        <Show when={lists()} fallback={<p class="muted">{t('common.loading')}</p>}>
          {(p) => (
            <>
              <ListTable rows={p().items.filter((x) => props.kinds.includes(x.kind))} onShow={showDetail} />
              <Pager page={p().page} pageSize={p().pageSize} total={p().total} onPage={(n) => setParams({ page: n > 1 ? String(n) : undefined })} />
            </>
          )}
        </Show>
      </Panel>
      <Show when={detailId()}>{(id) => <PublicityDetail id={id()} onClose={() => showDetail(null)} />}</Show>
      <Show when={openId()}>{(id) => <ReviewDrawer id={id()} onClose={() => setOpenId(null)} onActed={() => setOpenId(null)} />}</Show>
    </div>
  );
}

/** 待公示 (or 待发布): tick the names and start a list for them. */
function Waiting(props: { kind: PublicityKind; rows: Declaration[]; onOpen: (id: number) => void }) {
  const [selected, setSelected] = createSignal<number[]>([]);
  const [creating, setCreating] = createSignal(false);
  const ticked = () => selected().filter((id) => props.rows.some((d) => d.id === id));
  const all = () => props.rows.length > 0 && props.rows.every((d) => selected().includes(d.id));
  const columns = createMemo<Column<Declaration>[]>(() => [
    {
      key: 'tick',
      header: '',
      class: 'tick',
      cell: (d) => (
        <input
          type="checkbox"
          aria-label={t('decl.select', { name: d.applicant.name })}
          checked={selected().includes(d.id)}
          onChange={() => setSelected((s) => (s.includes(d.id) ? s.filter((x) => x !== d.id) : [...s, d.id]))}
        />
      ),
    },
    {
      key: 'name',
      header: t('decl.applicant'),
      primary: true,
      cell: (d) => (
        <button type="button" class="link-btn strong" onClick={() => props.onOpen(d.id)}>
          {d.applicant.name}
        </button>
      ),
    },
    { key: 'org', header: t('decl.unit'), class: 'wrap', cell: (d) => d.org?.name ?? '' },
    { key: 'title', header: t('decl.titleApplied'), class: 'wrap', cell: (d) => titleLine(d) },
    { key: 'status', header: t('decl.statusLabel'), cell: (d) => <StatusBadge status={d.status} label={d.statusName} /> },
  ]);
  return (
    <Panel
      title={
        <>
          {tx(`decl.pub.waiting.${props.kind}`)} <small class="muted">({props.rows.length})</small>
        </>
      }
      testid={`waiting-${props.kind}`}
      actions={
        <>
          <Show when={props.rows.length}>
            <button type="button" class="small" onClick={() => setSelected(all() ? [] : props.rows.map((d) => d.id))}>
              {all() ? t('decl.clearSelection') : t('decl.selectAll')}
            </button>
          </Show>
          <button type="button" class="primary" disabled={!ticked().length} onClick={() => setCreating(true)} data-testid={`start-${props.kind}`}>
            {tx(`decl.pub.start.${props.kind}`)}
            <Show when={ticked().length}> ({ticked().length})</Show>
          </button>
        </>
      }
    >
      <DataTable columns={columns()} rows={props.rows} rowKey={(d) => d.id} empty={t('decl.pub.noneWaiting')} />
      <StartDialog
        open={creating()}
        kind={props.kind}
        ids={ticked()}
        rows={props.rows}
        onClose={() => setCreating(false)}
        onDone={() => {
          setCreating(false);
          setSelected([]);
        }}
      />
    </Panel>
  );
}

function defaultTitle(kind: PublicityKind, rows: Declaration[]) {
  const year = rows[0]?.year ?? new Date().getFullYear();
  const series = [...new Set(rows.map((d) => d.seriesName).filter(Boolean))].join('、');
  return t(`decl.pub.defaultTitle.${kind}`, { org: session.org?.name ?? '', year, series });
}

function StartDialog(props: { open: boolean; kind: PublicityKind; ids: number[]; rows: Declaration[]; onClose: () => void; onDone: () => void }) {
  const now = new Date();
  const [title, setTitle] = createSignal('');
  const [content, setContent] = createSignal('');
  const [starts, setStarts] = createSignal(toLocalInput(now));
  const [ends, setEnds] = createSignal(toLocalInput(new Date(now.getTime() + 5 * 86400_000)));
  const run = useRunner(createPublicity);
  const chosen = () => props.rows.filter((d) => props.ids.includes(d.id));
  const go = async () => {
    const res = await run.run({
      kind: props.kind,
      title: title().trim() || defaultTitle(props.kind, chosen()),
      content: content().trim() || null,
      startsAt: fromLocalInput(starts()),
      endsAt: fromLocalInput(ends()),
      declarationIds: props.ids,
    });
    if (res.ok) {
      toast.success(t('decl.pub.started'));
      setTitle('');
      setContent('');
      props.onDone();
    }
  };
  return (
    <Dialog
      open={props.open}
      title={tx(`decl.pub.start.${props.kind}`)}
      onClose={props.onClose}
      wide
      footer={
        <>
          <button type="button" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" class="primary" disabled={run.pending()} onClick={() => void go()} data-testid="publicity-confirm">
            {t('decl.pub.publish')}
          </button>
        </>
      }
    >
      <p class="muted">{t('decl.pub.names', { n: props.ids.length, names: chosen().map((d) => d.applicant.name).join('、') })}</p>
      <TextField label={t('decl.pub.title')} value={title()} onValue={setTitle} placeholder={defaultTitle(props.kind, chosen())} maxLength={200} error={run.fields().title} />
      <div class="row2">
        <FieldFrame id="pub-start" label={t('decl.pub.startsAt')} error={run.fields().startsAt} required>
          <input id="pub-start" type="datetime-local" value={starts()} onInput={(e) => setStarts(e.currentTarget.value)} />
        </FieldFrame>
        <FieldFrame id="pub-end" label={t('decl.pub.endsAt')} error={run.fields().endsAt} required>
          <input id="pub-end" type="datetime-local" value={ends()} onInput={(e) => setEnds(e.currentTarget.value)} />
        </FieldFrame>
      </div>
      <TextAreaField label={t('decl.pub.content')} value={content()} onValue={setContent} rows={5} maxLength={5000} hint={tx(`decl.pub.contentHint.${props.kind}`, '')} error={run.fields().content} />
      <FormError message={run.formMessage()} />
    </Dialog>
  );
}

function ListTable(props: { rows: Publicity[]; onShow: (id: number) => void }) {
  const columns = createMemo<Column<Publicity>[]>(() => [
    {
      key: 'title',
      header: t('decl.pub.title'),
      primary: true,
      class: 'wrap',
      cell: (p) => (
        <button type="button" class="link-btn strong" onClick={() => props.onShow(p.id)} data-testid={`publicity-${p.id}`}>
          {p.title}
        </button>
      ),
    },
    { key: 'kind', header: t('decl.pub.kind'), cell: (p) => tx(`decl.pub.kind.${p.kind}`, p.kindName) },
    { key: 'period', header: t('decl.pub.period'), class: 'wrap', cell: (p) => `${formatDateTime(p.startsAt)} — ${formatDateTime(p.endsAt)}` },
    { key: 'n', header: t('decl.pub.count'), cell: (p) => p.itemCount },
    { key: 'reports', header: t('decl.pub.reports'), cell: (p) => (p.reportCount ? <Badge tone="warn">{p.reportCount}</Badge> : '0') },
    { key: 'status', header: t('decl.statusLabel'), cell: (p) => <PubStatus p={p} /> },
  ]);
  return <DataTable columns={columns()} rows={props.rows} rowKey={(p) => p.id} empty={t('decl.pub.none')} />;
}

const over = (p: Publicity) => new Date(p.endsAt).getTime() <= Date.now();
function PubStatus(props: { p: Publicity }) {
  return (
    <Show when={props.p.status === 'open'} fallback={<Badge tone="ok">{t('decl.pub.completed')}</Badge>}>
      <Badge tone={over(props.p) ? 'warn' : 'info'}>{over(props.p) ? t('decl.pub.periodOver') : t('decl.pub.open')}</Badge>
    </Show>
  );
}

/** One list: its names (with reports), the public's reports, 完成公示 after the period, export. */
function PublicityDetail(props: { id: number; onClose: () => void }) {
  const p = createAsync(() => getPublicity(props.id));
  const reports = createAsync(() => getPublicityReports(props.id), { initialValue: [] });
  const complete = useRunner(completePublicity);
  return (
    <Dialog open title={p()?.title ?? t('common.loading')} onClose={props.onClose} wide>
      <Show when={p()}>
        {(x) => (
          <div data-testid="publicity-detail">
            <dl class="facts">
              <dt>{t('decl.pub.kind')}</dt>
              <dd>{tx(`decl.pub.kind.${x().kind}`, x().kindName)}</dd>
              <dt>{t('decl.pub.period')}</dt>
              <dd>
                {formatDateTime(x().startsAt)} — {formatDateTime(x().endsAt)} <PubStatus p={x()} />
              </dd>
              <Show when={x().content}>
                <dt>{t('decl.pub.content')}</dt>
                <dd class="pre">{x().content}</dd>
              </Show>
            </dl>
            <div class="actions-row">
              <ExportButton path={`/publicities/${x().id}/export`} />
              <Show when={x().kind === 'unit' && x().status === 'open'}>
                <button
                  type="button"
                  class="primary"
                  disabled={complete.pending() || !over(x())}
                  title={over(x()) ? undefined : t('error.publicity_not_over')}
                  onClick={async () => {
                    const res = await complete.run(x().id);
                    if (res.ok) toast.success(t('decl.pub.completedToast'));
                  }}
                  data-testid="publicity-complete"
                >
                  {t('decl.pub.complete')}
                </button>
              </Show>
            </div>
            <FormError message={complete.formMessage()} />
            <h3>{t('decl.pub.namesTitle')}</h3>
            <ul class="plain-list report-list">
              <For each={x().items}>
                {(i) => (
                  <li>
                    <strong>{i.name}</strong> <span class="muted small">{[i.employer, i.seriesName, i.levelName, i.qualificationName, i.specialtyName].filter(Boolean).join(' · ')}</span>{' '}
                    <StatusBadge status={i.status} />
                    <Show when={i.reportCount}>
                      {' '}
                      <Badge tone="warn">{t('decl.pub.reportN', { n: i.reportCount })}</Badge>
                    </Show>
                    <Show when={i.note}>
                      <div class="muted small">{i.note}</div>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
            <div class="panel-head">
              <h3>{t('decl.pub.reportsTitle')}</h3>
              <Show when={reports()?.length}>
                <ExportButton path={`/publicities/${x().id}/reports/export`} label={t('decl.pub.exportReports')} />
              </Show>
            </div>
            <ul class="plain-list report-list" data-testid="publicity-reports">
              <For each={reports() ?? []} fallback={<li class="muted">{t('decl.pub.noReports')}</li>}>
                {(r) => (
                  <li>
                    <strong>{r.applicantName}</strong> <span class="muted small">{formatDateTime(r.createdAt)}</span>
                    <span class="muted small"> · {[r.reporterName || t('decl.pub.anonymous'), r.contact].filter(Boolean).join(' · ')}</span>
                    <blockquote>{r.content}</blockquote>
                  </li>
                )}
              </For>
            </ul>
          </div>
        )}
      </Show>
    </Dialog>
  );
}
