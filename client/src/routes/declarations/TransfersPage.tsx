import { Show, createMemo, createSignal } from 'solid-js';
import { createAsync, useSearchParams } from '@solidjs/router';
import type { Transfer } from '../../api/declarations';
import { DataTable, Pager, type Column } from '../../components/DataTable';
import { Dialog } from '../../components/Dialog';
import { FormError, TextAreaField, TextField } from '../../components/Field';
import { PageHeader } from '../../components/Layout';
import { Badge, type Tone } from '../../components/Badge';
import { formatDateTime, t, tx } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { decideTransfer, getTransfers, requestTransfer } from '../../stores/declarations';
import { session } from '../../stores/session';
import { toast } from '../../stores/toasts';
import { ExportButton, Tabs, one } from './parts';

type Direction = 'all' | 'incoming' | 'outgoing';
const TONE: Record<string, Tone> = { pending: 'warn', accepted: 'ok', refused: 'muted' };

/**
 * 单位变动人员管理 (seed 002 二): the new unit asks by ID number to take over a person who changed
 * employer; the old unit agrees (the account and an editable declaration move) or refuses.
 */
export default function TransfersPage() {
  const [params, setParams] = useSearchParams();
  const dir = () => (one(params.dir) as Direction) ?? 'all';
  const page = () => Number(one(params.page)) || 1;
  const list = createAsync(() => getTransfers({ direction: dir(), page: page() }));
  const [asking, setAsking] = createSignal(false);
  const [deciding, setDeciding] = createSignal<Transfer | null>(null);
  const isAdmin = () => session.account?.role === 'admin';
  const columns = createMemo<Column<Transfer>[]>(() => [
    {
      key: 'person',
      header: t('decl.tr.person'),
      primary: true,
      cell: (x) => (
        <span>
          <strong>{x.person.name}</strong> <span class="mono muted small">{x.person.idNumber}</span>
        </span>
      ),
    },
    { key: 'from', header: t('decl.tr.from'), class: 'wrap', cell: (x) => x.fromOrg?.name ?? '' },
    { key: 'to', header: t('decl.tr.to'), class: 'wrap', cell: (x) => x.toOrg?.name ?? '' },
    { key: 'note', header: t('decl.tr.note'), class: 'wrap', cell: (x) => x.note ?? '' },
    { key: 'at', header: t('decl.tr.askedAt'), cell: (x) => formatDateTime(x.createdAt) },
    {
      key: 'status',
      header: t('decl.statusLabel'),
      class: 'wrap',
      cell: (x) => (
        <span>
          <Badge tone={TONE[x.status] ?? 'info'}>{tx(`decl.tr.status.${x.status}`)}</Badge>
          <Show when={x.reason}>
            <small class="muted block">{x.reason}</small>
          </Show>
        </span>
      ),
    },
    {
      key: 'actions',
      header: t('common.actions'),
      class: 'actions',
      cell: (x) => (
        <Show when={x.can.includes('transfer:decide')}>
          <button type="button" class="small primary" onClick={() => setDeciding(x)} data-testid={`transfer-decide-${x.id}`}>
            {t('decl.tr.decide')}
          </button>
        </Show>
      ),
    },
  ]);
  return (
    <div class="decl-page" data-testid="transfers-page">
      <PageHeader title={t('nav.declTransfers')}>
        <ExportButton path="/transfers/export" query={{ direction: dir() }} />
        <Show when={isAdmin()}>
          <button type="button" class="primary" onClick={() => setAsking(true)} data-testid="transfer-new">
            {t('decl.tr.ask')}
          </button>
        </Show>
      </PageHeader>
      <Tabs tabs={['all', 'incoming', 'outgoing'] as Direction[]} current={dir()} label={(x) => tx(`decl.tr.dir.${x}`)} onSelect={(x) => setParams({ dir: x, page: undefined })} />
      <Show when={list()} fallback={<p class="muted">{t('common.loading')}</p>}>
        {(p) => (
          <>
            <DataTable columns={columns()} rows={p().items} rowKey={(x) => x.id} empty={t('decl.tr.none')} />
            <Pager page={p().page} pageSize={p().pageSize} total={p().total} onPage={(n) => setParams({ page: n > 1 ? String(n) : undefined })} />
          </>
        )}
      </Show>
      <AskDialog open={asking()} onClose={() => setAsking(false)} />
      <Show when={deciding()}>{(x) => <DecideDialog transfer={x()} onClose={() => setDeciding(null)} />}</Show>
    </div>
  );
}

function AskDialog(props: { open: boolean; onClose: () => void }) {
  const [idNumber, setIdNumber] = createSignal('');
  const [note, setNote] = createSignal('');
  const run = useRunner(requestTransfer);
  return (
    <Dialog
      open={props.open}
      title={t('decl.tr.ask')}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            class="primary"
            disabled={run.pending() || idNumber().trim().length < 15}
            onClick={async () => {
              const res = await run.run({ idNumber: idNumber().trim().toUpperCase(), note: note().trim() || undefined });
              if (res.ok) {
                toast.success(t('decl.tr.asked'));
                setIdNumber('');
                setNote('');
                props.onClose();
              }
            }}
          >
            {t('common.submit')}
          </button>
        </>
      }
    >
      <p class="muted">{t('decl.tr.askIntro')}</p>
      <TextField label={t('decl.tr.idNumber')} value={idNumber()} onValue={setIdNumber} required maxLength={18} class="mono-input" error={run.fields().idNumber} />
      <TextAreaField label={t('decl.tr.note')} value={note()} onValue={setNote} rows={2} maxLength={500} error={run.fields().note} />
      <FormError message={run.formMessage()} />
    </Dialog>
  );
}

function DecideDialog(props: { transfer: Transfer; onClose: () => void }) {
  const [reason, setReason] = createSignal('');
  const run = useRunner(decideTransfer);
  const go = async (approve: boolean) => {
    const res = await run.run(props.transfer.id, approve, reason().trim() || undefined);
    if (res.ok) {
      toast.success(approve ? t('decl.tr.accepted') : t('decl.tr.refused'));
      props.onClose();
    }
  };
  return (
    <Dialog
      open
      title={t('decl.tr.decide')}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" disabled={run.pending() || !reason().trim()} onClick={() => void go(false)}>
            {t('decl.tr.refuse')}
          </button>
          <button type="button" class="primary" disabled={run.pending()} onClick={() => void go(true)}>
            {t('decl.tr.agree')}
          </button>
        </>
      }
    >
      <p>{t('decl.tr.decideText', { name: props.transfer.person.name, to: props.transfer.toOrg?.name ?? '' })}</p>
      <TextAreaField label={t('decl.tr.reason')} value={reason()} onValue={setReason} rows={2} maxLength={500} hint={t('decl.tr.reasonHint')} error={run.fields().reason} />
      <FormError message={run.formMessage()} />
    </Dialog>
  );
}
