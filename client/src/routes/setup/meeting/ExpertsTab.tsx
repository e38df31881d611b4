import { For, Show, createMemo, createSignal } from 'solid-js';
import { createAsync } from '@solidjs/router';
import { Badge } from '../../../components/Badge';
import { DataTable, type Column } from '../../../components/DataTable';
import { formatDateTime, t, tx } from '../../../i18n';
import { useRunner } from '../../../lib/useRunner';
import { confirmAction } from '../../../stores/confirm';
import { toast } from '../../../stores/toasts';
import { cancelEntrustment, getDraws, getMeetingEntrustments, getMeetingExperts, removeMeetingExpert, updateMeetingExpert } from '../../../stores/setup';
import type { MeetingDetail, MeetingExpert } from '../../../api/setup';
import { StatusBadge, useSpecialties } from '../common';
import { ChairsDialog, EntrustDialog, LoginsDialog, ManualDialog } from './ExpertDialogs';
import { DrawDialog, VerifyDialog } from './DrawDialogs';

const TITLES = ['chair', 'vice_chair', 'member', 'reviewer'] as const;

/**
 * 评审会议评委库 (seed 000 (4)(6), seed 004 图 6-4…6-7): the meeting's experts, put into groups by hand,
 * by random draw (specialty and count; the seed is recorded and anyone may audit it) or by an entrusted
 * office; never one expert in two groups. Titles (主任, at most two 副主任, 委员, 评审专家) and the
 * temporary meeting logins, shown once.
 */
export function ExpertsTab(props: { m: MeetingDetail }) {
  const editable = () => props.m.can.includes('meeting:setup');
  const sp = useSpecialties();
  const experts = createAsync(() => getMeetingExperts(props.m.id));
  const draws = createAsync(() => (props.m.can.includes('draw:audit') ? getDraws(props.m.id) : Promise.resolve([])));
  const entrustments = createAsync(() => (editable() ? getMeetingEntrustments(props.m.id) : Promise.resolve([])));
  const [dialog, setDialog] = createSignal<'manual' | 'draw' | 'entrust' | 'chairs' | 'logins' | null>(null);
  const [verifying, setVerifying] = createSignal<number | null>(null);
  const update = useRunner(updateMeetingExpert);
  const remove = useRunner(removeMeetingExpert);
  const cancel = useRunner(cancelEntrustment);
  const rows = () => experts() ?? [];
  const groupName = (id: number | null) => props.m.groups.find((g) => g.id === id)?.name ?? t('setup.expert.noGroup');
  const nameOf = (expertId: number) => rows().find((e) => e.expertId === expertId)?.name ?? `#${expertId}`;

  const move = async (e: MeetingExpert, value: string) => {
    const res = await update.run(e.id, { groupId: value ? Number(value) : null });
    res.ok ? toast.success(t('setup.expert.moved', { name: e.name ?? '' })) : toast.failure(res.error);
  };
  const retitle = async (e: MeetingExpert, title: (typeof TITLES)[number]) => {
    const res = await update.run(e.id, { title });
    res.ok ? toast.success(t('common.saved')) : toast.failure(res.error);
  };
  const doRemove = async (e: MeetingExpert) => {
    if (!(await confirmAction({ title: t('setup.expert.remove'), message: t('setup.expert.removeConfirm', { name: e.name ?? '' }), danger: true }))) return;
    const res = await remove.run(e.id);
    res.ok ? toast.success(t('setup.expert.removed')) : toast.failure(res.error);
  };

  const columns = createMemo<Column<MeetingExpert>[]>(() => [
    {
      key: 'name',
      header: t('setup.expert.name'),
      primary: true,
      cell: (e) => (
        <span>
          <strong>{e.name}</strong>
          <Show when={e.isGroupLeader}>
            {' '}
            <Badge tone="info">{t('setup.expert.leader')}</Badge>
          </Show>
        </span>
      ),
    },
    { key: 'employer', header: t('setup.expert.employer'), class: 'wrap', cell: (e) => e.employerName ?? '—' },
    { key: 'specialties', header: t('setup.expert.specialties'), class: 'wrap', cell: (e) => sp.list(e.specialties) },
    {
      key: 'group',
      header: t('setup.expert.group'),
      cell: (e) => (
        <Show when={editable()} fallback={groupName(e.groupId)}>
          <select aria-label={t('setup.expert.group')} onChange={(ev) => move(e, ev.currentTarget.value)} data-testid="expert-group">
            <option value="" selected={e.groupId === null}>
              {t('setup.expert.noGroup')}
            </option>
            <For each={props.m.groups}>
              {(g) => (
                <option value={String(g.id)} selected={g.id === e.groupId}>
                  {g.name}
                </option>
              )}
            </For>
          </select>
        </Show>
      ),
    },
    {
      key: 'title',
      header: t('setup.expert.title'),
      cell: (e) => (
        <Show when={editable() && e.title !== 'chair'} fallback={<span data-testid="expert-title">{tx(`live.title.${e.title}`)}</span>}>
          <select aria-label={t('setup.expert.title')} onChange={(ev) => retitle(e, ev.currentTarget.value as (typeof TITLES)[number])} data-testid="expert-title">
            <For each={TITLES.filter((x) => x !== 'chair')}>
              {(x) => (
                <option value={x} selected={x === e.title}>
                  {tx(`live.title.${x}`)}
                </option>
              )}
            </For>
          </select>
        </Show>
      ),
    },
    { key: 'source', header: t('setup.expert.source'), cell: (e) => tx(`setup.source.${e.source}`) },
    {
      key: 'login',
      header: t('setup.expert.login'),
      cell: (e) => (
        <Show when={e.temporaryLogin} fallback={<span class="muted">{t('setup.expert.noLogin')}</span>}>
          {(l) => <span class="mono" classList={{ muted: l().disabled }}>{l().username}</span>}
        </Show>
      ),
    },
    ...(editable()
      ? [
          {
            key: 'actions',
            header: t('common.actions'),
            class: 'actions',
            cell: (e: MeetingExpert) => (
              <button type="button" class="small danger" onClick={() => doRemove(e)}>
                {t('setup.remove')}
              </button>
            ),
          },
        ]
      : []),
  ]);

  // The draw records with the names already joined in (see BlindTab: rows rebuilt mid-refetch).
  const drawRows = createMemo(() =>
    (draws() ?? []).map((d) => ({
      d,
      groups: d.result.map((r) => ({ groupId: r.groupId, name: groupName(r.groupId), text: r.picks.map((p) => `${nameOf(p.expertId)}（${sp.name(p.specialty)}）`).join('、') })),
    })),
  );
  const counts = () => {
    const c = { chair: 0, vice_chair: 0, member: 0, reviewer: 0 };
    for (const e of rows()) c[e.title]++;
    return c;
  };

  return (
    <div class="experts-tab" data-testid="experts-tab">
      <section class="card">
        <header class="card-head">
          <h2>
            {t('setup.tab.experts')} <span class="muted small">{t('setup.countOf', { n: rows().length })}</span>
          </h2>
          <Show when={editable()}>
            <div class="row-actions wrap-row">
              <button type="button" class="primary" onClick={() => setDialog('draw')} disabled={!props.m.groups.length} data-testid="open-draw">
                {t('setup.draw.open')}
              </button>
              <button type="button" onClick={() => setDialog('manual')} data-testid="open-manual">
                {t('setup.manual.open')}
              </button>
              <button type="button" onClick={() => setDialog('entrust')} disabled={!props.m.groups.length}>
                {t('setup.entrust.open')}
              </button>
              <button type="button" onClick={() => setDialog('chairs')} disabled={!rows().length} data-testid="open-chairs">
                {t('setup.chairs.open')}
              </button>
              <button type="button" onClick={() => setDialog('logins')} disabled={!rows().length} data-testid="open-logins">
                {t('setup.logins.open')}
              </button>
            </div>
          </Show>
        </header>
        <p class="muted small" data-testid="title-counts">
          {t('setup.expert.counts', { chair: counts().chair, vice: counts().vice_chair, member: counts().member, reviewer: counts().reviewer, size: props.m.readiness.committeeSize })}
        </p>
        <DataTable columns={columns()} rows={rows()} rowKey={(e) => e.id} empty={t('setup.expert.none')} />
      </section>

      <Show when={drawRows().length}>
        <section class="card" data-testid="draws">
          <h2>{t('setup.draw.records')}</h2>
          <p class="hint">{t('setup.draw.recordsHint')}</p>
          <ul class="draw-list">
            <For each={drawRows()}>
              {({ d, groups }) => (
                <li data-draw={d.id}>
                  <div class="draw-line">
                    <strong>{t('setup.draw.number', { n: d.id })}</strong>
                    <span>{tx(`setup.source.${d.kind}`)}</span>
                    <span class="muted small">{formatDateTime(d.drawnAt)}</span>
                    <span>
                      {t('setup.draw.seed')}: <code class="seed" data-testid="draw-seed">{d.seed}</code>
                    </span>
                    <button type="button" class="small" onClick={() => setVerifying(d.id)} data-testid="verify-draw">
                      {t('setup.draw.verify')}
                    </button>
                    <code class="muted small endpoint">GET /api/draws/{d.id}/verify</code>
                  </div>
                  <ul class="plain-list draw-picks">
                    <For each={groups}>
                      {(r) => (
                        <li data-group={r.groupId}>
                          <span class="muted">{r.name}：</span>
                          {r.text}
                        </li>
                      )}
                    </For>
                  </ul>
                </li>
              )}
            </For>
          </ul>
        </section>
      </Show>

      <Show when={(entrustments() ?? []).length}>
        <section class="card">
          <h2>{t('setup.entrust.records')}</h2>
          <ul class="plain-list entrust-list">
            <For each={entrustments()}>
              {(e) => (
                <li>
                  <span>{groupName(e.groupId)}</span>
                  <span class="muted">{e.needs.map((n) => `${sp.name(n.specialty)} × ${n.count}`).join('、')}</span>
                  <StatusBadge family="entrustStatus" status={e.status} />
                  <Show when={e.status === 'pending'}>
                    <button type="button" class="small" disabled={cancel.pending()} onClick={async () => (await cancel.run(e.id)).ok && toast.success(t('setup.entrust.cancelled'))}>
                      {t('setup.entrust.cancel')}
                    </button>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </section>
      </Show>

      <DrawDialog open={dialog() === 'draw'} m={props.m} experts={rows()} onClose={() => setDialog(null)} onVerify={(id) => setVerifying(id)} />
      <ManualDialog open={dialog() === 'manual'} m={props.m} experts={rows()} onClose={() => setDialog(null)} />
      <EntrustDialog open={dialog() === 'entrust'} m={props.m} onClose={() => setDialog(null)} />
      <ChairsDialog open={dialog() === 'chairs'} m={props.m} experts={rows()} onClose={() => setDialog(null)} />
      <LoginsDialog open={dialog() === 'logins'} m={props.m} experts={rows()} onClose={() => setDialog(null)} />
      <VerifyDialog drawId={verifying()} m={props.m} experts={rows()} onClose={() => setVerifying(null)} />
    </div>
  );
}
