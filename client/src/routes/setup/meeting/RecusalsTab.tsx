import { For, Show, createMemo, createSignal } from 'solid-js';
import { createAsync } from '@solidjs/router';
import { Badge } from '../../../components/Badge';
import { DataTable, type Column } from '../../../components/DataTable';
import { Dialog } from '../../../components/Dialog';
import { FormError, TextField } from '../../../components/Field';
import { formatDateTime, t, tx } from '../../../i18n';
import { useRunner } from '../../../lib/useRunner';
import { confirmAction } from '../../../stores/confirm';
import { toast } from '../../../stores/toasts';
import { addRecusal, getApplicants, getMeetingExperts, getRecusals, removeRecusal } from '../../../stores/setup';
import type { MeetingDetail, Recusal } from '../../../api/setup';
import { ExportButton } from '../common';

/**
 * 回避 (Art. 25): same-employer conflicts the system found between the meeting's experts and applicants,
 * the ones declared (by the expert, or recorded by staff for them) and the ones the office ordered. A
 * recused expert is never given that applicant.
 */
export function RecusalsTab(props: { m: MeetingDetail }) {
  const mayDeclare = () => props.m.can.includes('meeting:setup');
  const mayOrder = () => props.m.can.includes('recusal:order');
  const list = createAsync(() => getRecusals(props.m.id));
  const experts = createAsync(() => getMeetingExperts(props.m.id));
  const applicants = createAsync(() => getApplicants(props.m.id));
  const [adding, setAdding] = createSignal(false);
  const remove = useRunner(removeRecusal);
  const expertName = (id: number) => (experts() ?? []).find((e) => e.expertId === id)?.name ?? `#${id}`;
  const applicant = (id: number) => (applicants() ?? []).find((a) => a.id === id);

  const doRemove = async (r: Recusal) => {
    if (!(await confirmAction({ title: t('setup.recusal.remove'), message: t('setup.recusal.removeConfirm', { name: expertName(r.expertId) }) }))) return;
    const res = await remove.run(r.id);
    res.ok ? toast.success(t('setup.recusal.removed')) : toast.failure(res.error);
  };

  // Names joined in one memo, so rows rebuilt during a refetch carry them as plain data.
  type Row = Recusal & { expertName: string; applicantText: string; orgName: string };
  const rows = createMemo<Row[]>(() =>
    (list() ?? []).map((r) => {
      const a = applicant(r.meetingApplicantId);
      return { ...r, expertName: expertName(r.expertId), applicantText: a ? `${a.blindCode} ${a.name ?? ''}` : `#${r.meetingApplicantId}`, orgName: a?.orgName ?? '—' };
    }),
  );
  const columns = createMemo<Column<Row>[]>(() => [
    { key: 'expert', header: t('setup.recusal.expert'), primary: true, cell: (r) => <strong>{r.expertName}</strong> },
    { key: 'applicant', header: t('setup.recusal.applicant'), cell: (r) => r.applicantText },
    { key: 'org', header: t('setup.applicant.org'), class: 'wrap', cell: (r) => r.orgName },
    {
      key: 'reason',
      header: t('setup.recusal.reason'),
      cell: (r) => <Badge tone={r.reason === 'same_employer' ? 'warn' : r.reason === 'ordered' ? 'bad' : 'info'}>{tx(`setup.recusalReason.${r.reason}`)}</Badge>,
    },
    { key: 'note', header: t('setup.note'), class: 'wrap', cell: (r) => r.note ?? '—' },
    { key: 'at', header: t('setup.recusal.at'), cell: (r) => formatDateTime(r.createdAt) },
    {
      key: 'actions',
      header: t('common.actions'),
      class: 'actions',
      cell: (r) => (
        <Show when={r.reason !== 'same_employer' && (mayDeclare() || mayOrder())} fallback={<span class="muted small">{r.reason === 'same_employer' ? t('setup.recusal.automatic') : '—'}</span>}>
          <button type="button" class="small" onClick={() => doRemove(r)}>
            {t('setup.recusal.withdraw')}
          </button>
        </Show>
      ),
    },
  ]);

  return (
    <section class="card" data-testid="recusals-tab">
      <header class="card-head">
        <h2>
          {t('setup.tab.recusals')} <span class="muted small">{t('setup.countOf', { n: (list() ?? []).length })}</span>
        </h2>
        <div class="actions-row">
          <ExportButton path={`/meetings/${props.m.id}/recusals/export`} label={t('setup.recusal.export')} testid="recusals-export" />
          <Show when={mayDeclare() || mayOrder()}>
            <button type="button" class="primary" onClick={() => setAdding(true)} data-testid="add-recusal">
              {mayDeclare() ? t('setup.recusal.declare') : t('setup.recusal.order')}
            </button>
          </Show>
        </div>
      </header>
      <p class="hint">{t('setup.recusal.hint')}</p>
      <DataTable columns={columns()} rows={rows()} rowKey={(r) => r.id} empty={t('setup.recusal.none')} />
      <Dialog open={adding()} title={mayDeclare() ? t('setup.recusal.declare') : t('setup.recusal.order')} onClose={() => setAdding(false)}>
        <RecusalForm m={props.m} reason={mayDeclare() ? 'declared' : 'ordered'} onClose={() => setAdding(false)} />
      </Dialog>
    </section>
  );
}

function RecusalForm(props: { m: MeetingDetail; reason: 'declared' | 'ordered'; onClose: () => void }) {
  const experts = createAsync(() => getMeetingExperts(props.m.id));
  const applicants = createAsync(() => getApplicants(props.m.id));
  const [expertId, setExpertId] = createSignal('');
  const [applicantId, setApplicantId] = createSignal('');
  const [note, setNote] = createSignal('');
  const add = useRunner(addRecusal);
  const submit = async (e: Event) => {
    e.preventDefault();
    const res = await add.run(props.m.id, { expertId: Number(expertId()), meetingApplicantId: Number(applicantId()), reason: props.reason, note: note().trim() || null });
    if (res.ok) {
      toast.success(t('setup.recusal.added'));
      props.onClose();
    }
  };
  return (
    <form novalidate onSubmit={submit}>
      <label class="field">
        <span>{t('setup.recusal.expert')}</span>
        <select onChange={(e) => setExpertId(e.currentTarget.value)} aria-invalid={add.fields().expertId ? 'true' : undefined}>
          <option value="">{t('setup.chairs.pick')}</option>
          <For each={experts()}>{(x) => <option value={String(x.expertId)}>{x.name}</option>}</For>
        </select>
      </label>
      <label class="field">
        <span>{t('setup.recusal.applicant')}</span>
        <select onChange={(e) => setApplicantId(e.currentTarget.value)}>
          <option value="">{t('setup.chairs.pick')}</option>
          <For each={applicants()}>
            {(a) => (
              <option value={String(a.id)}>
                {a.blindCode} {a.name} {a.orgName ? `（${a.orgName}）` : ''}
              </option>
            )}
          </For>
        </select>
      </label>
      <TextField label={t('setup.note')} value={note()} onValue={setNote} maxLength={500} />
      <FormError message={add.error() ? (Object.values(add.fields())[0] ?? add.formMessage()) : null} />
      <div class="dialog-actions">
        <button type="button" onClick={props.onClose}>
          {t('common.cancel')}
        </button>
        <button type="submit" class="primary" disabled={!expertId() || !applicantId() || add.pending()}>
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}
