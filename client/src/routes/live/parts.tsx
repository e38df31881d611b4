import { For, Show, createMemo, type JSX } from 'solid-js';
import { A } from '@solidjs/router';
import { Badge, type Tone } from '../../components/Badge';
import { Loading, ErrorNotice } from '../../components/ErrorNotice';
import { formatDateTime, messageOf, t, tx } from '../../i18n';
import { liveStatus } from '../../realtime';
import { requiredCount } from '../../lib/rules';
import { applicantLabel, mayAuditRounds, votedOf, rollOf, tallyOf, type LiveState } from '../../stores/live';
import { RoundAuditPanel } from './RoundAudit';
import type { LiveRound, Snapshot } from '../../api/live';

/** Online, connecting, or offline (with the promise that typed input is kept). */
export function ConnectionBadge(props: { state?: LiveState }) {
  const s = () => liveStatus();
  const stale = () => !!props.state?.error && !!props.state?.snap;
  return (
    <span class="conn" classList={{ online: s() === 'online' && !stale(), offline: s() !== 'online' }} role="status" data-testid="connection" data-status={s()}>
      <span class="conn-dot" aria-hidden="true" />
      <span class="conn-text">
        {s() === 'online' ? (stale() ? t('live.conn.stale') : t('live.conn.online')) : s() === 'connecting' ? t('live.conn.connecting') : t('live.conn.offline')}
      </span>
    </span>
  );
}

/** The page body once the first snapshot is in; a failed first load shows the error with a retry. */
export function WithSnapshot(props: { state: LiveState; reload: () => void; children: (snap: Snapshot) => JSX.Element }) {
  return (
    <Show when={props.state.snap} fallback={<Show when={props.state.error} fallback={<Loading />}>{<ErrorNotice error={props.state.error} retry={props.reload} />}</Show>}>
      {(snap) => props.children(snap())}
    </Show>
  );
}

export const meetingStatusTone = (s: string): Tone => (s === 'running' ? 'ok' : s === 'closed' ? 'muted' : 'info');

/** Meeting name, status, time and place, the viewer's part, the connection; page actions on the right. */
export function LiveHeader(props: { snap: Snapshot; state: LiveState; title: string; children?: JSX.Element }) {
  const m = () => props.snap.meeting;
  const role = () => {
    const v = props.snap.viewer;
    if (v.kind !== 'expert') return tx(`live.viewer.${v.kind}`);
    const parts = [tx(`live.title.${v.title}`)];
    const g = props.snap.groups.find((x) => x.id === v.groupId);
    if (g) parts.push(v.isGroupLeader ? t('live.leaderOf', { group: g.name }) : g.name);
    return parts.join(' · ');
  };
  return (
    <header class="live-head">
      <div class="live-head-main">
        <div class="live-kicker">{props.title}</div>
        <h1 data-testid="meeting-name">{m().name}</h1>
        <div class="live-sub">
          <Badge tone={meetingStatusTone(m().status)}>{tx(`live.status.${m().status}`)}</Badge>
          <span>{formatDateTime(m().startsAt)}</span>
          <Show when={m().address}>
            <span>{m().address}</span>
          </Show>
          <span class="live-role">{role()}</span>
          <Show when={m().options.blindReview}>
            <Badge tone="info">{t('live.blind')}</Badge>
          </Show>
        </div>
      </div>
      <div class="live-head-side">
        <ConnectionBadge state={props.state} />
        <div class="live-actions">{props.children}</div>
      </div>
    </header>
  );
}

/** 法定人数: committee members present against the committee size, and how many are needed. */
export function QuorumMeter(props: { snap: Snapshot; big?: boolean }) {
  const p = () => props.snap.presence;
  const rule = () => props.snap.meeting.voteRules.quorum;
  const needed = () => requiredCount(p().members, rule().fraction, rule().inclusive);
  const pct = () => (p().members ? Math.min(100, (p().presentMembers / p().members) * 100) : 0);
  return (
    <div class="quorum" classList={{ met: p().quorum, big: props.big }} data-testid="quorum" data-present={p().presentMembers} data-members={p().members}>
      <div class="quorum-numbers">
        <span class="quorum-count">
          {p().presentMembers} / {p().members}
        </span>
        <Badge tone={p().quorum ? 'ok' : 'warn'}>{p().quorum ? t('live.quorum.met') : t('live.quorum.notMet')}</Badge>
      </div>
      <div class="meter" aria-hidden="true">
        <span style={{ width: `${pct()}%` }} />
        <i style={{ left: `${p().members ? (needed() / p().members) * 100 : 0}%` }} />
      </div>
      <div class="muted small">{t('live.quorum.rule', { needed: needed(), members: p().members, total: p().presentTotal })}</div>
    </div>
  );
}

/** 签到情况: every expert of the meeting, present or not; a toggle where the viewer may sign them. */
export function AttendanceList(props: { snap: Snapshot; may?: (meetingExpertId: number) => boolean; onToggle?: (meetingExpertId: number, present: boolean) => void; busy?: boolean }) {
  const groupName = (id: number | null) => props.snap.groups.find((g) => g.id === id)?.name ?? '';
  return (
    <ul class="attendance" data-testid="attendance">
      <For each={props.snap.experts}>
        {(e) => (
          <li classList={{ present: e.present }} data-expert={e.meetingExpertId}>
            <span class="presence-dot" aria-hidden="true" />
            <span class="att-name">{e.name}</span>
            <span class="muted small">
              {tx(`live.title.${e.title}`)}
              <Show when={e.groupId}> · {groupName(e.groupId)}</Show>
              <Show when={e.isGroupLeader}> · {t('live.leader')}</Show>
            </span>
            <span class="att-state">
              <Badge tone={e.present ? 'ok' : 'muted'}>{e.present ? t('live.present') : t('live.absent')}</Badge>
              <Show when={props.may?.(e.meetingExpertId)}>
                <button type="button" class="small" disabled={props.busy || liveStatus() !== 'online'} onClick={() => props.onToggle?.(e.meetingExpertId, !e.present)}>
                  {e.present ? t('live.signOut') : t('live.signIn')}
                </button>
              </Show>
            </span>
          </li>
        )}
      </For>
    </ul>
  );
}

export const GROUP_STAGES = ['setup', 'distributing', 'reviewing', 'leader_confirmed', 'chair_confirmed'] as const;

/** The five steps of a group, the current one marked. */
export function StageSteps(props: { stage: string }) {
  const at = () => GROUP_STAGES.indexOf(props.stage as (typeof GROUP_STAGES)[number]);
  return (
    <ol class="steps" data-stage={props.stage}>
      <For each={GROUP_STAGES}>
        {(s, i) => (
          <li classList={{ done: i() < at(), current: i() === at() }}>
            <span>{tx(`live.stage.${s}`)}</span>
          </li>
        )}
      </For>
    </ol>
  );
}

/** How far a group is: materials reviewed (every review final and agreed) out of all. */
export function groupProgress(snap: Snapshot, groupId: number) {
  const aps = snap.applicants.filter((a) => a.groupId === groupId);
  const done = aps.filter((a) => a.stage === 'reviewed' || a.stage === 'leader_confirmed' || a.stage === 'chair_confirmed').length;
  return { done, total: aps.length };
}

export function GroupStages(props: { snap: Snapshot; action?: (groupId: number, stage: string) => JSX.Element; link?: (groupId: number) => string | null }) {
  return (
    <ul class="group-list" data-testid="groups">
      <For each={props.snap.groups}>
        {(g) => {
          const p = createMemo(() => groupProgress(props.snap, g.id));
          return (
            <li data-group={g.id} data-stage={g.stage}>
              <div class="group-line">
                <strong>
                  <Show when={props.link?.(g.id)} fallback={g.name}>
                    {(href) => <A href={href()}>{g.name}</A>}
                  </Show>
                </strong>
                <Badge tone={g.stage === 'chair_confirmed' ? 'ok' : g.stage === 'leader_confirmed' ? 'warn' : 'info'}>{tx(`live.stage.${g.stage}`)}</Badge>
                <span class="muted small">{t('live.reviewedOf', { done: p().done, total: p().total })}</span>
                <span class="grow" />
                {props.action?.(g.id, g.stage)}
              </div>
              <div class="meter thin" aria-hidden="true">
                <span style={{ width: `${p().total ? (p().done / p().total) * 100 : 0}%` }} />
              </div>
            </li>
          );
        }}
      </For>
    </ul>
  );
}

export function roundTitle(snap: Snapshot, round: LiveRound): string {
  if (round.kind === 'committee') return t('live.round.committee', { n: round.number });
  const g = snap.groups.find((x) => x.id === round.groupId);
  return t('live.round.group', { group: g?.name ?? '', n: round.number });
}

const roundTone = (s: string): Tone => (s === 'open' ? 'warn' : s === 'confirmed' ? 'ok' : s === 'sent_back' ? 'bad' : 'info');

/**
 * One vote: while open only how many have voted (never how); after close the tally by applicant,
 * and for those entitled the ballots behind it (票源, with the seal checked). `controls` gets the
 * buttons that the viewer's part allows.
 */
export function RoundCard(props: { snap: Snapshot; state: LiveState; round: LiveRound; controls?: JSX.Element; hideNames?: boolean; children?: JSX.Element }) {
  const voted = () => votedOf(props.state, props.round);
  const roll = () => rollOf(props.state, props.round);
  const tally = () => tallyOf(props.state, props.round);
  return (
    <section class="card round" data-testid="round" data-round={props.round.id} data-kind={props.round.kind} data-status={props.round.status}>
      <div class="round-head">
        <h2>{roundTitle(props.snap, props.round)}</h2>
        <Badge tone={roundTone(props.round.status)}>{tx(`live.roundStatus.${props.round.status}`)}</Badge>
        <span class="muted small">{tx(`live.mode.${props.round.mode}`)}</span>
        <span class="grow" />
        {props.controls}
      </div>
      <div class="vote-count">
        <span class="big-count" data-testid="voted-count">
          {voted()} / {roll()}
        </span>
        <span class="muted">{t('live.round.voted')}</span>
        <span class="muted small">{t('live.round.members', { members: props.round.members, present: props.round.present })}</span>
      </div>
      <div class="meter" aria-hidden="true">
        <span style={{ width: `${roll() ? (voted() / roll()) * 100 : 0}%` }} />
      </div>
      <Show when={props.round.status === 'sent_back'}>
        <div class="notice bad">{t('live.round.sentBackReason', { reason: props.round.sentBackReason ?? '' })}</div>
      </Show>
      {props.children}
      <Show when={tally()}>{(rows) => <TallyTable snap={props.snap} rows={rows()} hideNames={props.hideNames} />}</Show>
      <Show when={props.round.status !== 'open' && mayAuditRounds(props.snap)}>
        <RoundAuditPanel snap={props.snap} round={props.round} hideNames={props.hideNames} />
      </Show>
    </section>
  );
}

export function TallyTable(props: { snap: Snapshot; rows: NonNullable<ReturnType<typeof tallyOf>>; hideNames?: boolean }) {
  return (
    <div class="table-wrap">
      <table class="data-table tally" data-testid="tally">
        <thead>
          <tr>
            <th>{t('live.code')}</th>
            <Show when={!props.hideNames}>
              <th>{t('live.name')}</th>
            </Show>
            <th class="num">{t('live.yes')}</th>
            <th class="num">{t('live.no')}</th>
            <th class="num">{t('live.abstain')}</th>
            <th class="num">{t('live.eligible')}</th>
            <th class="num">{t('live.requiredYes')}</th>
            <th>{t('live.result')}</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {(r) => {
              const who = () => applicantLabel(props.snap, r.meetingApplicantId, r.blindCode);
              return (
                <tr data-applicant={r.meetingApplicantId} data-passed={String(r.passed)}>
                  <td class="mono" data-label={t('live.code')}>
                    {who().code}
                  </td>
                  <Show when={!props.hideNames}>
                    <td data-label={t('live.name')}>{who().name ?? '—'}</td>
                  </Show>
                  <td class="num" data-label={t('live.yes')}>
                    {r.yes}
                  </td>
                  <td class="num" data-label={t('live.no')}>
                    {r.no}
                  </td>
                  <td class="num" data-label={t('live.abstain')}>
                    {r.abstain}
                  </td>
                  <td class="num" data-label={t('live.eligible')}>
                    {r.eligible}
                  </td>
                  <td class="num" data-label={t('live.requiredYes')}>
                    {r.requiredYes ?? '—'}
                  </td>
                  <td data-label={t('live.result')}>
                    <Show when={r.passed !== null} fallback="—">
                      <Badge tone={r.passed ? 'ok' : 'bad'}>{r.passed ? t('live.passed') : t('live.failed')}</Badge>
                    </Show>
                  </td>
                </tr>
              );
            }}
          </For>
        </tbody>
      </table>
    </div>
  );
}

/** A command's failure next to its button, in words (and the server's count where it gives one: no quorum 3/5). */
export function CommandError(props: { error: unknown }) {
  const detail = () => {
    const e = props.error as { code?: string; details?: { path: string; message: string }[] } | null;
    if (!e || e.code !== 'no_quorum') return '';
    const d = e.details?.find((x) => x.path === 'present');
    return d ? t('live.presentNow', { n: d.message }) : '';
  };
  return (
    <Show when={props.error}>
      <div class="form-error" role="alert" data-testid="command-error">
        {messageOf(props.error)}
        {detail()}
      </div>
    </Show>
  );
}

/** Rounds newest first, optionally only of one kind or group. */
export function roundsOf(snap: Snapshot, filter: (r: LiveRound) => boolean = () => true): LiveRound[] {
  return [...snap.rounds].filter(filter).sort((a, b) => b.id - a.id);
}
