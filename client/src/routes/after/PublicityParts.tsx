import { For, Show, createMemo, createSignal } from 'solid-js';
import type { ResultItem, ResultReport } from '../../api/after';
import { DataTable, type Column } from '../../components/DataTable';
import { Dialog } from '../../components/Dialog';
import { FormError, TextAreaField } from '../../components/Field';
import { formatDateTime, t } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { completePublicity, handleReport } from '../../stores/after';
import { toast } from '../../stores/toasts';
import { ExportButton, StatusBadge } from './common';

/** 举报处理: the public's reports on a result publicity, each found true or not with an opinion. */
export function ReportsPanel(props: { reports: ResultReport[]; canHandle: boolean; publicityId: number }) {
  const [handling, setHandling] = createSignal<ResultReport | null>(null);
  const columns = createMemo<Column<ResultReport>[]>(() => [
    { key: 'who', header: t('after.reportedPerson'), primary: true, cell: (r) => <strong>{r.itemName ?? ''}</strong> },
    { key: 'content', header: t('after.reportContent'), class: 'wrap', cell: (r) => r.content },
    { key: 'by', header: t('after.reporter'), class: 'wrap', cell: (r) => [r.reporterName, r.contact].filter(Boolean).join(' · ') || t('after.anonymous') },
    { key: 'at', header: t('after.reportedAt'), cell: (r) => formatDateTime(r.createdAt) },
    {
      key: 'status',
      header: t('after.handling'),
      class: 'wrap',
      cell: (r) => (
        <span>
          <StatusBadge status={r.status} label={r.statusName} />
          <Show when={r.handlingOpinion}>
            <small class="muted block">{r.handlingOpinion}</small>
          </Show>
        </span>
      ),
    },
    {
      key: 'actions',
      header: t('common.actions'),
      class: 'actions',
      cell: (r) => (
        <Show when={props.canHandle && r.status === 'open'}>
          <button type="button" class="small" onClick={() => setHandling(r)}>
            {t('after.handle')}
          </button>
        </Show>
      ),
    },
  ]);
  return (
    <section class="card">
      <div class="card-head">
        <h2>{t('after.reportsTitle', { n: props.reports.length })}</h2>
        <Show when={props.reports.length > 0}>
          <ExportButton class="small" path={`/result-publicities/${props.publicityId}/reports/export`} />
        </Show>
      </div>
      <DataTable columns={columns()} rows={props.reports} rowKey={(r) => r.id} empty={t('after.noReports')} />
      <HandleReportDialog report={handling()} onClose={() => setHandling(null)} />
    </section>
  );
}

function HandleReportDialog(props: { report: ResultReport | null; onClose: () => void }) {
  const [opinion, setOpinion] = createSignal('');
  const run = useRunner(handleReport);
  const go = async (decision: 'upheld' | 'dismissed') => {
    const res = await run.run(props.report!.id, decision, opinion().trim());
    if (res.ok) {
      toast.success(t('common.saved'));
      setOpinion('');
      props.onClose();
    }
  };
  return (
    <Dialog
      open={!!props.report}
      title={t('after.handleTitle', { name: props.report?.itemName ?? '' })}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" disabled={run.pending() || !opinion().trim()} onClick={() => go('dismissed')}>
            {t('after.report.dismissed')}
          </button>
          <button type="button" class="danger" disabled={run.pending() || !opinion().trim()} onClick={() => go('upheld')}>
            {t('after.report.upheld')}
          </button>
        </>
      }
    >
      <blockquote class="quote">{props.report?.content}</blockquote>
      <TextAreaField label={t('after.handlingOpinion')} value={opinion()} onValue={setOpinion} rows={3} maxLength={1000} required />
      <FormError message={run.formMessage()} />
    </Dialog>
  );
}

/**
 * 公示结束: every passed result is confirmed, except those with a report still standing and those
 * the unit ticks here to hold (暂缓) with a note.
 */
export function CompleteDialog(props: { open: boolean; publicityId: number; items: ResultItem[]; onClose: () => void }) {
  const [hold, setHold] = createSignal<Record<number, string>>({});
  const run = useRunner(completePublicity);
  const toggle = (id: number, on: boolean) => setHold((h) => {
    const next = { ...h };
    if (on) next[id] = next[id] ?? '';
    else delete next[id];
    return next;
  });
  const ready = () => Object.values(hold()).every((n) => n.trim());
  const submit = async () => {
    const res = await run.run(props.publicityId, Object.entries(hold()).map(([itemId, note]) => ({ itemId: Number(itemId), note: note.trim() })));
    if (res.ok) {
      toast.success(t('after.completed'));
      props.onClose();
    }
  };
  return (
    <Dialog
      open={props.open}
      title={t('after.complete')}
      onClose={props.onClose}
      wide
      footer={
        <>
          <button type="button" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" class="primary" disabled={run.pending() || !ready()} onClick={submit} data-testid="complete">
            {t('after.complete')}
          </button>
        </>
      }
    >
      <p>{t('after.completeHint')}</p>
      <ul class="plain-list hold-list">
        <For each={props.items}>
          {(i) => (
            <li>
              <label class="check">
                <input type="checkbox" checked={i.id in hold()} onChange={(e) => toggle(i.id, e.currentTarget.checked)} />
                {i.name}（{i.employer}）
                <Show when={i.reports?.open}>
                  <small class="warn-text">{t('after.hasOpenReports', { n: i.reports!.open })}</small>
                </Show>
              </label>
              <Show when={i.id in hold()}>
                <input type="text" class="grow" placeholder={t('after.holdNote')} value={hold()[i.id]} onInput={(e) => setHold({ ...hold(), [i.id]: e.currentTarget.value })} maxLength={500} />
              </Show>
            </li>
          )}
        </For>
      </ul>
      <FormError message={run.formMessage()} />
    </Dialog>
  );
}
