import { Show, createMemo, createSignal } from 'solid-js';
import { A, createAsync, useNavigate, useSearchParams } from '@solidjs/router';
import { DataTable, Pager, type Column } from '../../components/DataTable';
import { PageHeader } from '../../components/Layout';
import { formatDateTime, t } from '../../i18n';
import { session } from '../../stores/session';
import { getMeetings } from '../../stores/setup';
import type { MeetingListItem } from '../../api/setup';
import { MeetingForm } from './MeetingForm';
import { ExportButton, StatusBadge, Tabs, one, runsMeetings } from './common';

const STATES = ['active', 'history'] as const;
type State = (typeof STATES)[number];

/**
 * 评审会议管理: 活跃评审会议 (in setup, ready or running) and 历史评审会议 (closed, read only). The
 * unit's admin creates meetings here; every meeting opens its setup page.
 */
export default function MeetingsPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const state = () => (one(params.tab) as State) || 'active';
  const page = () => Number(one(params.page)) || 1;
  const list = createAsync(() => getMeetings({ state: state(), page: page(), pageSize: 20 }));
  const [creating, setCreating] = createSignal(false);
  const mayCreate = () => session.account?.role === 'admin' && runsMeetings(session);

  const columns = createMemo<Column<MeetingListItem>[]>(() => [
    {
      key: 'name',
      header: t('setup.meeting.name'),
      primary: true,
      class: 'wrap',
      cell: (m) => (
        <A href={`/setup/meeting?id=${m.id}`} data-testid={`meeting-${m.id}`}>
          <strong>{m.name}</strong>
        </A>
      ),
    },
    { key: 'when', header: t('setup.meeting.time'), cell: (m) => `${formatDateTime(m.startsAt)} – ${formatDateTime(m.endsAt)}` },
    { key: 'address', header: t('setup.meeting.address'), class: 'wrap', cell: (m) => m.address ?? '—' },
    { key: 'status', header: t('setup.meeting.status'), cell: (m) => <StatusBadge family="meetingStatus" status={m.status} /> },
    { key: 'plan', header: t('setup.plan.title'), cell: (m) => <StatusBadge family="planStatus" status={m.planStatus} /> },
    { key: 'standard', header: t('setup.standard.title'), cell: (m) => <StatusBadge family="standardStatus" status={m.standardStatus} /> },
    {
      key: 'actions',
      header: t('common.actions'),
      class: 'actions',
      cell: (m) => (
        <A class="button small" href={`/setup/meeting?id=${m.id}`}>
          {runsMeetings(session) && (m.status === 'setup' || m.status === 'ready') ? t('setup.meeting.setUp') : t('setup.open')}
        </A>
      ),
    },
  ]);

  return (
    <div class="setup-page" data-testid="setup-meetings">
      <PageHeader title={t('nav.setupMeetings')}>
        <ExportButton path="/meetings/export" query={{ state: state() }} label={t('setup.export')} />
        <Show when={mayCreate()}>
          <button type="button" class="primary" onClick={() => setCreating(true)} data-testid="new-meeting">
            {t('setup.meeting.create')}
          </button>
        </Show>
      </PageHeader>
      <Tabs tabs={STATES} current={state()} label={(x) => t(x === 'active' ? 'setup.meetings.active' : 'setup.meetings.history')} onSelect={(x) => setParams({ tab: x === 'active' ? undefined : x, page: undefined })} />
      <Show when={list()}>
        {(p) => (
          <>
            <DataTable columns={columns()} rows={p().items} rowKey={(m) => m.id} empty={t('setup.meetings.none')} caption={t('nav.setupMeetings')} />
            <Pager page={p().page} pageSize={p().pageSize} total={p().total} onPage={(n) => setParams({ page: n > 1 ? String(n) : undefined })} />
          </>
        )}
      </Show>
      <MeetingForm open={creating()} onClose={() => setCreating(false)} onSaved={(m) => navigate(`/setup/meeting?id=${m.id}`)} />
    </div>
  );
}
