import { For, Show, createSignal, onCleanup, onMount } from 'solid-js';
import type { RouteSectionProps } from '@solidjs/router';
import { formatDateTime, t, tx } from '../../i18n';
import { liveStatus } from '../../realtime';
import { requiredCount } from '../../lib/rules';
import { applicantLabel, rollOf, tallyOf, useLiveMeeting, votedOf, type LiveState } from '../../stores/live';
import type { Snapshot } from '../../api/live';
import { WithSnapshot, groupProgress, roundTitle, roundsOf } from './parts';

/**
 * 大屏 (projector): large type, light on dark, no controls. The meeting, the quorum, each group's
 * progress; during a vote how many have voted (never how); after close the result by applicant. The
 * room is full of experts, so in a blind meeting the screen shows blind codes only, whoever opened it.
 * F toggles full screen.
 */
export default function BigScreen(props: RouteSectionProps) {
  const id = () => Number(props.params.id);
  const { state, reload } = useLiveMeeting(id);
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'f' || e.key === 'F') {
      if (document.fullscreenElement) void document.exitFullscreen();
      else void document.documentElement.requestFullscreen?.().catch(() => undefined);
    }
  };
  onMount(() => document.addEventListener('keydown', onKey));
  onCleanup(() => document.removeEventListener('keydown', onKey));
  return (
    <div class="screen" data-testid="big-screen">
      <WithSnapshot state={state} reload={() => void reload()}>
        {(snap) => <ScreenView snap={snap} state={state} />}
      </WithSnapshot>
    </div>
  );
}

function Clock() {
  const [now, setNow] = createSignal(new Date());
  const timer = setInterval(() => setNow(new Date()), 15_000);
  onCleanup(() => clearInterval(timer));
  return <span class="screen-clock">{now().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</span>;
}

function ScreenView(props: { snap: Snapshot; state: LiveState }) {
  const snap = props.snap;
  const hideNames = () => snap.meeting.options.blindReview;
  const open = () => roundsOf(snap).find((r) => r.status === 'open') ?? null;
  const last = () => roundsOf(snap).find((r) => r.status === 'closed' || r.status === 'confirmed') ?? null;
  const p = () => snap.presence;
  const needed = () => requiredCount(p().members, snap.meeting.voteRules.quorum.fraction, snap.meeting.voteRules.quorum.inclusive);
  return (
    <div class="screen-grid">
      <header class="screen-head">
        <div>
          <h1>{snap.meeting.name}</h1>
          <div class="screen-sub">
            {formatDateTime(snap.meeting.startsAt)}
            <Show when={snap.meeting.address}> · {snap.meeting.address}</Show> · {tx(`live.status.${snap.meeting.status}`)}
          </div>
        </div>
        <div class="screen-corner">
          <Clock />
          <span class="screen-live" classList={{ off: liveStatus() !== 'online' }} title={liveStatus()} />
        </div>
      </header>

      <aside class="screen-side">
        <div class="screen-panel" data-testid="screen-quorum" classList={{ met: p().quorum }}>
          <div class="screen-label">{t('screen.present')}</div>
          <div class="screen-quorum">
            {p().presentMembers}
            <small> / {p().members}</small>
          </div>
          <div class="screen-badge" classList={{ ok: p().quorum }}>
            {p().quorum ? t('live.quorum.met') : t('screen.quorumNeeds', { n: needed() })}
          </div>
        </div>
        <div class="screen-panel">
          <div class="screen-label">{t('live.groups')}</div>
          <For each={snap.groups}>
            {(g) => {
              const gp = () => groupProgress(snap, g.id);
              return (
                <div class="screen-group">
                  <div class="screen-group-line">
                    <span>{g.name}</span>
                    <span>{tx(`live.stage.${g.stage}`)}</span>
                  </div>
                  <div class="screen-meter">
                    <span style={{ width: `${gp().total ? (gp().done / gp().total) * 100 : 0}%` }} />
                  </div>
                  <div class="screen-small">{t('live.reviewedOf', gp())}</div>
                </div>
              );
            }}
          </For>
        </div>
      </aside>

      <main class="screen-main">
        <Show
          when={open()}
          fallback={
            <Show when={last()} fallback={<div class="screen-idle">{snap.meeting.status === 'running' ? t('screen.reviewing') : tx(`live.status.${snap.meeting.status}`)}</div>}>
              {(r) => (
                <div class="screen-results" data-testid="screen-results">
                  <h2>
                    {roundTitle(snap, r())} · {tx(`live.roundStatus.${r().status}`)}
                  </h2>
                  <table>
                    <thead>
                      <tr>
                        <th>{hideNames() ? t('live.code') : t('live.name')}</th>
                        <th>{t('live.yes')}</th>
                        <th>{t('live.no')}</th>
                        <th>{t('live.abstain')}</th>
                        <th>{t('live.requiredYes')}</th>
                        <th>{t('live.result')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={tallyOf(props.state, r()) ?? []}>
                        {(row) => {
                          const who = applicantLabel(snap, row.meetingApplicantId, row.blindCode);
                          return (
                            <tr>
                              <td>{hideNames() ? who.code : (who.name ?? who.code)}</td>
                              <td>{row.yes}</td>
                              <td>{row.no}</td>
                              <td>{row.abstain}</td>
                              <td>{row.requiredYes ?? '—'}</td>
                              <td classList={{ pass: !!row.passed, fail: row.passed === false }}>{row.passed ? t('live.passed') : t('live.failed')}</td>
                            </tr>
                          );
                        }}
                      </For>
                    </tbody>
                  </table>
                </div>
              )}
            </Show>
          }
        >
          {(r) => (
            <div class="screen-vote" data-testid="screen-vote">
              <div class="screen-label">{roundTitle(snap, r())}</div>
              <div class="screen-count">
                <span class="screen-voted">{t('screen.voted')}</span>
                <strong data-testid="voted-count">{votedOf(props.state, r())}</strong>
                <small> / {rollOf(props.state, r())}</small>
              </div>
              <div class="screen-meter big">
                <span style={{ width: `${rollOf(props.state, r()) ? (votedOf(props.state, r()) / rollOf(props.state, r())) * 100 : 0}%` }} />
              </div>
              <div class="screen-small">{t('screen.secret')}</div>
            </div>
          )}
        </Show>
      </main>
    </div>
  );
}
