import { For, Show, createEffect, createSignal } from 'solid-js';
import { A, createAsync } from '@solidjs/router';
import { Badge } from '../../components/Badge';
import { PageHeader } from '../../components/Layout';
import { formatDateTime, t, tx } from '../../i18n';
import { getMyMeetings, rollOf, tallyOf, useLiveMeeting, votedOf } from '../../stores/live';
import { session } from '../../stores/session';
import { ConnectionBadge, QuorumMeter, WithSnapshot, groupProgress, meetingStatusTone, roundTitle, roundsOf } from './parts';

const MAX_TILES = 8;
const storageKey = () => `zc.watch.${session.account?.id ?? 0}`;

function loadPinned(): number[] | null {
  try {
    const raw = localStorage.getItem(storageKey());
    return raw ? (JSON.parse(raw) as number[]) : null;
  } catch {
    return null;
  }
}

/**
 * 评审会议监控 (staff and supervisors): the meetings one may watch, and several of them live side by
 * side. Which ones are on screen is remembered on this device; by default every running meeting.
 */
export default function WatchPage() {
  const list = createAsync(() => getMyMeetings());
  const [pinned, setPinned] = createSignal<number[]>(loadPinned() ?? []);
  createEffect(() => {
    const l = list();
    if (l && loadPinned() === null) setPinned(l.filter((m) => m.status === 'running').slice(0, 4).map((m) => m.id));
  });
  const toggle = (id: number, on: boolean) => {
    const next = on ? [...pinned().filter((x) => x !== id), id].slice(-MAX_TILES) : pinned().filter((x) => x !== id);
    setPinned(next);
    try {
      localStorage.setItem(storageKey(), JSON.stringify(next));
    } catch {
      /* ignore */
    }
  };
  const shown = () => pinned().filter((id) => (list() ?? []).some((m) => m.id === id));

  return (
    <div class="live-page watch-page" data-testid="watch">
      <PageHeader title={t('nav.meetingMonitor')}>
        <ConnectionBadge />
      </PageHeader>
      <Show when={shown().length}>
        <div class="tiles">
          <For each={shown()}>{(id) => <MeetingTile id={id} onClose={() => toggle(id, false)} />}</For>
        </div>
      </Show>
      <section class="card">
        <h2>{t('watch.list')}</h2>
        <Show when={(list() ?? []).length} fallback={<p class="muted">{t('mine.none')}</p>}>
          <div class="table-wrap">
            <table class="data-table">
              <thead>
                <tr>
                  <th>{t('watch.pin')}</th>
                  <th>{t('watch.meeting')}</th>
                  <th>{t('live.statusLabel')}</th>
                  <th>{t('watch.startsAt')}</th>
                  <th>{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={list()}>
                  {(m) => (
                    <tr data-meeting={m.id}>
                      <td data-label={t('watch.pin')}>
                        <input type="checkbox" aria-label={t('watch.pin')} checked={pinned().includes(m.id)} onChange={(e) => toggle(m.id, e.currentTarget.checked)} data-testid="pin" />
                      </td>
                      <td class="wrap primary" data-label={t('watch.meeting')}>
                        {m.name}
                      </td>
                      <td data-label={t('live.statusLabel')}>
                        <Badge tone={meetingStatusTone(m.status)}>{tx(`live.status.${m.status}`)}</Badge>
                      </td>
                      <td data-label={t('watch.startsAt')}>{formatDateTime(m.startsAt)}</td>
                      <td data-label={t('common.actions')}>
                        <div class="row-actions">
                          <A href={`/meetings/${m.id}/monitor`}>{t('watch.open')}</A>
                          <Show when={m.as === 'staff'}>
                            <a href={`/meetings/${m.id}/screen`} target="_blank" rel="noopener">
                              {t('live.nav.screen')}
                            </a>
                          </Show>
                        </div>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
      </section>
    </div>
  );
}

/** One meeting in brief, live: quorum, the groups' stages, the vote in progress or its result. */
function MeetingTile(props: { id: number; onClose: () => void }) {
  const { state, reload } = useLiveMeeting(() => props.id);
  return (
    <section class="card tile" data-testid="tile" data-meeting={props.id}>
      <WithSnapshot state={state} reload={() => void reload()}>
        {(snap) => {
          const open = () => roundsOf(snap).filter((r) => r.status === 'open');
          const last = () => roundsOf(snap).find((r) => r.status !== 'open');
          return (
            <>
              <div class="tile-head">
                <A href={`/meetings/${snap.meeting.id}/monitor`} class="tile-name">
                  {snap.meeting.name}
                </A>
                <Badge tone={meetingStatusTone(snap.meeting.status)}>{tx(`live.status.${snap.meeting.status}`)}</Badge>
                <button type="button" class="icon-btn" aria-label={t('app.close')} onClick={props.onClose}>
                  ×
                </button>
              </div>
              <QuorumMeter snap={snap} />
              <ul class="plain-list tile-groups">
                <For each={snap.groups}>
                  {(g) => (
                    <li>
                      <span>{g.name}</span>
                      <span class="muted small">{t('live.reviewedOf', groupProgress(snap, g.id))}</span>
                      <Badge tone={g.stage === 'chair_confirmed' ? 'ok' : 'info'}>{tx(`live.stage.${g.stage}`)}</Badge>
                    </li>
                  )}
                </For>
              </ul>
              <For each={open()}>
                {(r) => (
                  <div class="tile-vote" data-round={r.id}>
                    <span>{roundTitle(snap, r)}</span>
                    <strong data-testid="voted-count">
                      {votedOf(state, r)} / {rollOf(state, r)}
                    </strong>
                    <span class="muted small">{t('live.round.voted')}</span>
                  </div>
                )}
              </For>
              <Show when={!open().length && last()}>
                {(r) => {
                  const rows = () => tallyOf(state, r()) ?? [];
                  return (
                    <div class="tile-vote done" data-round={r().id}>
                      <span>{roundTitle(snap, r())}</span>
                      <Badge tone={r().status === 'sent_back' ? 'bad' : 'ok'}>{tx(`live.roundStatus.${r().status}`)}</Badge>
                      <span class="small">{t('watch.passedOf', { n: rows().filter((x) => x.passed).length, total: rows().length })}</span>
                    </div>
                  );
                }}
              </Show>
            </>
          );
        }}
      </WithSnapshot>
    </section>
  );
}
