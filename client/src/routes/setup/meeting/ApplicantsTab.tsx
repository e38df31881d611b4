import { For, Show, createMemo, createSignal } from 'solid-js';
import { createAsync } from '@solidjs/router';
import { DataTable, type Column } from '../../../components/DataTable';
import { Dialog } from '../../../components/Dialog';
import { FormError } from '../../../components/Field';
import { t } from '../../../i18n';
import { useRunner } from '../../../lib/useRunner';
import { confirmAction } from '../../../stores/confirm';
import { toast } from '../../../stores/toasts';
import { addApplicants, assignApplicants, getApplicants, getCandidates, groupAll, removeApplicant } from '../../../stores/setup';
import type { Applicant, Candidate, MeetingDetail } from '../../../api/setup';
import { levelName } from '../common';

/**
 * 参评材料分组 (seed 000 (5), seed 004 图 6-3): declarations ready for the meeting (拟送评) join it
 * with a blind code, then go into groups — ticked ones into a chosen group (批量分组), or all of them by
 * specialty (全部分组).
 */
export function ApplicantsTab(props: { m: MeetingDetail }) {
  const editable = () => props.m.can.includes('meeting:setup');
  const list = createAsync(() => getApplicants(props.m.id));
  const [picked, setPicked] = createSignal<number[]>([]);
  const [target, setTarget] = createSignal('');
  const [adding, setAdding] = createSignal(false);
  const assign = useRunner(assignApplicants);
  const all = useRunner(groupAll);
  const remove = useRunner(removeApplicant);
  const groupName = (id: number | null) => props.m.groups.find((g) => g.id === id)?.name ?? t('setup.applicant.ungrouped');
  // Group names joined in here, so rows rebuilt during a refetch carry them as plain data.
  const rows = createMemo(() => (list() ?? []).map((a) => ({ ...a, groupName: groupName(a.groupId) })));
  const toggle = (id: number, on: boolean) => setPicked((p) => (on ? [...p.filter((x) => x !== id), id] : p.filter((x) => x !== id)));
  const allPicked = () => rows().length > 0 && rows().every((a) => picked().includes(a.id));

  const doAssign = async () => {
    const res = await assign.run(props.m.id, picked(), target() === 'none' ? null : Number(target()));
    if (res.ok) {
      toast.success(t('setup.applicant.assigned', { n: res.value.assigned }));
      setPicked([]);
    } else toast.failure(res.error);
  };
  const doGroupAll = async () => {
    const res = await all.run(props.m.id);
    if (!res.ok) return toast.failure(res.error);
    const r = res.value;
    if (r.unmatched.length) toast.info(t('setup.applicant.groupedSome', { n: r.grouped, left: r.unmatched.map((u) => u.blindCode).join('、') }));
    else toast.success(t('setup.applicant.groupedAll', { n: r.grouped }));
  };
  const doRemove = async (a: Applicant) => {
    if (!(await confirmAction({ title: t('setup.applicant.remove'), message: t('setup.applicant.removeConfirm', { name: `${a.blindCode} ${a.name ?? ''}` }), danger: true }))) return;
    const res = await remove.run(a.id);
    res.ok ? toast.success(t('setup.applicant.removed')) : toast.failure(res.error);
  };

  type Row = Applicant & { groupName: string };
  const columns = createMemo<Column<Row>[]>(() => [
    ...(editable()
      ? [
          {
            key: 'pick',
            header: t('setup.pick'),
            class: 'pick',
            cell: (a: Row) => <input type="checkbox" aria-label={a.blindCode} checked={picked().includes(a.id)} onChange={(e) => toggle(a.id, e.currentTarget.checked)} data-testid="pick-applicant" />,
          },
        ]
      : []),
    { key: 'code', header: t('setup.applicant.blindCode'), primary: true, cell: (a) => <span class="mono">{a.blindCode}</span> },
    { key: 'name', header: t('setup.applicant.name'), cell: (a) => a.name ?? '—' },
    { key: 'org', header: t('setup.applicant.org'), class: 'wrap', cell: (a) => a.orgName ?? '—' },
    { key: 'qual', header: t('setup.applicant.qualification'), class: 'wrap', cell: (a) => `${levelName(a.level)} ${a.qualification ?? ''}` },
    { key: 'specialty', header: t('setup.applicant.specialty'), cell: (a) => a.specialty ?? '—' },
    { key: 'group', header: t('setup.applicant.group'), cell: (a) => <span classList={{ 'bad-text': a.groupId === null }}>{a.groupName}</span> },
    { key: 'recused', header: t('setup.applicant.recused'), cell: (a) => (a.recusedExperts ? String(a.recusedExperts) : '—') },
    ...(editable()
      ? [
          {
            key: 'actions',
            header: t('common.actions'),
            class: 'actions',
            cell: (a: Row) => (
              <button type="button" class="small danger" onClick={() => doRemove(a)}>
                {t('setup.remove')}
              </button>
            ),
          },
        ]
      : []),
  ]);

  return (
    <section class="card" data-testid="applicants-tab">
      <header class="card-head">
        <h2>
          {t('setup.tab.applicants')} <span class="muted small">{t('setup.countOf', { n: rows().length })}</span>
        </h2>
        <Show when={editable()}>
          <div class="row-actions">
            <button type="button" class="primary" onClick={() => setAdding(true)} data-testid="add-applicants">
              {t('setup.applicant.add')}
            </button>
            <button type="button" onClick={doGroupAll} disabled={all.pending() || !props.m.groups.length} data-testid="group-all">
              {t('setup.applicant.groupAll')}
            </button>
          </div>
        </Show>
      </header>
      <Show when={editable() && rows().length}>
        <div class="filters batch-bar">
          <label class="check">
            <input type="checkbox" checked={allPicked()} onChange={(e) => setPicked(e.currentTarget.checked ? rows().map((a) => a.id) : [])} />
            <span>{t('setup.pickAll')}</span>
          </label>
          <span class="muted small">{t('setup.picked', { n: picked().length })}</span>
          <select aria-label={t('setup.applicant.toGroup')} onChange={(e) => setTarget(e.currentTarget.value)} data-testid="assign-group">
            <option value="">{t('setup.applicant.toGroup')}</option>
            <For each={props.m.groups}>{(g) => <option value={String(g.id)}>{g.name}</option>}</For>
            <option value="none">{t('setup.applicant.ungroup')}</option>
          </select>
          <button type="button" disabled={!picked().length || !target() || assign.pending()} onClick={doAssign} data-testid="assign">
            {t('setup.applicant.assign')}
          </button>
        </div>
      </Show>
      <DataTable columns={columns()} rows={rows()} rowKey={(a) => a.id} empty={t('setup.applicant.none')} />
      <Dialog open={adding()} title={t('setup.applicant.add')} onClose={() => setAdding(false)} wide>
        <CandidatesForm m={props.m} onClose={() => setAdding(false)} />
      </Dialog>
    </section>
  );
}

function CandidatesForm(props: { m: MeetingDetail; onClose: () => void }) {
  const list = createAsync(() => getCandidates(props.m.id));
  const [picked, setPicked] = createSignal<number[]>([]);
  const [groupId, setGroupId] = createSignal('');
  const add = useRunner(addApplicants);
  const rows = () => list() ?? [];
  const run = async (body: { declarationIds?: number[]; all?: boolean }) => {
    const res = await add.run(props.m.id, { ...body, groupId: groupId() ? Number(groupId()) : null });
    if (res.ok) {
      toast.success(t('setup.applicant.added', { n: res.value.items.length }));
      props.onClose();
    }
  };
  const columns: Column<Candidate>[] = [
    {
      key: 'pick',
      header: t('setup.pick'),
      class: 'pick',
      cell: (c) => (
        <input
          type="checkbox"
          aria-label={c.name}
          checked={picked().includes(c.declarationId)}
          onChange={(e) => setPicked((p) => (e.currentTarget.checked ? [...p, c.declarationId] : p.filter((x) => x !== c.declarationId)))}
        />
      ),
    },
    { key: 'name', header: t('setup.applicant.name'), primary: true, cell: (c) => c.name },
    { key: 'org', header: t('setup.applicant.org'), class: 'wrap', cell: (c) => c.orgName ?? '—' },
    { key: 'qual', header: t('setup.applicant.qualification'), class: 'wrap', cell: (c) => `${levelName(c.level)} ${c.qualification ?? ''}` },
    { key: 'specialty', header: t('setup.applicant.specialty'), cell: (c) => c.specialty ?? '—' },
  ];
  return (
    <div data-testid="candidates">
      <p class="hint">{t('setup.applicant.candidatesHint')}</p>
      <DataTable columns={columns} rows={rows()} rowKey={(c) => c.declarationId} empty={t('setup.applicant.noCandidates')} />
      <div class="filters">
        <select aria-label={t('setup.applicant.toGroup')} onChange={(e) => setGroupId(e.currentTarget.value)}>
          <option value="">{t('setup.applicant.noGroupYet')}</option>
          <For each={props.m.groups}>{(g) => <option value={String(g.id)}>{g.name}</option>}</For>
        </select>
      </div>
      <FormError message={add.error() ? Object.values(add.fields())[0] ?? add.formMessage() : null} />
      <div class="dialog-actions">
        <button type="button" onClick={props.onClose}>
          {t('common.cancel')}
        </button>
        <button type="button" disabled={!rows().length || add.pending()} onClick={() => run({ all: true })} data-testid="add-all">
          {t('setup.applicant.addAll', { n: rows().length })}
        </button>
        <button type="button" class="primary" disabled={!picked().length || add.pending()} onClick={() => run({ declarationIds: picked() })} data-testid="add-picked">
          {t('setup.applicant.addPicked', { n: picked().length })}
        </button>
      </div>
    </div>
  );
}
