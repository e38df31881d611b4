import { For, Show, createMemo, createSignal } from 'solid-js';
import { createAsync, useSearchParams } from '@solidjs/router';
import type { Appeal, AppealStatus } from '../../api/after';
import { DataTable, Pager, type Column } from '../../components/DataTable';
import { Dialog } from '../../components/Dialog';
import { FormError, TextAreaField } from '../../components/Field';
import { PageHeader } from '../../components/Layout';
import { formatDateTime, t, tx } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { getAppeals, handleAppeal } from '../../stores/after';
import { toast } from '../../stores/toasts';
import { ExportButton, StatusBadge, one } from './common';

const STATUSES = ['', 'submitted', 'accepted', 'concluded', 'rejected'];
const MOVES: Record<string, AppealStatus[]> = { submitted: ['accepted', 'rejected'], accepted: ['concluded'] };

/** 复查与投诉 (Art. 27): what applicants asked about their results, accepted, refused or concluded with an opinion. */
export default function AppealsPage() {
  const [params, setParams] = useSearchParams();
  const status = () => one(params.status) ?? '';
  const page = () => Number(one(params.page)) || 1;
  const list = createAsync(() => getAppeals({ status: status() || undefined, page: page() }));
  const [handling, setHandling] = createSignal<Appeal | null>(null);
  const columns = createMemo<Column<Appeal>[]>(() => [
    { key: 'name', header: t('after.applicant'), primary: true, cell: (a) => <strong>{a.name}</strong> },
    { key: 'meeting', header: t('after.meeting'), class: 'wrap', cell: (a) => a.meetingName ?? '' },
    { key: 'kind', header: t('after.appealKind'), cell: (a) => tx(`after.appealKind.${a.kind}`) },
    { key: 'content', header: t('after.appealContent'), class: 'wrap', cell: (a) => a.content },
    { key: 'at', header: t('after.submittedAt'), cell: (a) => formatDateTime(a.createdAt) },
    {
      key: 'status',
      header: t('after.status'),
      class: 'wrap',
      cell: (a) => (
        <span>
          <StatusBadge status={a.status} label={tx(`after.appealStatus.${a.status}`)} />
          <Show when={a.handlingOpinion}>
            <small class="muted block">{a.handlingOpinion}</small>
          </Show>
        </span>
      ),
    },
    {
      key: 'actions',
      header: t('common.actions'),
      class: 'actions',
      cell: (a) => (
        <Show when={MOVES[a.status]}>
          <button type="button" class="small" onClick={() => setHandling(a)} data-testid={`handle-${a.id}`}>
            {t('after.handle')}
          </button>
        </Show>
      ),
    },
  ]);
  return (
    <div class="after-page">
      <PageHeader title={t('after.appeals')}>
        <ExportButton path="/appeals/export" query={{ status: status() || undefined }} />
      </PageHeader>
      <div class="filters card">
        <select aria-label={t('after.status')} value={status()} onChange={(e) => setParams({ status: e.currentTarget.value || undefined, page: undefined })}>
          <For each={STATUSES}>{(s) => <option value={s}>{s ? tx(`after.appealStatus.${s}`) : `${t('after.status')}：${t('common.all')}`}</option>}</For>
        </select>
      </div>
      <Show when={list()}>
        {(p) => (
          <>
            <DataTable columns={columns()} rows={p().items} rowKey={(a) => a.id} empty={t('after.noAppeals')} />
            <Pager page={p().page} pageSize={p().pageSize} total={p().total} onPage={(n) => setParams({ page: n > 1 ? String(n) : undefined })} />
          </>
        )}
      </Show>
      <HandleDialog appeal={handling()} onClose={() => setHandling(null)} />
    </div>
  );
}

function HandleDialog(props: { appeal: Appeal | null; onClose: () => void }) {
  const [opinion, setOpinion] = createSignal('');
  const run = useRunner(handleAppeal);
  const go = async (status: AppealStatus) => {
    const res = await run.run(props.appeal!.id, status, opinion().trim());
    if (res.ok) {
      toast.success(t('common.saved'));
      setOpinion('');
      props.onClose();
    }
  };
  return (
    <Dialog
      open={!!props.appeal}
      title={t('after.handleAppeal', { name: props.appeal?.name ?? '', kind: tx(`after.appealKind.${props.appeal?.kind ?? 'recheck'}`) })}
      onClose={props.onClose}
      footer={
        <For each={MOVES[props.appeal?.status ?? ''] ?? []}>
          {(s) => (
            <button type="button" class={s === 'rejected' ? 'danger' : 'primary'} disabled={run.pending() || (s !== 'accepted' && !opinion().trim())} onClick={() => go(s)}>
              {tx(`after.appealMove.${s}`)}
            </button>
          )}
        </For>
      }
    >
      <blockquote class="quote">{props.appeal?.content}</blockquote>
      <TextAreaField label={t('after.handlingOpinion')} value={opinion()} onValue={setOpinion} rows={4} maxLength={2000} hint={t('after.opinionHint')} error={run.fields().opinion} />
      <FormError message={run.formMessage()} />
    </Dialog>
  );
}
