import { For, Show, createSignal } from 'solid-js';
import { A, type RouteSectionProps } from '@solidjs/router';
import { Badge } from '../../components/Badge';
import { Dialog } from '../../components/Dialog';
import { FormError } from '../../components/Field';
import { t, tx } from '../../i18n';
import { liveStatus } from '../../realtime';
import { useRunner } from '../../lib/useRunner';
import { toast } from '../../stores/toasts';
import { sendBackRound, useLiveMeeting, type LiveState } from '../../stores/live';
import type { LiveRound, Snapshot } from '../../api/live';
import { SharedOpinionsButton } from './SharedOpinion';
import { AttendanceList, GroupStages, LiveHeader, QuorumMeter, RoundCard, WithSnapshot, roundTitle, roundsOf } from './parts';

/**
 * 会议监控 (staff and supervisors): presence and quorum, every group and every material's review
 * progress, every round (how many voted while open, the tally after close). Read-only, except that a
 * supervisor may send a round back with a reason.
 */
export default function MonitorPage(props: RouteSectionProps) {
  const id = () => Number(props.params.id);
  const { state, reload } = useLiveMeeting(id);
  return (
    <div class="live-page monitor-page" data-testid="monitor">
      <WithSnapshot state={state} reload={() => void reload()}>
        {(snap) => <MonitorView snap={snap} state={state} />}
      </WithSnapshot>
    </div>
  );
}

export function MonitorView(props: { snap: Snapshot; state: LiveState }) {
  const snap = props.snap;
  const supervisor = () => snap.viewer.kind === 'supervisor';
  const [sendingBack, setSendingBack] = createSignal<LiveRound | null>(null);
  return (
    <>
      <LiveHeader snap={snap} state={props.state} title={t('monitor.title')}>
        <A class="button" href="/meetings/watch">
          {t('monitor.all')}
        </A>
        <Show when={snap.viewer.kind === 'staff'}>
          <A class="button" href={`/meetings/${snap.meeting.id}/chair`}>
            {t('live.nav.console')}
          </A>
          <a class="button" href={`/meetings/${snap.meeting.id}/screen`} target="_blank" rel="noopener">
            {t('live.nav.screen')}
          </a>
        </Show>
      </LiveHeader>

      <div class="live-grid">
        <section class="card">
          <h2>{t('live.quorum')}</h2>
          <QuorumMeter snap={snap} />
          <h3>{t('live.attendance')}</h3>
          <AttendanceList snap={snap} />
        </section>
        <section class="card">
          <h2>{t('live.groups')}</h2>
          <GroupStages snap={snap} link={(gid) => `/meetings/${snap.meeting.id}/group/${gid}`} />
          <h3>{t('monitor.materials')}</h3>
          <div class="table-wrap">
            <table class="data-table" data-testid="monitor-materials">
              <thead>
                <tr>
                  <th>{t('live.code')}</th>
                  <th>{t('live.name')}</th>
                  <th>{t('live.group')}</th>
                  <th>{t('group.progress')}</th>
                  <th>{t('group.reviewers')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={snap.applicants} fallback={<tr class="empty"><td colSpan={5}>{t('common.empty')}</td></tr>}>
                  {(a) => {
                    const reviews = () => snap.assignments.filter((x) => x.meetingApplicantId === a.meetingApplicantId);
                    return (
                      <tr data-code={a.blindCode}>
                        <td class="mono" data-label={t('live.code')}>
                          {a.blindCode}
                        </td>
                        <td data-label={t('live.name')}>{a.name ?? '—'}</td>
                        <td data-label={t('live.group')}>{snap.groups.find((g) => g.id === a.groupId)?.name ?? '—'}</td>
                        <td data-label={t('group.progress')}>
                          <Badge tone={a.stage === 'waiting' ? 'muted' : a.stage === 'distributed' ? 'info' : 'ok'}>{tx(`live.apStage.${a.stage}`)}</Badge>
                          <Show when={a.result && a.result !== 'pending'}>
                            {' '}
                            <Badge tone={a.result === 'passed' ? 'ok' : 'bad'}>{tx(`live.apResult.${a.result}`)}</Badge>
                          </Show>
                        </td>
                        <td class="wrap" data-label={t('group.reviewers')}>
                          <div class="reviewer-chips">
                            <For each={reviews()} fallback={<span class="muted">{t('group.notDistributed')}</span>}>
                              {(x) => (
                                <span class={`rchip ${x.state}`}>
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
                          <SharedOpinionsButton snap={snap} applicant={a} />
                        </td>
                      </tr>
                    );
                  }}
                </For>
              </tbody>
            </table>
          </div>
        </section>
      </div>

      <section class="rounds">
        <h2>{t('monitor.rounds')}</h2>
        <For each={roundsOf(snap)} fallback={<div class="card muted">{t('chair.noVoteYet')}</div>}>
          {(r) => (
            <RoundCard
              snap={snap}
              state={props.state}
              round={r}
              controls={
                <Show when={supervisor() && r.status !== 'sent_back'}>
                  <button type="button" class="danger-text" disabled={liveStatus() !== 'online'} onClick={() => setSendingBack(r)} data-testid="send-back">
                    {t('monitor.sendBack')}
                  </button>
                </Show>
              }
            />
          )}
        </For>
      </section>
      <Show when={sendingBack()}>{(r) => <SendBackDialog snap={snap} round={r()} onClose={() => setSendingBack(null)} />}</Show>
    </>
  );
}

function SendBackDialog(props: { snap: Snapshot; round: LiveRound; onClose: () => void }) {
  const [reason, setReason] = createSignal('');
  const run = useRunner(sendBackRound);
  async function save() {
    const r = await run.run(props.round.id, reason().trim());
    if (r.ok) {
      toast.success(t('monitor.sentBack'));
      props.onClose();
    }
  }
  return (
    <Dialog
      open
      title={t('monitor.sendBackTitle', { round: roundTitle(props.snap, props.round) })}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" class="danger" disabled={reason().trim().length < 2 || run.pending() || liveStatus() !== 'online'} onClick={() => void save()} data-testid="send-back-confirm">
            {t('monitor.sendBack')}
          </button>
        </>
      }
    >
      <p class="muted">{t('monitor.sendBackHelp')}</p>
      <div class="field">
        <label for="send-back-reason">{t('monitor.reason')}</label>
        <textarea id="send-back-reason" rows={3} maxLength={500} value={reason()} onInput={(e) => setReason(e.currentTarget.value)} />
      </div>
      <FormError message={run.formMessage() ?? Object.values(run.fields())[0] ?? null} />
    </Dialog>
  );
}
