import { For, Show, createMemo, createSignal } from 'solid-js';
import { A, type RouteSectionProps } from '@solidjs/router';
import { Badge } from '../../components/Badge';
import { t, tx } from '../../i18n';
import { liveStatus } from '../../realtime';
import { useRunner } from '../../lib/useRunner';
import { confirmAction } from '../../stores/confirm';
import { toast } from '../../stores/toasts';
import {
  closeRound,
  confirmRound,
  distributeAll,
  distributeSelectedEvenly,
  launchRound,
  leaderConfirm,
  startReview,
  useLiveMeeting,
  type LiveState,
} from '../../stores/live';
import type { LiveApplicant, LiveRound, Snapshot } from '../../api/live';
import { SharedOpinionsButton } from './SharedOpinion';
import { CommandError, LiveHeader, RoundCard, StageSteps, WithSnapshot, roundsOf } from './parts';
import { BatchDistributeDialog, DistributeDialog, ReopenDialog } from './GroupDialogs';

/**
 * 组长控制台: the group's presence, its materials and who reviews them, distribution (one by one, a
 * batch of selected materials to the same reviewers or evenly, or all at once), 进入评审, every review's progress, reopening a disputed review, 组长确认, and the
 * group vote. Anyone else who may watch the group sees the same page without the buttons.
 */
export default function GroupConsole(props: RouteSectionProps) {
  const id = () => Number(props.params.id);
  const groupId = () => Number(props.params.groupId);
  const { state, reload } = useLiveMeeting(id);
  return (
    <div class="live-page group-page" data-testid="group-console">
      <WithSnapshot state={state} reload={() => void reload()}>
        {(snap) => (
          <Show when={snap.groups.find((g) => g.id === groupId())} fallback={<div class="error-notice">{t('error.not_found')}</div>}>
            <GroupView snap={snap} state={state} groupId={groupId()} />
          </Show>
        )}
      </WithSnapshot>
    </div>
  );
}

function GroupView(props: { snap: Snapshot; state: LiveState; groupId: number }) {
  const snap = props.snap;
  const group = () => snap.groups.find((g) => g.id === props.groupId)!;
  const leads = () => snap.viewer.kind === 'expert' && snap.viewer.isGroupLeader && snap.viewer.groupId === props.groupId;
  const online = () => liveStatus() === 'online';
  const applicants = createMemo(() => snap.applicants.filter((a) => a.groupId === props.groupId));
  const distributing = () => group().stage === 'setup' || group().stage === 'distributing';
  const undistributed = () => applicants().filter((a) => !snap.assignments.some((x) => x.meetingApplicantId === a.meetingApplicantId)).length;
  const [editing, setEditing] = createSignal<LiveApplicant | null>(null);
  const [reopening, setReopening] = createSignal<LiveApplicant | null>(null);
  // 批量: the materials ticked in the table (by id), for a batch to the same reviewers or an even spread.
  const [selected, setSelected] = createSignal<ReadonlySet<number>>(new Set());
  const [batching, setBatching] = createSignal(false);
  const selectable = () => leads() && distributing();
  const picked = () => applicants().filter((a) => selected().has(a.meetingApplicantId));
  const toggle = (id: number, on: boolean) =>
    setSelected((s) => {
      const n = new Set(s);
      if (on) n.add(id);
      else n.delete(id);
      return n;
    });

  const all = useRunner(distributeAll);
  const even = useRunner(distributeSelectedEvenly);
  const start = useRunner(startReview);
  const confirm = useRunner(leaderConfirm);
  const launch = useRunner(launchRound);
  const close = useRunner(closeRound);
  const confirmVote = useRunner(confirmRound);
  const lastError = () => all.error() || even.error() || start.error() || confirm.error() || launch.error() || close.error() || confirmVote.error();

  const groupRounds = () => roundsOf(snap, (r) => r.kind === 'group' && r.groupId === props.groupId);

  async function ask(title: string, message: string) {
    return confirmAction({ title, message });
  }

  return (
    <>
      <LiveHeader snap={snap} state={props.state} title={t('group.title', { group: group().name })}>
        <Show when={snap.viewer.kind === 'expert'}>
          <A class="button" href={`/meetings/${snap.meeting.id}/expert`}>
            {t('live.nav.expert')}
          </A>
        </Show>
      </LiveHeader>

      <section class="card">
        <StageSteps stage={group().stage} />
        <div class="presence-chips" data-testid="group-presence">
          <For each={group().experts}>
            {(e) => (
              <span class="chip" classList={{ present: e.present }}>
                <span class="presence-dot" aria-hidden="true" />
                {e.name}
                <Show when={e.isGroupLeader}>
                  <span class="muted small">（{t('live.leader')}）</span>
                </Show>
              </span>
            )}
          </For>
        </div>
        <Show when={leads()}>
          <div class="toolbar">
            <Show when={distributing()}>
              <button type="button" disabled={!online() || picked().length === 0} onClick={() => setBatching(true)} data-testid="distribute-selected">
                {t('liveBatch.distributeSelected', { n: picked().length })}
              </button>
              <button
                type="button"
                disabled={!online() || even.pending() || picked().length === 0}
                onClick={() =>
                  void even.run(props.groupId, picked().map((a) => a.meetingApplicantId)).then((r) => {
                    if (!r.ok) return;
                    toast.success(t('liveBatch.distributedEvenly', { n: r.value.assigned }));
                    if (r.value.unassignable.length) toast.info(t('liveBatch.unassignable', { codes: codesOf(snap, r.value.unassignable) }));
                    setSelected(new Set<number>());
                  })
                }
                data-testid="distribute-selected-even"
              >
                {t('liveBatch.evenSelected')}
              </button>
              <button type="button" disabled={!online() || all.pending() || undistributed() === 0} onClick={() => void all.run(props.groupId).then((r) => r.ok && toast.success(t('group.distributedAll', { n: r.value.assigned })))} data-testid="distribute-all">
                {t('group.distributeAll')}
              </button>
              <button
                type="button"
                class="primary"
                disabled={!online() || start.pending() || undistributed() > 0}
                onClick={async () => (await ask(t('group.startReview'), t('group.startReviewConfirm'))) && void start.run(props.groupId)}
                data-testid="start-review"
              >
                {t('group.startReview')}
              </button>
            </Show>
            <Show when={group().stage === 'reviewing'}>
              <button
                type="button"
                class="primary"
                disabled={!online() || confirm.pending() || applicants().some((a) => a.stage !== 'reviewed')}
                onClick={async () => (await ask(t('group.leaderConfirm'), t('group.leaderConfirmMessage'))) && void confirm.run(props.groupId)}
                data-testid="leader-confirm"
              >
                {t('group.leaderConfirm')}
              </button>
            </Show>
            <Show when={group().stage === 'chair_confirmed' && (!groupRounds()[0] || groupRounds()[0].status === 'sent_back')}>
              <button type="button" class="primary" disabled={!online() || launch.pending()} onClick={() => void launch.run(snap.meeting.id, 'group', props.groupId)} data-testid="launch-group-vote">
                {t('group.launchVote')}
              </button>
            </Show>
          </div>
          <CommandError error={lastError()} />
        </Show>
      </section>

      <section class="card">
        <h2>{t('group.materials')}</h2>
        <div class="table-wrap">
          <table class="data-table materials-table" data-testid="group-materials">
            <thead>
              <tr>
                <Show when={selectable()}>
                  <th class="check">
                    <input
                      type="checkbox"
                      aria-label={t('liveBatch.selectAll')}
                      checked={applicants().length > 0 && picked().length === applicants().length}
                      onChange={(e) => setSelected(new Set<number>(e.currentTarget.checked ? applicants().map((a) => a.meetingApplicantId) : []))}
                      data-testid="select-all-materials"
                    />
                  </th>
                </Show>
                <th>{t('live.code')}</th>
                <th>{t('live.name')}</th>
                <th>{t('group.progress')}</th>
                <th>{t('group.reviewers')}</th>
                <Show when={leads()}>
                  <th>{t('common.actions')}</th>
                </Show>
              </tr>
            </thead>
            <tbody>
              <For each={applicants()} fallback={<tr class="empty"><td colSpan={6}>{t('common.empty')}</td></tr>}>
                {(a) => {
                  const reviews = () => snap.assignments.filter((x) => x.meetingApplicantId === a.meetingApplicantId);
                  const disputed = () => reviews().some((x) => x.role === 'secondary' && x.verdict === 'dispute' && x.state === 'final');
                  return (
                    <tr data-code={a.blindCode} data-stage={a.stage} classList={{ selected: selected().has(a.meetingApplicantId) }}>
                      <Show when={selectable()}>
                        <td class="check" data-label={t('liveBatch.select')}>
                          <input
                            type="checkbox"
                            aria-label={t('liveBatch.selectOne', { code: a.blindCode })}
                            checked={selected().has(a.meetingApplicantId)}
                            onChange={(e) => toggle(a.meetingApplicantId, e.currentTarget.checked)}
                            data-testid="select-material"
                          />
                        </td>
                      </Show>
                      <td class="mono" data-label={t('live.code')}>
                        {a.blindCode}
                      </td>
                      <td data-label={t('live.name')}>{a.name ?? '—'}</td>
                      <td data-label={t('group.progress')}>
                        <Badge tone={disputed() ? 'bad' : a.stage === 'waiting' ? 'muted' : a.stage === 'distributed' ? 'info' : 'ok'}>
                          {disputed() ? t('group.disputed') : tx(`live.apStage.${a.stage}`)}
                        </Badge>
                      </td>
                      <td class="wrap" data-label={t('group.reviewers')}>
                        <div class="reviewer-chips">
                          <For each={reviews()} fallback={<span class="muted">{t('group.notDistributed')}</span>}>
                            {(x) => (
                              <span class={`rchip ${x.state}`} title={x.verdict === 'dispute' ? (x.verdictReason ?? '') : undefined} data-state={x.state}>
                                <b>{x.role === 'main' ? t('review.role.mainShort') : t('review.role.secondaryShort')}</b>
                                {snap.experts.find((e) => e.meetingExpertId === x.meetingExpertId)?.name}
                                <span class="rstate">{tx(`review.stateBadge.${x.state}`)}</span>
                                <Show when={x.verdict}>
                                  <span class={`verdict ${x.verdict}`}>{x.verdict === 'dispute' ? t('review.dispute') : t('review.confirm')}</span>
                                </Show>
                              </span>
                            )}
                          </For>
                        </div>
                        <For each={reviews().filter((x) => x.verdict === 'dispute' && x.verdictReason)}>
                          {(x) => <div class="dispute-reason">{t('group.disputeReason', { reason: x.verdictReason ?? '' })}</div>}
                        </For>
                        <SharedOpinionsButton snap={snap} applicant={a} />
                      </td>
                      <Show when={leads()}>
                        <td data-label={t('common.actions')}>
                          <Show when={distributing()}>
                            <button type="button" class="small" disabled={!online()} onClick={() => setEditing(a)} data-testid="distribute-one">
                              {t('group.distribute')}
                            </button>
                          </Show>
                          <Show when={group().stage === 'reviewing' && disputed()}>
                            <button type="button" class="small" disabled={!online()} onClick={() => setReopening(a)} data-testid="reopen">
                              {t('group.reopen')}
                            </button>
                          </Show>
                        </td>
                      </Show>
                    </tr>
                  );
                }}
              </For>
            </tbody>
          </table>
        </div>
      </section>

      <For each={groupRounds()}>
        {(r) => (
          <RoundCard
            snap={snap}
            state={props.state}
            round={r}
            hideNames={snap.meeting.options.blindReview}
            controls={
              <Show when={leads()}>
                <GroupRoundControls round={r} close={close} confirmVote={confirmVote} ask={ask} />
              </Show>
            }
          />
        )}
      </For>

      <Show when={batching()}>
        <BatchDistributeDialog
          snap={snap}
          groupId={props.groupId}
          applicants={picked()}
          onClose={(done) => {
            setBatching(false);
            if (done) setSelected(new Set<number>());
          }}
        />
      </Show>
      <Show when={editing()}>{(a) => <DistributeDialog snap={snap} groupId={props.groupId} applicant={a()} onClose={() => setEditing(null)} />}</Show>
      <Show when={reopening()}>{(a) => <ReopenDialog applicant={a()} onClose={() => setReopening(null)} />}</Show>
    </>
  );
}

const codesOf = (snap: Snapshot, ids: number[]) => ids.map((id) => snap.applicants.find((a) => a.meetingApplicantId === id)?.blindCode ?? String(id)).join('、');

export interface RoundRunner {
  run: (roundId: number) => Promise<unknown>;
  pending: () => boolean;
}

function GroupRoundControls(props: { round: LiveRound; close: RoundRunner; confirmVote: RoundRunner; ask: (title: string, message: string) => Promise<boolean> }) {
  const online = () => liveStatus() === 'online';
  return (
    <>
      <Show when={props.round.status === 'open'}>
        <button type="button" disabled={!online() || props.close.pending()} onClick={async () => (await props.ask(t('round.close'), t('round.closeConfirm'))) && void props.close.run(props.round.id)} data-testid="close-round">
          {t('round.close')}
        </button>
      </Show>
      <Show when={props.round.status === 'closed'}>
        <button type="button" class="primary" disabled={!online() || props.confirmVote.pending()} onClick={async () => (await props.ask(t('round.confirm'), t('round.confirmMessage'))) && void props.confirmVote.run(props.round.id)} data-testid="confirm-round">
          {t('round.confirm')}
        </button>
      </Show>
    </>
  );
}
