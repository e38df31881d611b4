import { For, Show, createMemo, createSignal } from 'solid-js';
import { createAsync } from '@solidjs/router';
import { DataTable, type Column } from '../../../components/DataTable';
import { Dialog } from '../../../components/Dialog';
import { FormError, TextField } from '../../../components/Field';
import { t } from '../../../i18n';
import { useRunner } from '../../../lib/useRunner';
import { confirmAction } from '../../../stores/confirm';
import { toast } from '../../../stores/toasts';
import { createGroup, deleteGroup, getMeetingExperts, setLeader, updateGroup } from '../../../stores/setup';
import type { Group, MeetingDetail } from '../../../api/setup';
import { CheckGroup, useSpecialties } from '../common';

/**
 * 会议分组 (seed 000 (1), seed 004 图 6-2): groups by specialty with a planned size (at least 3), a
 * room (考场) and a leader (组长) from the group's experts.
 */
export function GroupsTab(props: { m: MeetingDetail }) {
  const editable = () => props.m.can.includes('meeting:setup');
  const mayLead = () => props.m.can.includes('group:setLeader');
  const sp = useSpecialties();
  const experts = createAsync(() => (props.m.can.includes('meeting:roster') ? getMeetingExperts(props.m.id) : Promise.resolve([])));
  const [editing, setEditing] = createSignal<Group | 'new' | null>(null);
  const remove = useRunner(deleteGroup);
  const lead = useRunner(setLeader);

  const doRemove = async (g: Group) => {
    if (!(await confirmAction({ title: t('setup.group.delete'), message: t('setup.group.deleteConfirm', { name: g.name }), danger: true }))) return;
    const res = await remove.run(g.id);
    res.ok ? toast.success(t('setup.group.deleted')) : toast.failure(res.error);
  };
  const doLead = async (g: Group, meetingExpertId: number) => {
    const res = await lead.run(g.id, meetingExpertId);
    res.ok ? toast.success(t('setup.group.leaderSet')) : toast.failure(res.error);
  };

  // Each group with its experts as plain data (rows rebuilt during a refetch must not read another list).
  type Row = Group & { members: Array<{ id: number; name: string | null }> };
  const rows = createMemo<Row[]>(() => {
    const all = experts() ?? [];
    return props.m.groups.map((g) => ({ ...g, members: all.filter((e) => e.groupId === g.id).map((e) => ({ id: e.id, name: e.name })) }));
  });
  const columns = createMemo<Column<Row>[]>(() => [
    { key: 'name', header: t('setup.group.name'), primary: true, cell: (g) => <strong>{g.name}</strong> },
    { key: 'specialties', header: t('setup.group.specialties'), class: 'wrap', cell: (g) => sp.list(g.specialties) },
    {
      key: 'size',
      header: t('setup.group.experts'),
      cell: (g) => (
        <span classList={{ 'bad-text': g.experts < 3, 'warn-text-inline': g.experts >= 3 && g.experts < g.size }} data-testid="group-count">
          {g.experts} / {g.size}
        </span>
      ),
    },
    { key: 'applicants', header: t('setup.group.applicants'), cell: (g) => String(g.applicants) },
    { key: 'room', header: t('setup.group.room'), cell: (g) => g.room ?? '—' },
    {
      key: 'leader',
      header: t('setup.group.leader'),
      class: 'wrap',
      cell: (g) => {
        const leader = g.members.find((e) => e.id === g.leaderId);
        return (
          <Show when={mayLead() && g.members.length} fallback={<span>{leader?.name ?? (g.leaderId ? '✓' : '—')}</span>}>
            <select aria-label={t('setup.group.leader')} data-testid="leader-select" disabled={lead.pending()} onChange={(e) => e.currentTarget.value && doLead(g, Number(e.currentTarget.value))}>
              <option value="" selected={!g.leaderId}>
                {t('setup.group.pickLeader')}
              </option>
              <For each={g.members}>
                {(e) => (
                  <option value={String(e.id)} selected={e.id === g.leaderId}>
                    {e.name}
                  </option>
                )}
              </For>
            </select>
          </Show>
        );
      },
    },
    {
      key: 'actions',
      header: t('common.actions'),
      class: 'actions',
      cell: (g) => (
        <Show when={editable()} fallback="—">
          <div class="row-actions">
            <button type="button" class="small" onClick={() => setEditing(g)}>
              {t('setup.edit')}
            </button>
            <button type="button" class="small danger" onClick={() => doRemove(g)}>
              {t('setup.delete')}
            </button>
          </div>
        </Show>
      ),
    },
  ]);

  return (
    <section class="card" data-testid="groups-tab">
      <header class="card-head">
        <h2>{t('setup.tab.groups')}</h2>
        <Show when={editable()}>
          <button type="button" class="primary" onClick={() => setEditing('new')} data-testid="new-group">
            {t('setup.group.create')}
          </button>
        </Show>
      </header>
      <p class="hint">{t('setup.group.hint')}</p>
      <DataTable columns={columns()} rows={rows()} rowKey={(g) => g.id} empty={t('setup.group.none')} />
      <Dialog open={!!editing()} title={editing() === 'new' ? t('setup.group.create') : t('setup.group.edit')} onClose={() => setEditing(null)}>
        <GroupForm m={props.m} group={editing() === 'new' ? undefined : (editing() as Group)} onClose={() => setEditing(null)} />
      </Dialog>
    </section>
  );
}

function GroupForm(props: { m: MeetingDetail; group?: Group; onClose: () => void }) {
  const sp = useSpecialties();
  const g = props.group;
  const [name, setName] = createSignal(g?.name ?? '');
  const [specialties, setSpecialties] = createSignal<string[]>(g?.specialties ?? []);
  const [size, setSize] = createSignal(String(g?.size ?? 3));
  const [room, setRoom] = createSignal(g?.room ?? '');
  const create = useRunner(createGroup);
  const update = useRunner(updateGroup);
  const runner = () => (g ? update : create);
  const options = () => sp.ofSeries(props.m.committees.map((c) => c.seriesCode)).map((s) => ({ value: s.code, label: s.name }));
  const submit = async (e: Event) => {
    e.preventDefault();
    const n = Number(size());
    const body = { name: name().trim(), specialties: specialties(), size: Number.isInteger(n) && n > 0 ? n : undefined, room: room().trim() || null };
    const res = g ? await update.run(g.id, body) : await create.run(props.m.id, body);
    if (res.ok) {
      toast.success(t('common.saved'));
      props.onClose();
    }
  };
  return (
    <form novalidate onSubmit={submit} data-testid="group-form">
      <TextField label={t('setup.group.name')} name="name" value={name()} onValue={setName} required maxLength={100} error={runner().fields().name} />
      <CheckGroup label={t('setup.group.specialties')} name="specialties" options={options()} value={specialties()} onValue={setSpecialties} error={runner().fields().specialties ?? runner().fields()['specialties.0']} />
      <div class="row2">
        <TextField label={t('setup.group.size')} name="size" type="number" min="1" max="200" value={size()} onValue={setSize} hint={t('setup.group.sizeHint')} error={runner().fields().size} />
        <TextField label={t('setup.group.room')} name="room" value={room()} onValue={setRoom} maxLength={100} error={runner().fields().room} />
      </div>
      <FormError message={runner().formMessage()} />
      <div class="dialog-actions">
        <button type="button" onClick={props.onClose}>
          {t('common.cancel')}
        </button>
        <button type="submit" class="primary" disabled={runner().pending()} data-testid="group-save">
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}
