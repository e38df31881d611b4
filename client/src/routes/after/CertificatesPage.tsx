import { For, Show, createMemo, createSignal } from 'solid-js';
import { createAsync, useSearchParams } from '@solidjs/router';
import type { CertificateView } from '../../api/after';
import { DataTable, Pager, type Column } from '../../components/DataTable';
import { Dialog } from '../../components/Dialog';
import { FormError, TextAreaField } from '../../components/Field';
import { PageHeader } from '../../components/Layout';
import { t, tx } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { getCertificates, getSettings, revokeCertificate } from '../../stores/after';
import { toast } from '../../stores/toasts';
import { ExportButton, PdfButton, StatusBadge, Tabs, one, PickField } from './common';
import { IssuePanel } from './CertificateIssue';
import { ImportPanel, ReportPanel } from './CertificateReport';

const TABS = ['issue', 'search', 'report', 'import'] as const;
type Tab = (typeof TABS)[number];

/**
 * 证书管理: 证书发放 (from a passed filing, in a batch), 证书查询 with revocation and the PDF,
 * 证书报送人社部 (report batches and their spreadsheets), 证书补录/导入.
 */
export default function CertificatesPage() {
  const [params, setParams] = useSearchParams();
  const tab = () => (one(params.tab) as Tab) || 'search';
  return (
    <div class="after-page">
      <PageHeader title={t('after.certificates')} />
      <Tabs tabs={TABS} current={tab()} label={(x) => tx(`after.certTab.${x}`)} onSelect={(x) => setParams({ tab: x, page: undefined, filing: undefined })} />
      <Show when={tab() === 'issue'}>
        <IssuePanel />
      </Show>
      <Show when={tab() === 'search'}>
        <SearchPanel />
      </Show>
      <Show when={tab() === 'report'}>
        <ReportPanel />
      </Show>
      <Show when={tab() === 'import'}>
        <ImportPanel />
      </Show>
    </div>
  );
}

function SearchPanel() {
  const [params, setParams] = useSearchParams();
  const q = createMemo(() => ({
    q: one(params.q) || undefined,
    status: one(params.status) || undefined,
    source: one(params.source) || undefined,
    page: Number(one(params.page)) || 1,
  }));
  const list = createAsync(() => getCertificates(q()));
  const [text, setText] = createSignal(one(params.q) ?? '');
  const [revoking, setRevoking] = createSignal<CertificateView | null>(null);
  const columns = createMemo<Column<CertificateView>[]>(() => [
    { key: 'number', header: t('after.certNumber'), primary: true, cell: (c) => <span class="mono">{c.number}</span> },
    { key: 'name', header: t('after.name'), cell: (c) => <strong>{c.name}</strong> },
    { key: 'qual', header: t('after.qualification'), class: 'wrap', cell: (c) => `${c.seriesName} · ${c.qualificationName}（${c.levelName}）` },
    { key: 'unit', header: t('after.issuingUnit'), class: 'wrap', cell: (c) => c.issuingUnit?.name ?? '' },
    { key: 'on', header: t('after.issuedOn'), cell: (c) => c.issuedOn },
    { key: 'status', header: t('after.status'), cell: (c) => <StatusBadge status={c.status} label={tx(`after.certStatus.${c.status}`)} /> },
    { key: 'source', header: t('after.source'), cell: (c) => tx(`after.source.${c.source}`) },
    {
      key: 'actions',
      header: t('common.actions'),
      class: 'actions',
      cell: (c) => (
        <div class="row-actions">
          <PdfButton path={`/certificates/${c.id}/pdf`}>{t('after.certPdf')}</PdfButton>
          <a class="button small" href={`/verify?code=${encodeURIComponent(c.verifyCode)}`} target="_blank" rel="noopener">
            {t('after.verify')}
          </a>
          <Show when={c.status === 'valid'}>
            <button type="button" class="small danger-text" onClick={() => setRevoking(c)}>
              {t('after.revoke')}
            </button>
          </Show>
        </div>
      ),
    },
  ]);
  const filter = (next: Record<string, string | undefined>) => setParams({ ...next, page: undefined });
  return (
    <>
      <form
        class="filters card"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          filter({ q: text().trim() || undefined });
        }}
      >
        <input type="search" class="grow" placeholder={t('after.certSearch')} aria-label={t('after.certSearch')} value={text()} onInput={(e) => setText(e.currentTarget.value)} />
        <select aria-label={t('after.status')} value={one(params.status) ?? ''} onChange={(e) => filter({ status: e.currentTarget.value || undefined })}>
          <option value="">{`${t('after.status')}：${t('common.all')}`}</option>
          <For each={['valid', 'revoked']}>{(s) => <option value={s}>{tx(`after.certStatus.${s}`)}</option>}</For>
        </select>
        <select aria-label={t('after.source')} value={one(params.source) ?? ''} onChange={(e) => filter({ source: e.currentTarget.value || undefined })}>
          <option value="">{`${t('after.source')}：${t('common.all')}`}</option>
          <For each={['issued', 'imported']}>{(s) => <option value={s}>{tx(`after.source.${s}`)}</option>}</For>
        </select>
        <button type="submit">{t('common.search')}</button>
        <ExportButton path="/certificates/export" query={{ q: q().q, status: q().status, source: q().source }} />
      </form>
      <Show when={list()}>
        {(p) => (
          <>
            <DataTable columns={columns()} rows={p().items} rowKey={(c) => c.id} empty={t('after.noCertificates')} />
            <Pager page={p().page} pageSize={p().pageSize} total={p().total} onPage={(n) => setParams({ page: n > 1 ? String(n) : undefined })} />
          </>
        )}
      </Show>
      <RevokeDialog cert={revoking()} onClose={() => setRevoking(null)} />
    </>
  );
}

function RevokeDialog(props: { cert: CertificateView | null; onClose: () => void }) {
  const settings = createAsync(() => getSettings());
  const [reason, setReason] = createSignal('');
  const [years, setYears] = createSignal('');
  const run = useRunner(revokeCertificate);
  const submit = async () => {
    const res = await run.run(props.cert!.id, reason().trim(), Number(years()) || undefined);
    if (res.ok) {
      toast.success(t('after.revoked'));
      setReason('');
      props.onClose();
    }
  };
  return (
    <Dialog
      open={!!props.cert}
      title={t('after.revokeTitle', { name: props.cert?.name ?? '', number: props.cert?.number ?? '' })}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" class="danger" disabled={run.pending() || !reason().trim()} onClick={submit} data-testid="revoke">
            {t('after.revoke')}
          </button>
        </>
      }
    >
      <TextAreaField label={t('after.revokeReason')} value={reason()} onValue={setReason} rows={3} maxLength={500} required error={run.fields().reason} />
      <Show when={settings()}>
      <PickField
        label={t('after.alsoBlacklist')}
        value={years()}
        onValue={setYears}
        options={[{ value: '', label: t('after.noBlacklist') }, ...(settings()?.blacklistYears ?? [1, 3, 5]).map((y) => ({ value: String(y), label: t('after.yearsN', { n: y }) }))]}
        error={run.fields().blacklistYears}
      />
      </Show>
      <FormError message={run.formMessage()} />
    </Dialog>
  );
}
