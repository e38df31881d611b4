import { For, Show, createMemo, createSignal } from 'solid-js';
import { A, createAsync, useSearchParams } from '@solidjs/router';
import type { Filing, FilingAttachment } from '../../api/after';
import { DataTable, Pager, type Column } from '../../components/DataTable';
import { FormError, TextAreaField, TextField } from '../../components/Field';
import { PageHeader } from '../../components/Layout';
import { formatDateTime, t, tx } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { attachFile, getFiling, getFilings, reviewFiling, submitFiling } from '../../stores/after';
import { confirmAction } from '../../stores/confirm';
import { toast } from '../../stores/toasts';
import { ExportButton, PdfButton, StatusBadge, one } from './common';

const ATTACHMENTS: FilingAttachment[] = ['notice', 'list', 'explanation', 'qualification'];
const STATUSES = ['', 'draft', 'submitted', 'passed', 'returned'];
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * 评审工作备案 (seed 004 §6.2.11): the committee unit attaches four PDFs and submits; the office
 * above reviews and passes it with a filing number and date, or returns it; both query it here.
 */
export default function FilingsPage() {
  const [params, setParams] = useSearchParams();
  const status = () => one(params.status) ?? '';
  const page = () => Number(one(params.page)) || 1;
  const list = createAsync(() => getFilings({ status: status() || undefined, page: page() }));
  const selected = () => Number(one(params.id)) || null;

  const columns = createMemo<Column<Filing>[]>(() => [
    { key: 'meeting', header: t('after.meeting'), primary: true, class: 'wrap', cell: (f) => <strong>{f.meetingName}</strong> },
    { key: 'org', header: t('after.filingUnit'), class: 'wrap', cell: (f) => f.org.name },
    { key: 'office', header: t('after.filingOffice'), class: 'wrap', cell: (f) => f.office.name },
    { key: 'status', header: t('after.status'), cell: (f) => <StatusBadge status={f.status} label={tx(`after.filingStatus.${f.status}`)} /> },
    { key: 'number', header: t('after.filingNumber'), cell: (f) => f.filingNumber ?? '—' },
    { key: 'at', header: t('after.submittedAt'), cell: (f) => (f.submittedAt ? formatDateTime(f.submittedAt) : '—') },
    {
      key: 'actions',
      header: t('common.actions'),
      class: 'actions',
      cell: (f) => (
        <button type="button" class="small" onClick={() => setParams({ id: String(f.id) })} data-testid={`filing-${f.id}`}>
          {t('after.open')}
        </button>
      ),
    },
  ]);

  return (
    <div class="after-page">
      <PageHeader title={t('after.filings')}>
        <ExportButton path="/filings/export" query={{ status: status() || undefined }} />
      </PageHeader>
      <Show when={selected()}>{(id) => <FilingDetail id={id()} onClose={() => setParams({ id: undefined })} />}</Show>
      <div class="filters card">
        <select aria-label={t('after.status')} value={status()} onChange={(e) => setParams({ status: e.currentTarget.value || undefined, page: undefined })}>
          <For each={STATUSES}>{(s) => <option value={s}>{s ? tx(`after.filingStatus.${s}`) : `${t('after.status')}：${t('common.all')}`}</option>}</For>
        </select>
      </div>
      <Show when={list()}>
        {(p) => (
          <>
            <DataTable columns={columns()} rows={p().items} rowKey={(f) => f.id} empty={t('after.noFilings')} />
            <Pager page={p().page} pageSize={p().pageSize} total={p().total} onPage={(n) => setParams({ page: n > 1 ? String(n) : undefined })} />
          </>
        )}
      </Show>
    </div>
  );
}

function FilingDetail(props: { id: number; onClose: () => void }) {
  const filing = createAsync(() => getFiling(props.id));
  const attach = useRunner(attachFile);
  const submit = useRunner(submitFiling);
  const review = useRunner(reviewFiling);
  const [number, setNumber] = createSignal('');
  const [filedOn, setFiledOn] = createSignal(today());
  const [opinion, setOpinion] = createSignal('');
  const editable = (f: Filing) => f.can.includes('resultFiling:submit') && (f.status === 'draft' || f.status === 'returned');

  const onFile = async (f: Filing, kind: FilingAttachment, file: File | undefined) => {
    if (!file) return;
    const res = await attach.run(f.id, kind, file);
    res.ok ? toast.success(t('after.attached', { name: tx(`after.attachment.${kind}`) })) : toast.failure(res.error);
  };
  const doSubmit = async (f: Filing) => {
    if (!(await confirmAction({ title: t('after.submitFiling'), message: t('after.submitFiling.confirm', { office: f.office.name }) }))) return;
    const res = await submit.run(f.id);
    res.ok ? toast.success(t('after.filingSubmitted')) : toast.failure(res.error);
  };
  const decide = async (f: Filing, decision: 'pass' | 'return') => {
    const res = await review.run(f.id, decision === 'pass' ? { decision, filingNumber: number().trim(), filedOn: filedOn(), opinion: opinion().trim() || null } : { decision, opinion: opinion().trim() });
    if (res.ok) toast.success(decision === 'pass' ? t('after.filingPassed') : t('after.filingReturned'));
  };

  return (
    <Show when={filing()}>
      {(f) => (
        <section class="card filing-detail" data-testid="filing-detail">
          <header class="card-head">
            <h2>{f().meetingName}</h2>
            <button type="button" class="icon-btn" aria-label={t('app.close')} onClick={props.onClose}>
              ×
            </button>
          </header>
          <dl class="facts">
            <dt>{t('after.status')}</dt>
            <dd>
              <StatusBadge status={f().status} label={tx(`after.filingStatus.${f().status}`)} />
            </dd>
            <dt>{t('after.filingUnit')}</dt>
            <dd>{f().org.name}</dd>
            <dt>{t('after.filingOffice')}</dt>
            <dd>{f().office.name}</dd>
            <Show when={f().filingNumber}>
              <dt>{t('after.filingNumber')}</dt>
              <dd>
                {f().filingNumber}（{f().filedOn}）
              </dd>
            </Show>
            <Show when={f().reviewOpinion}>
              <dt>{t('after.reviewOpinion')}</dt>
              <dd>{f().reviewOpinion}</dd>
            </Show>
            <dt>{t('after.results')}</dt>
            <dd>
              <A href={`/after/meeting?id=${f().meetingId}`}>{t('after.openResults')}</A>
            </dd>
          </dl>
          <h3>{t('after.attachments')}</h3>
          <ul class="attachments">
            <For each={ATTACHMENTS}>
              {(kind) => (
                <li>
                  <span class="att-name">
                    {tx(`after.attachment.${kind}`)}
                    <span class="req">*</span>
                  </span>
                  <Show when={f().files[kind]} fallback={<span class="muted">{t('after.notAttached')}</span>}>
                    <PdfButton path={`/filings/${f().id}/files/${kind}`}>{t('after.view')}</PdfButton>
                  </Show>
                  <Show when={editable(f())}>
                    <label class="button small file-btn">
                      {f().files[kind] ? t('after.replace') : t('after.upload')}
                      <input type="file" accept="application/pdf,.pdf" class="sr-only" data-kind={kind} onChange={(e) => onFile(f(), kind, e.currentTarget.files?.[0])} />
                    </label>
                  </Show>
                </li>
              )}
            </For>
          </ul>
          <Show when={editable(f())}>
            <div class="actions-row">
              <span class="muted">{t('after.pdfOnly')}</span>
              <button type="button" class="primary" disabled={submit.pending()} onClick={() => doSubmit(f())} data-testid="submit-filing">
                {t('after.submitFiling')}
              </button>
            </div>
          </Show>
          <Show when={f().status === 'submitted' && f().can.includes('resultFiling:review')}>
            <h3>{t('after.reviewFiling')}</h3>
            <div class="row2">
              <TextField label={t('after.filingNumber')} value={number()} onValue={setNumber} name="filingNumber" placeholder="冀职备〔2026〕1号" error={review.fields().filingNumber} />
              <TextField label={t('after.filedOn')} type="date" value={filedOn()} onValue={setFiledOn} name="filedOn" error={review.fields().filedOn} />
            </div>
            <TextAreaField label={t('after.reviewOpinion')} value={opinion()} onValue={setOpinion} rows={2} maxLength={1000} error={review.fields().opinion} />
            <FormError message={review.formMessage()} />
            <div class="actions-row">
              <button type="button" class="danger" disabled={review.pending() || !opinion().trim()} onClick={() => decide(f(), 'return')}>
                {t('after.returnFiling')}
              </button>
              <button type="button" class="primary" disabled={review.pending() || !number().trim()} onClick={() => decide(f(), 'pass')} data-testid="pass-filing">
                {t('after.passFiling')}
              </button>
            </div>
          </Show>
          <Show when={f().status === 'passed' && f().can.includes('certificate:issue')}>
            <div class="actions-row">
              <A class="button primary" href={`/after/certificates?tab=issue&filing=${f().id}`}>
                {t('after.goIssue')}
              </A>
            </div>
          </Show>
          <h3>{t('after.history')}</h3>
          <ol class="timeline">
            <For each={f().history}>
              {(h) => (
                <li>
                  <span class="muted">{formatDateTime(h.at)}</span> {tx(`after.filingAction.${h.action}`)} · {h.by}
                  <Show when={h.opinion}>：{h.opinion}</Show>
                </li>
              )}
            </For>
          </ol>
        </section>
      )}
    </Show>
  );
}
