import { For, Show, createMemo, createResource, createSignal } from 'solid-js';
import { A, createAsync, useNavigate, useSearchParams } from '@solidjs/router';
import { afterApi, type MeetingResults, type ResultItem } from '../../api/after';
import { DataTable, type Column } from '../../components/DataTable';
import { Dialog } from '../../components/Dialog';
import { FormError, TextAreaField, TextField } from '../../components/Field';
import { PageHeader } from '../../components/Layout';
import { t, tx } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { closeMeeting, createFiling, getResults, getSettings, publishResults, resolveHeld } from '../../stores/after';
import { confirmAction } from '../../stores/confirm';
import { toast } from '../../stores/toasts';
import { ExportButton, OutcomeBadge, PdfButton, ResultBadge, one, votesText } from './common';
import { CompleteDialog, ReportsPanel } from './PublicityParts';

/**
 * One meeting after the vote: its confirmed results, publishing them (评审结果公示) for at least the
 * minimum of working days, the public's reports, completing the publicity, holding and settling a
 * result, the filing, the review forms (评审表) and closing the meeting.
 */
export default function MeetingResultsPage() {
  const [params] = useSearchParams();
  const id = () => Number(one(params.id));
  const data = createAsync(() => getResults(id()));
  const can = (a: string) => !!data()?.can.includes(a);
  const navigate = useNavigate();
  const [publishing, setPublishing] = createSignal(false);
  const [completing, setCompleting] = createSignal(false);
  const [settling, setSettling] = createSignal<ResultItem | null>(null);
  const close = useRunner(closeMeeting);
  const filing = useRunner(createFiling);

  const doClose = async (r: MeetingResults) => {
    if (!(await confirmAction({ title: t('after.close'), message: t('after.close.confirm', { name: r.meeting.name }), danger: true }))) return;
    const res = await close.run(r.meeting.id);
    res.ok ? toast.success(t('after.closed')) : toast.failure(res.error);
  };
  const doFile = async (r: MeetingResults) => {
    const res = await filing.run(r.meeting.id);
    if (res.ok) navigate(`/after/filings?id=${(res.value as { id: number }).id}`);
    else toast.failure(res.error);
  };

  const applicantColumns = createMemo<Column<MeetingResults['applicants'][number]>[]>(() => [
    { key: 'code', header: t('after.blindCode'), cell: (a) => <span class="mono">{a.blindCode}</span> },
    { key: 'name', header: t('after.name'), primary: true, cell: (a) => <strong>{a.name}</strong> },
    { key: 'employer', header: t('after.employer'), class: 'wrap', cell: (a) => a.employer ?? '' },
    { key: 'qual', header: t('after.qualification'), cell: (a) => a.qualification ?? '' },
    { key: 'result', header: t('after.result'), cell: (a) => <ResultBadge result={a.result} /> },
    {
      key: 'form',
      header: t('after.reviewForm'),
      cell: (a) => (
        <Show when={can('reviewForm:read')}>
          <PdfButton path={`/meeting-applicants/${a.meetingApplicantId}/review-form`}>{t('after.reviewForm.open')}</PdfButton>
        </Show>
      ),
    },
  ]);

  const itemColumns = createMemo<Column<ResultItem>[]>(() => {
    const cols: Column<ResultItem>[] = [
    { key: 'name', header: t('after.name'), primary: true, cell: (i) => <strong>{i.name}</strong> },
    { key: 'employer', header: t('after.employer'), class: 'wrap', cell: (i) => i.employer ?? '' },
    { key: 'qual', header: t('after.qualification'), cell: (i) => `${i.qualification ?? ''}（${i.levelName}）` },
    { key: 'result', header: t('after.result'), cell: (i) => <ResultBadge result={i.result} /> },
    { key: 'votes', header: t('after.votesHeader'), cell: (i) => votesText(i.votes) },
    {
      key: 'outcome',
      header: t('after.outcome'),
      class: 'wrap',
      cell: (i) => (
        <span>
          <OutcomeBadge outcome={i.outcome} />
          <Show when={i.outcomeNote}>
            <small class="muted block">{i.outcomeNote}</small>
          </Show>
        </span>
      ),
    },
    { key: 'reports', header: t('after.reports'), cell: (i) => (i.reports?.total ? t('after.reportCount', { total: i.reports.total, open: i.reports.open }) : '—') },
    { key: 'cert', header: t('after.certificate'), cell: (i) => <span class="mono">{i.certificate?.number ?? '—'}</span> },
    {
      key: 'actions',
      header: t('common.actions'),
      class: 'actions',
      cell: (i) => (
        <div class="row-actions">
          <Show when={i.meetingApplicantId && can('reviewForm:read')}>
            <PdfButton path={`/meeting-applicants/${i.meetingApplicantId}/review-form`}>{t('after.reviewForm.open')}</PdfButton>
          </Show>
          <Show when={i.outcome === 'held' && can('results:manage')}>
            <button type="button" class="small" onClick={() => setSettling(i)}>
              {t('after.settle')}
            </button>
          </Show>
        </div>
      ),
    },
    ];
    // Until certificates are issued the column says nothing: leave it out.
    return data()?.items.some((i) => i.certificate) ? cols : cols.filter((c) => c.key !== 'cert');
  });

  return (
    <Show when={data()}>
      {(r) => (
        <div class="after-page">
          <p class="crumbs">
            <A href="/after">{t('after.title')}</A> ›
          </p>
          <PageHeader title={r().meeting.name}>
            <Show when={r().publicity}>
              <ExportButton path={`/meetings/${r().meeting.id}/results/export`} label={t('after.exportResults')} />
            </Show>
            <Show when={can('meeting:close') && r().meeting.status !== 'closed'}>
              <button type="button" class="danger" onClick={() => doClose(r())} data-testid="close-meeting">
                {t('after.close')}
              </button>
            </Show>
          </PageHeader>
          <Steps r={r()} />

          <Show when={!r().publicity}>
            <section class="card">
              <h2>{t('after.confirmedResults')}</h2>
              <Show
                when={r().applicants.every((a) => a.result !== 'pending')}
                fallback={<div class="notice warn">{t('after.notConfirmed')}</div>}
              >
                <div class="notice info">{t('after.publishHint')}</div>
              </Show>
              <DataTable columns={applicantColumns()} rows={r().applicants} rowKey={(a) => a.meetingApplicantId} />
              <Show when={can('results:manage')}>
                <div class="actions-row">
                  <button type="button" class="primary" onClick={() => setPublishing(true)} data-testid="open-publish">
                    {t('after.publish')}
                  </button>
                </div>
              </Show>
            </section>
          </Show>

          <Show when={r().publicity}>
            {(p) => (
              <>
                <section class="card">
                  <h2>{p().title}</h2>
                  <dl class="facts">
                    <dt>{t('after.period')}</dt>
                    <dd data-testid="period">{t('after.periodText', { start: p().startsOn, end: p().endsOn, days: p().workingDays })}</dd>
                    <dt>{t('after.publicityStatus')}</dt>
                    <dd>{p().status === 'completed' ? t('after.publicity.completed') : p().over ? t('after.publicity.over') : t('after.publicity.running')}</dd>
                    <Show when={p().running}>
                      <dt>{t('after.publicPage')}</dt>
                      <dd>
                        <a href={`/public/results?id=${p().id}`} target="_blank" rel="noopener">
                          {t('after.publicPage.open')}
                        </a>
                      </dd>
                    </Show>
                  </dl>
                  <DataTable columns={itemColumns()} rows={r().items} rowKey={(i) => i.id} />
                  <Show when={can('results:manage') && p().status === 'open'}>
                    <div class="actions-row">
                      <Show when={!p().over}>
                        <span class="muted">{t('after.completeAfter', { end: p().endsOn })}</span>
                      </Show>
                      <button type="button" class="primary" disabled={!p().over} onClick={() => setCompleting(true)} data-testid="open-complete">
                        {t('after.complete')}
                      </button>
                    </div>
                  </Show>
                </section>
                <ReportsPanel reports={r().reports} canHandle={can('results:manage')} publicityId={p().id} />
                <section class="card">
                  <h2>{t('after.filing')}</h2>
                  <Show
                    when={r().filing}
                    fallback={
                      <Show when={p().status === 'completed'} fallback={<p class="muted">{t('after.filingAfterPublicity')}</p>}>
                        <Show when={can('resultFiling:submit')} fallback={<p class="muted">{t('after.noFilingYet')}</p>}>
                          <button type="button" class="primary" onClick={() => doFile(r())} disabled={filing.pending()} data-testid="create-filing">
                            {t('after.createFiling')}
                          </button>
                        </Show>
                      </Show>
                    }
                  >
                    {(f) => (
                      <p>
                        {f().statusName}
                        <Show when={f().filingNumber}> · {f().filingNumber}</Show> ·{' '}
                        <A href={`/after/filings?id=${f().id}`}>{t('after.openFiling')}</A>
                      </p>
                    )}
                  </Show>
                </section>
                <CompleteDialog open={completing()} publicityId={p().id} items={r().items.filter((i) => i.outcome === 'pending')} onClose={() => setCompleting(false)} />
              </>
            )}
          </Show>
          <PublishDialog open={publishing()} meetingId={r().meeting.id} name={r().meeting.name} onClose={() => setPublishing(false)} />
          <SettleDialog item={settling()} onClose={() => setSettling(null)} />
        </div>
      )}
    </Show>
  );
}

function Steps(props: { r: MeetingResults }) {
  const at = () => {
    const r = props.r;
    if (r.filing?.status === 'passed') return 5;
    if (r.filing) return 3;
    if (r.publicity?.status === 'completed') return 2;
    if (r.publicity) return 1;
    return 0;
  };
  const steps = ['confirmed', 'publicity', 'completed', 'filing', 'filed'] as const;
  return (
    <ol class="steps" aria-label={t('after.progress')}>
      <For each={steps}>{(s, i) => <li classList={{ done: i() < at(), now: i() === at() }}>{tx(`after.step.${s}`)}</li>}</For>
    </ol>
  );
}

function PublishDialog(props: { open: boolean; meetingId: number; name: string; onClose: () => void }) {
  const settings = createAsync(() => getSettings());
  const [title, setTitle] = createSignal('');
  const [days, setDays] = createSignal('');
  const [content, setContent] = createSignal('');
  const n = () => Number(days()) || settings()?.publicityMinWorkingDays || 5;
  const [preview] = createResource(() => (props.open ? n() : null), (d) => afterApi.workingDays({ days: d }));
  const run = useRunner(publishResults);
  const submit = async () => {
    if (!(await confirmAction({ title: t('after.publish'), message: t('after.publish.confirm') }))) return;
    const res = await run.run(props.meetingId, { title: title().trim() || undefined, content: content().trim() || null, workingDays: n() });
    if (res.ok) {
      toast.success(t('after.published'));
      props.onClose();
    }
  };
  return (
    <Dialog
      open={props.open}
      title={t('after.publish')}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" class="primary" disabled={run.pending()} onClick={submit} data-testid="publish">
            {t('after.publish')}
          </button>
        </>
      }
    >
      <TextField label={t('after.publicityTitle')} value={title()} onValue={setTitle} placeholder={`${props.name}${t('after.publicitySuffix')}`} error={run.fields().title} />
      <TextField
        label={t('after.workingDays')}
        type="number"
        min={settings()?.publicityMinWorkingDays ?? 5}
        value={days()}
        onValue={setDays}
        placeholder={String(settings()?.publicityMinWorkingDays ?? 5)}
        error={run.fields().workingDays}
        hint={<Show when={preview()}>{(p) => t('after.periodPreview', { start: p().start, end: p().end, days: p().workingDays })}</Show>}
        name="workingDays"
      />
      <TextAreaField label={t('after.publicityContent')} value={content()} onValue={setContent} rows={3} maxLength={2000} />
      <FormError message={run.formMessage()} />
    </Dialog>
  );
}

function SettleDialog(props: { item: ResultItem | null; onClose: () => void }) {
  const [note, setNote] = createSignal('');
  const run = useRunner(resolveHeld);
  const go = async (outcome: 'confirmed' | 'revoked') => {
    const res = await run.run(props.item!.id, outcome, note().trim());
    if (res.ok) {
      toast.success(t('common.saved'));
      props.onClose();
    }
  };
  return (
    <Dialog
      open={!!props.item}
      title={t('after.settleTitle', { name: props.item?.name ?? '' })}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" class="danger" disabled={run.pending() || !note().trim()} onClick={() => go('revoked')}>
            {t('after.settle.revoke')}
          </button>
          <button type="button" class="primary" disabled={run.pending() || !note().trim()} onClick={() => go('confirmed')}>
            {t('after.settle.confirm')}
          </button>
        </>
      }
    >
      <p class="muted">{props.item?.outcomeNote}</p>
      <TextAreaField label={t('after.settleNote')} value={note()} onValue={setNote} rows={3} maxLength={500} required />
      <FormError message={run.formMessage()} />
    </Dialog>
  );
}

