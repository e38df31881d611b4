import { Show, createMemo } from 'solid-js';
import { A, createAsync, useSearchParams } from '@solidjs/router';
import type { AfterMeeting } from '../../api/after';
import { Badge } from '../../components/Badge';
import { DataTable, Pager, type Column } from '../../components/DataTable';
import { PageHeader } from '../../components/Layout';
import { formatDateTime, t, tx } from '../../i18n';
import { getAfterMeetings } from '../../stores/after';
import { ExportButton, Tabs, one } from './common';

const STATES = ['open', 'history', 'all'] as const;
type State = (typeof STATES)[number];

/**
 * 评审后处理: the meetings of my unit (an office: of its subtree) and where each stands after the
 * meeting — results confirmed, in publicity, filed — with the history of closed meetings.
 */
export default function AfterMeetingsPage() {
  const [params, setParams] = useSearchParams();
  const state = () => (one(params.tab) as State) || 'open';
  const page = () => Number(one(params.page)) || 1;
  const list = createAsync(() => getAfterMeetings({ state: state(), page: page(), pageSize: 20 }));

  const columns = createMemo<Column<AfterMeeting>[]>(() => [
    {
      key: 'name',
      header: t('after.meeting'),
      primary: true,
      class: 'wrap',
      cell: (m) => (
        <A href={`/after/meeting?id=${m.id}`} data-testid={`meeting-${m.id}`}>
          <strong>{m.name}</strong>
        </A>
      ),
    },
    { key: 'owner', header: t('after.owner'), class: 'wrap', cell: (m) => m.owner.name },
    { key: 'when', header: t('after.startsAt'), cell: (m) => formatDateTime(m.startsAt) },
    { key: 'count', header: t('after.counts'), cell: (m) => t('after.countsText', { total: m.applicants, passed: m.passed, failed: m.failed }) },
    {
      key: 'state',
      header: t('after.progress'),
      cell: (m) => <Badge tone={m.state === 'filed' ? 'ok' : m.state === 'results_pending' ? 'muted' : 'info'}>{tx(`after.state.${m.state}`)}</Badge>,
    },
    {
      key: 'status',
      header: t('after.meetingStatus'),
      cell: (m) => <Badge tone={m.status === 'closed' ? 'muted' : 'info'}>{tx(`after.meetingStatus.${m.status}`)}</Badge>,
    },
    {
      key: 'actions',
      header: t('common.actions'),
      class: 'actions',
      cell: (m) => (
        <A class="button small" href={`/after/meeting?id=${m.id}`}>
          {t('after.open')}
        </A>
      ),
    },
  ]);

  return (
    <div class="after-page">
      <PageHeader title={t('after.title')}>
        <ExportButton path="/after/meetings/export" query={{ state: state() }} />
      </PageHeader>
      <Tabs tabs={STATES} current={state()} label={(x) => tx(`after.tab.${x}`)} onSelect={(x) => setParams({ tab: x === 'open' ? undefined : x, page: undefined })} />
      <Show when={list()}>
        {(p) => (
          <>
            <DataTable columns={columns()} rows={p().items} rowKey={(m) => m.id} empty={t('after.noMeetings')} caption={t('after.title')} />
            <Pager page={p().page} pageSize={p().pageSize} total={p().total} onPage={(n) => setParams({ page: n > 1 ? String(n) : undefined })} />
          </>
        )}
      </Show>
    </div>
  );
}
