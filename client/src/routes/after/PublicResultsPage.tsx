import { For, Show, createSignal } from 'solid-js';
import { A, createAsync, useSearchParams } from '@solidjs/router';
import type { ResultItem } from '../../api/after';
import { DataTable } from '../../components/DataTable';
import { Dialog } from '../../components/Dialog';
import { FormError, TextAreaField, TextField } from '../../components/Field';
import { t } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { getPublicities, getPublicity, reportOnPublicity } from '../../stores/after';
import { PublicFrame } from './PublicParts';
import { one } from './common';

/**
 * 评审结果公示 for anyone (Art. 26): the lists running now; one list's passed results (name, unit,
 * title; no ID numbers, no votes) and a form to report a problem with an entry (举报).
 */
export default function PublicResultsPage() {
  const [params] = useSearchParams();
  const id = () => Number(one(params.id)) || null;
  return <PublicFrame>{id() ? <One id={id()!} /> : <List />}</PublicFrame>;
}

function List() {
  const list = createAsync(() => getPublicities());
  return (
    <section>
      <h1>{t('after.publicResults')}</h1>
      <p class="muted">{t('after.publicIntro')}</p>
      <Show when={list()}>
        <For each={list()!.items} fallback={<p class="card muted">{t('after.noPublicities')}</p>}>
          {(p) => (
            <A href={`/public/results?id=${p.id}`} class="card publicity-card" data-testid="publicity">
              <strong>{p.title}</strong>
              <span class="muted">{p.org.name}</span>
              <span>{t('after.periodText', { start: p.startsOn, end: p.endsOn, days: p.workingDays })}</span>
            </A>
          )}
        </For>
      </Show>
    </section>
  );
}

function One(props: { id: number }) {
  const p = createAsync(() => getPublicity(props.id));
  const [reporting, setReporting] = createSignal<ResultItem | null>(null);
  const [sent, setSent] = createSignal(false);
  return (
    <Show when={p()} fallback={<p class="muted">{t('common.loading')}</p>}>
      {(x) => (
        <section>
          <p class="crumbs">
            <A href="/public/results">{t('after.publicResults')}</A> ›
          </p>
          <h1>{x().title}</h1>
          <p>
            {x().org.name} · {t('after.periodText', { start: x().startsOn, end: x().endsOn, days: x().workingDays })}
          </p>
          <Show when={x().content}>
            <p class="lead">{x().content}</p>
          </Show>
          <Show when={sent()}>
            <div class="notice ok" role="status">
              {t('after.reportSent')}
            </div>
          </Show>
          <DataTable
            caption={x().title}
            rows={x().items}
            rowKey={(i) => i.id}
            columns={[
              { key: 'name', header: t('after.name'), primary: true, cell: (i) => <strong>{i.name}</strong> },
              { key: 'employer', header: t('after.employer'), class: 'wrap', cell: (i) => i.employer ?? '' },
              { key: 'series', header: t('after.series'), cell: (i) => i.seriesName },
              { key: 'qual', header: t('after.qualification'), cell: (i) => `${i.qualification ?? ''}（${i.levelName}）` },
              { key: 'spec', header: t('after.specialty'), cell: (i) => i.specialty ?? '—' },
              {
                key: 'report',
                header: t('after.reportHeader'),
                class: 'actions',
                cell: (i) => (
                  <button type="button" class="small" onClick={() => setReporting(i)} data-testid={`report-${i.id}`}>
                    {t('after.reportProblem')}
                  </button>
                ),
              },
            ]}
          />
          <p class="muted">{t('after.reportRules')}</p>
          <ReportDialog publicityId={x().id} item={reporting()} onClose={() => setReporting(null)} onSent={() => setSent(true)} />
        </section>
      )}
    </Show>
  );
}

function ReportDialog(props: { publicityId: number; item: ResultItem | null; onClose: () => void; onSent: () => void }) {
  const [name, setName] = createSignal('');
  const [contact, setContact] = createSignal('');
  const [content, setContent] = createSignal('');
  const run = useRunner(reportOnPublicity);
  const submit = async () => {
    const res = await run.run(props.publicityId, { itemId: props.item!.id, reporterName: name().trim() || undefined, contact: contact().trim() || undefined, content: content().trim() });
    if (res.ok) {
      setContent('');
      props.onSent();
      props.onClose();
    }
  };
  return (
    <Dialog
      open={!!props.item}
      title={t('after.reportTitle', { name: props.item?.name ?? '' })}
      onClose={props.onClose}
      footer={
        <button type="button" class="primary" disabled={run.pending() || !content().trim()} onClick={submit} data-testid="send-report">
          {t('common.submit')}
        </button>
      }
    >
      <TextAreaField label={t('after.reportContent')} value={content()} onValue={setContent} rows={5} maxLength={2000} required error={run.fields().content} />
      <div class="row2">
        <TextField label={t('after.reporterName')} value={name()} onValue={setName} name="reporterName" maxLength={50} />
        <TextField label={t('after.contact')} value={contact()} onValue={setContact} name="contact" maxLength={100} />
      </div>
      <FormError message={run.formMessage()} />
    </Dialog>
  );
}
