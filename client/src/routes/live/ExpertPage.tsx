import { For, Match, Show, Switch, createEffect, createMemo, onMount } from 'solid-js';
import { A, useSearchParams, type RouteSectionProps } from '@solidjs/router';
import { Badge } from '../../components/Badge';
import { t, tx } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { ballotOutbox, flushBallots, settleSheet, waitingRounds } from '../../stores/ballots';
import { flushDrafts } from '../../stores/reviewDrafts';
import { isChairViewer, maySetAttendance, setAttendance, useLiveMeeting, type LiveState } from '../../stores/live';
import type { LiveAssignment, LiveRound, Snapshot } from '../../api/live';
import { CommandError, LiveHeader, RoundCard, WithSnapshot, roundsOf } from './parts';
import { BallotSheet, VotedNotice } from './BallotSheet';
import { ReviewDone, ReviewForm } from './ReviewForm';

/**
 * 评审工作台 (expert): the ballot sheet when a vote is open and I am on its roll, then my materials
 * with their review forms. Built for a laptop or tablet in a closed room with unreliable Wi-Fi.
 */
export default function ExpertPage(props: RouteSectionProps) {
  const id = () => Number(props.params.id);
  const { state, reload, dismissNotice } = useLiveMeeting(id);
  onMount(() => {
    void flushBallots();
    void flushDrafts();
  });
  return (
    <div class="live-page expert-page" data-testid="expert-page">
      <WithSnapshot state={state} reload={() => void reload()}>
        {(snap) => <ExpertView snap={snap} state={state} dismiss={dismissNotice} />}
      </WithSnapshot>
    </div>
  );
}

const VOTING_TITLES = ['chair', 'vice_chair', 'member'];

/**
 * 个人通知: what the expert's own room said — materials given or taken back by the group leader,
 * a sign-in or sign-out done by the staff — until dismissed.
 */
function Notices(props: { state: LiveState; dismiss: (id: number) => void }) {
  const role = (r: string) => (r === 'main' ? t('review.role.main') : t('review.role.secondary'));
  const list = (items: Array<{ blindCode: string; role: string }>) => items.map((x) => `${x.blindCode}（${role(x.role)}）`).join('、');
  return (
    <For each={props.state.notices}>
      {(n) => (
        <div class="notice info expert-notice" role="status" data-testid="expert-notice" data-kind={n.kind}>
          <span>
            {n.kind === 'assignments'
              ? [
                  n.data.added.length ? t('liveNotice.added', { list: list(n.data.added) }) : '',
                  n.data.removed.length ? t('liveNotice.removed', { list: list(n.data.removed) }) : '',
                  t('liveNotice.load', { total: n.data.total, main: n.data.main }),
                ]
                  .filter(Boolean)
                  .join(' ')
              : n.data.present
                ? t('liveNotice.signedIn')
                : t('liveNotice.signedOut')}
          </span>
          <button type="button" class="small" onClick={() => props.dismiss(n.id)} data-testid="dismiss-notice">
            {t('liveNotice.dismiss')}
          </button>
        </div>
      )}
    </For>
  );
}

function ExpertView(props: { snap: Snapshot; state: LiveState; dismiss: (id: number) => void }) {
  const snap = props.snap;
  const meId = () => snap.viewer.meetingExpertId!;
  const attend = useRunner(setAttendance);

  /** Rounds that concern me: every open one, and the latest closed one of each kind (its tally). */
  const rounds = createMemo(() => {
    const out: LiveRound[] = [];
    const seen = new Set<string>();
    for (const r of roundsOf(snap)) {
      const k = `${r.kind}:${r.groupId ?? ''}`;
      if (r.status === 'open' || !seen.has(k)) out.push(r);
      seen.add(k);
    }
    return out.filter((r) => r.kind === 'group' ? r.groupId === snap.viewer.groupId : VOTING_TITLES.includes(snap.viewer.title ?? '') || r.me?.onRoll);
  });

  // A round settled for me (voted, or closed) needs no local sheet any more.
  createEffect(() => {
    const waiting = new Set(waitingRounds());
    for (const r of snap.rounds) {
      if (r.me?.voted) settleSheet(r.id, true);
      else if (r.status !== 'open' && !waiting.has(r.id)) settleSheet(r.id, false);
    }
  });

  const mine = createMemo(() => snap.assignments.filter((a) => a.meetingExpertId === meId()));
  const [params, setParams] = useSearchParams();
  const selected = createMemo(() => {
    const list = mine();
    const want = Number(params.a);
    return list.find((a) => a.assignmentId === want) ?? list.find((a) => a.state !== 'final') ?? list[0] ?? null;
  });

  return (
    <>
      <LiveHeader snap={snap} state={props.state} title={t('expert.title')}>
        <Show when={snap.viewer.isGroupLeader && snap.viewer.groupId}>
          <A class="button" href={`/meetings/${snap.meeting.id}/group/${snap.viewer.groupId}`}>
            {t('live.nav.group')}
          </A>
        </Show>
        <Show when={isChairViewer(snap)}>
          <A class="button" href={`/meetings/${snap.meeting.id}/chair`}>
            {t('live.nav.chair')}
          </A>
        </Show>
      </LiveHeader>

      <Notices state={props.state} dismiss={props.dismiss} />

      <Show when={snap.meeting.status === 'running' && !snap.viewer.present}>
        <div class="notice warn sign-in-bar" data-testid="not-present">
          <span>{t('expert.notPresent')}</span>
          <Show when={maySetAttendance(snap, meId())} fallback={<span class="muted">{t('expert.askStaff')}</span>}>
            <button type="button" class="primary" disabled={attend.pending()} onClick={() => void attend.run(snap.meeting.id, meId(), true)}>
              {t('live.signIn')}
            </button>
          </Show>
        </div>
        <CommandError error={attend.error()} />
      </Show>

      <For each={rounds()}>
        {(r) => (
          <RoundCard snap={snap} state={props.state} round={r} hideNames={snap.meeting.options.blindReview}>
            <Show when={r.status === 'open'}>
              <Switch>
                <Match when={r.me?.voted || ballotOutbox[r.id]?.state === 'accepted'}>
                  <VotedNotice snap={snap} round={r} />
                </Match>
                <Match when={r.me?.onRoll}>
                  <BallotSheet snap={snap} round={r} />
                </Match>
                <Match when={true}>
                  <div class="notice info">{t('ballot.notOnRoll')}</div>
                </Match>
              </Switch>
            </Show>
          </RoundCard>
        )}
      </For>

      <section class="my-materials">
        <h2>{t('expert.materials')}</h2>
        <Show when={mine().length} fallback={<div class="card muted">{snap.meeting.status === 'running' ? t('expert.noMaterials') : t('expert.notRunning')}</div>}>
          <div class="split materials-split">
            <ul class="pane material-list" data-testid="materials">
              <For each={mine()}>
                {(a) => <MaterialItem snap={snap} a={a} active={selected()?.assignmentId === a.assignmentId} onPick={() => setParams({ a: a.assignmentId })} />}
              </For>
            </ul>
            <Show when={selected()?.assignmentId} keyed>
              {(aid) => <MaterialDetail snap={snap} a={mine().find((x) => x.assignmentId === aid)!} />}
            </Show>
          </div>
        </Show>
      </section>
    </>
  );
}

const stateTone = (s: string) => (s === 'final' ? 'ok' : s === 'draft' ? 'warn' : 'info');

function MaterialItem(props: { snap: Snapshot; a: LiveAssignment; active: boolean; onPick: () => void }) {
  const ap = () => props.snap.applicants.find((x) => x.meetingApplicantId === props.a.meetingApplicantId);
  return (
    <li>
      <button type="button" class="material" classList={{ active: props.active }} onClick={props.onPick} data-testid="material" data-code={ap()?.blindCode}>
        <span class="mono code">{ap()?.blindCode}</span>
        <span class="material-name">{ap()?.name ?? t('expert.nameHidden')}</span>
        <span class="badges">
          <Badge tone={props.a.role === 'main' ? 'info' : 'muted'}>{tx(`review.role.${props.a.role}`)}</Badge>
          <Badge tone={stateTone(props.a.state)}>{tx(`review.stateBadge.${props.a.state}`)}</Badge>
        </span>
      </button>
    </li>
  );
}

function MaterialDetail(props: { snap: Snapshot; a: LiveAssignment }) {
  const ap = () => props.snap.applicants.find((x) => x.meetingApplicantId === props.a.meetingApplicantId);
  const fellow = () =>
    props.snap.assignments
      .filter((x) => x.meetingApplicantId === props.a.meetingApplicantId && x.assignmentId !== props.a.assignmentId)
      .map((x) => ({ x, name: props.snap.experts.find((e) => e.meetingExpertId === x.meetingExpertId)?.name ?? '' }));
  return (
    <section class="pane material-detail" data-testid="material-detail" data-code={ap()?.blindCode}>
      <header class="material-head">
        <div>
          <span class="mono code big-code">{ap()?.blindCode}</span>
          <Show when={ap()?.name} fallback={<Badge tone="info">{t('expert.nameHidden')}</Badge>}>
            <strong class="applicant-name" data-testid="applicant-name">
              {ap()!.name}
            </strong>
          </Show>
        </div>
        <dl class="facts compact">
          <Show when={ap()?.orgName}>
            <dt>{t('live.org')}</dt>
            <dd>{ap()!.orgName}</dd>
          </Show>
          <Show when={ap()?.qualification}>
            <dt>{t('live.qualification')}</dt>
            <dd>{ap()!.qualification}</dd>
          </Show>
          <dt>{t('review.myRole')}</dt>
          <dd>
            {tx(`review.role.${props.a.role}`)}{' '}
            <A href={`/meetings/${props.snap.meeting.id}/materials/${props.a.meetingApplicantId}`} data-testid="open-materials">
              {t('materials.open')}
            </A>
          </dd>
          <Show when={fellow().length}>
            <dt>{t('review.fellows')}</dt>
            <dd>
              <For each={fellow()}>
                {(f) => (
                  <span class="fellow">
                    {f.name}（{tx(`review.role.${f.x.role}`)}，{tx(`review.stateBadge.${f.x.state}`)}）
                  </span>
                )}
              </For>
            </dd>
          </Show>
        </dl>
      </header>
      <Show when={props.a.state === 'final'} fallback={<ReviewForm snap={props.snap} assignment={props.a} />}>
        <ReviewDone snap={props.snap} assignment={props.a} />
      </Show>
    </section>
  );
}
