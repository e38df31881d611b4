import { Show, createSignal } from 'solid-js';
import { createAsync } from '@solidjs/router';
import type { OrgDetail } from '../../api';
import { DataTable } from '../../components/DataTable';
import { t, tx } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { decideOrgMove, getPendingMoves } from '../../stores/orgs';
import { toast } from '../../stores/toasts';
import { ReasonDialog } from './OrgDialogs';

/** 归口审批: units that asked to move under this side. */
export function PendingMoves(props: { onSelect: (id: number) => void }) {
  const moves = createAsync(() => getPendingMoves());
  const decide = useRunner(decideOrgMove);
  const [refusing, setRefusing] = createSignal<OrgDetail | null>(null);
  const approve = async (o: OrgDetail) => {
    const r = await decide.run(o.id, true);
    r.ok ? toast.success(t('orgs.moves.approved')) : toast.failure(r.error);
  };
  return (
    <section class="card" data-testid="pending-moves">
      <h2>{t('orgs.moves.title')}</h2>
      <DataTable
        rows={moves() ?? []}
        rowKey={(o) => o.id}
        empty={t('orgs.moves.empty')}
        columns={[
          {
            key: 'name',
            header: t('orgs.name'),
            primary: true,
            class: 'wrap',
            cell: (o) => (
              <button type="button" class="link-btn" onClick={() => props.onSelect(o.id)}>
                {o.name}
              </button>
            ),
          },
          { key: 'code', header: t('orgs.code'), cell: (o) => <span class="mono">{o.code}</span> },
          { key: 'kind', header: t('orgs.kind'), cell: (o) => tx(`orgKind.${o.kind}`) },
          { key: 'from', header: t('orgs.moves.from'), cell: (o) => o.parent?.name ?? '—' },
          { key: 'to', header: t('orgs.moves.to'), cell: (o) => <Show when={o.pendingParent}>{(p) => `${p().name}（${p().code}）`}</Show> },
          {
            key: 'actions',
            header: t('common.actions'),
            class: 'actions',
            cell: (o) => (
              <div class="row-actions">
                <button type="button" class="primary small" disabled={decide.pending()} onClick={() => approve(o)}>
                  {t('orgs.action.approveMove')}
                </button>
                <button type="button" class="small" onClick={() => setRefusing(o)}>
                  {t('orgs.action.rejectMove')}
                </button>
              </div>
            ),
          },
        ]}
      />
      <ReasonDialog
        open={!!refusing()}
        title={t('orgs.moves.rejectTitle')}
        onClose={() => setRefusing(null)}
        onSubmit={async (reason) => {
          const r = await decide.run(refusing()!.id, false, reason);
          if (r.ok) toast.success(t('orgs.moves.rejected'));
          return r;
        }}
      />
    </section>
  );
}
