import { Show, createMemo, createSignal } from 'solid-js';
import { createAsync } from '@solidjs/router';
import type { Declaration, DeclarationStatus } from '../../api/declarations';
import { DataTable, Pager, type Column } from '../../components/DataTable';
import { PageHeader } from '../../components/Layout';
import { formatDateTime, t, tx } from '../../i18n';
import { getSearch } from '../../stores/declarations';
import { session } from '../../stores/session';
import { Filters, useListFilters } from './Filters';
import { ReviewDrawer } from './ReviewDrawer';
import { ExportButton, StatusBadge, titleLine } from './parts';

/**
 * 申报查询: every declaration I may read (my subtree once submitted, my committees', what waits at my
 * org), filtered by series, level, unit, status, name or ID number; 资格审查名单导出 to a spreadsheet.
 */
export default function SearchPage() {
  const f = useListFilters();
  const [openId, setOpenId] = createSignal<number | null>(null);
  const list = createAsync(() => getSearch({ ...f.query(), status: (f.get('status') || undefined) as DeclarationStatus | undefined, year: Number(f.get('year')) || undefined, page: f.page(), pageSize: 20 }));
  const canExport = () => session.account?.role === 'admin' || session.account?.role === 'policy_reviewer' || (session.account?.permissions as string[] | undefined)?.includes('qualification.export');
  const columns = createMemo<Column<Declaration>[]>(() => [
    {
      key: 'name',
      header: t('decl.applicant'),
      primary: true,
      cell: (d) => (
        <button type="button" class="link-btn strong" onClick={() => setOpenId(d.id)}>
          {d.applicant.name}
        </button>
      ),
    },
    { key: 'year', header: t('decl.year'), cell: (d) => d.year },
    { key: 'org', header: t('decl.unit'), class: 'wrap', cell: (d) => d.org?.name ?? '' },
    { key: 'title', header: t('decl.titleApplied'), class: 'wrap', cell: (d) => titleLine(d) },
    { key: 'status', header: t('decl.statusLabel'), cell: (d) => <StatusBadge status={d.status} label={d.statusName} /> },
    { key: 'where', header: t('decl.waitingAt'), class: 'wrap', cell: (d) => (d.step ? `${d.currentOrg?.name ?? ''} · ${tx(`decl.step.${d.step}`)}` : '—') },
    { key: 'at', header: t('decl.submittedAt'), cell: (d) => formatDateTime(d.submittedAt) },
  ]);
  return (
    <div class="decl-page" data-testid="declaration-search">
      <PageHeader title={t('decl.search')}>
        <Show when={canExport()}>
          <ExportButton path="/review/declarations/export" query={{ ...f.query(), status: f.get('status') || undefined }} />
        </Show>
      </PageHeader>
      <Filters withStatus />
      <Show when={list()} fallback={<p class="muted">{t('common.loading')}</p>}>
        {(p) => (
          <>
            <DataTable columns={columns()} rows={p().items} rowKey={(d) => d.id} empty={t('decl.nothingFound')} />
            <Pager page={p().page} pageSize={p().pageSize} total={p().total} onPage={(n) => f.setParams({ page: n > 1 ? String(n) : undefined })} />
          </>
        )}
      </Show>
      <Show when={openId()}>{(id) => <ReviewDrawer id={id()} onClose={() => setOpenId(null)} onActed={() => setOpenId(null)} />}</Show>
    </div>
  );
}
