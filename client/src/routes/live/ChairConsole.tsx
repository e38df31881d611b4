import { For, Show, createMemo, createResource, createSignal } from 'solid-js';
import { A, type RouteSectionProps } from '@solidjs/router';
import { Badge } from '../../components/Badge';
import { ErrorNotice, Loading } from '../../components/ErrorNotice';
import { formatDateTime, t } from '../../i18n';
import { liveStatus } from '../../realtime';
import { useRunner } from '../../lib/useRunner';
import { confirmAction } from '../../stores/confirm';
import { toast } from '../../stores/toasts';
import { liveApi, type LiveRound, type Snapshot } from '../../api/live';
import {
  chairConfirm,
  closeRound,
  confirmRound,
  isChairViewer,
  launchRound,
  maySetAttendance,
  setAttendance,
  startMeeting,
  useLiveMeeting,
  type LiveState,
} from '../../stores/live';
import { AttendanceList, CommandError, GroupStages, LiveHeader, QuorumMeter, RoundCard, WithSnapshot, roundsOf } from './parts';
import { LaunchDialog } from './LaunchDialog';

/**
 * 主任控制台 (the chair; staff see it as the meeting console): quorum and attendance, every group's
 * stage with 主任确认 where it is the chair's turn, the committee vote (launch for the applicants the
 * chair ticks — all that are ready by default —, watch, close, tally, the ballots behind it, confirm)
 * and, once confirmed, the resolution table with the spreadsheet.
 */
export default function ChairConsole(props: RouteSectionProps) {
  const id = () => Number(props.params.id);
  const { state, reload } = useLiveMeeting(id);
  return (
    <div class="live-page chair-page" data-testid="chair-console">
      <WithSnapshot state={state} reload={() => void reload()}>
        {(snap) => <ChairView snap={snap} state={state} />}
      </WithSnapshot>
    </div>
  );
}

function ChairView(props: { snap: Snapshot; state: LiveState }) {
  const snap = props.snap;
  const chair = () => isChairViewer(snap);
  const staff = () => snap.viewer.kind === 'staff';
  const online = () => liveStatus() === 'online';
  const attend = useRunner(setAttendance);
  const start = useRunner(startMeeting);
  const groupConfirm = useRunner(chairConfirm);
  const launch = useRunner(launchRound);
  const close = useRunner(closeRound);
  const confirm = useRunner(confirmRound);

  const committee = createMemo(() => roundsOf(snap, (r) => r.kind === 'committee'));
  const current = () => committee()[0] ?? null;
  const open = () => committee().find((r) => r.status === 'open') ?? null;
  const older = () => committee().slice(1);
  // Another round only when there is something left to decide: none yet, the last one sent back, or
  // applicants confirmed since the last confirmed round (a closed round waits for its confirmation).
  const undecided = () => snap.applicants.some((a) => a.stage === 'chair_confirmed' && a.result === 'pending');
  const canLaunch = () => {
    if (!(chair() || staff()) || snap.meeting.status !== 'running' || open()) return false;
    const last = current();
    return !last || last.status === 'sent_back' || (last.status === 'confirmed' && undecided());
  };
  const ready = () => snap.groups.length > 0 && snap.groups.every((g) => g.stage === 'chair_confirmed');
  const [choosing, setChoosing] = createSignal(false);

  async function ask(title: string, message: string, run: () => Promise<unknown>) {
    if (await confirmAction({ title, message })) await run();
  }

  return (
    <>
      <LiveHeader snap={snap} state={props.state} title={chair() ? t('chair.title') : t('chair.titleStaff')}>
        <Show when={snap.viewer.kind === 'expert'}>
          <A class="button" href={`/meetings/${snap.meeting.id}/expert`}>
            {t('live.nav.expert')}
          </A>
        </Show>
        <Show when={staff()}>
          <A class="button" href={`/meetings/${snap.meeting.id}/monitor`}>
            {t('live.nav.monitor')}
          </A>
          <a class="button" href={`/meetings/${snap.meeting.id}/screen`} target="_blank" rel="noopener" data-testid="open-screen">
            {t('live.nav.screen')}
          </a>
        </Show>
      </LiveHeader>

      <Show when={staff() && snap.meeting.status === 'ready'}>
        <div class="notice info sign-in-bar">
          <span>{t('chair.readyToStart')}</span>
          <button type="button" class="primary" disabled={!online() || start.pending()} onClick={() => void ask(t('chair.start'), t('chair.startConfirm'), () => start.run(snap.meeting.id))}>
            {t('chair.start')}
          </button>
        </div>
        <CommandError error={start.error()} />
      </Show>

      <div class="live-grid">
        <section class="card">
          <h2>{t('live.quorum')}</h2>
          <QuorumMeter snap={snap} />
          <h3>{t('live.attendance')}</h3>
          <AttendanceList
            snap={snap}
            may={(meId) => maySetAttendance(snap, meId)}
            busy={attend.pending()}
            onToggle={(meId, present) => void attend.run(snap.meeting.id, meId, present)}
          />
          <CommandError error={attend.error()} />
        </section>

        <section class="card">
          <h2>{t('live.groups')}</h2>
          <GroupStages
            snap={snap}
            link={(gid) => `/meetings/${snap.meeting.id}/group/${gid}`}
            action={(gid, stage) => (
              <Show when={chair() && stage === 'leader_confirmed'}>
                <button
                  type="button"
                  class="primary small"
                  disabled={!online() || groupConfirm.pending()}
                  onClick={() => void ask(t('chair.groupConfirm'), t('chair.groupConfirmMessage'), () => groupConfirm.run(gid))}
                  data-testid="chair-confirm-group"
                >
                  {t('chair.groupConfirm')}
                </button>
              </Show>
            )}
          />
          <CommandError error={groupConfirm.error()} />
        </section>
      </div>

      <section class="committee">
        <div class="section-head">
          <h2>{t('chair.committeeVote')}</h2>
          <Show when={canLaunch()}>
            <button
              type="button"
              class="primary"
              disabled={!online() || launch.pending()}
              onClick={() => {
                launch.clear();
                setChoosing(true);
              }}
              data-testid="launch-committee"
            >
              {t('chair.launch')}
            </button>
          </Show>
        </div>
        <CommandError error={launch.error()} />
        <Show when={choosing()}>
          <LaunchDialog
            snap={snap}
            allGroupsReady={ready()}
            pending={launch.pending()}
            onClose={() => setChoosing(false)}
            onLaunch={async (ids) => {
              setChoosing(false);
              await launch.run(snap.meeting.id, 'committee', undefined, ids);
            }}
          />
        </Show>
        <Show when={current()} fallback={<div class="card muted">{t('chair.noVoteYet')}</div>}>
          {(r) => (
            <RoundCard
              snap={snap}
              state={props.state}
              round={r()}
              hideNames={snap.meeting.options.blindReview && snap.viewer.kind === 'expert'}
              controls={<CommitteeControls round={r()} chair={chair()} staff={staff()} close={close} confirm={confirm} ask={ask} />}
            />
          )}
        </Show>
        <CommandError error={close.error() || confirm.error()} />
        <Show when={current()?.status === 'confirmed'}>
          <Resolution snap={snap} roundId={current()!.id} />
        </Show>
        <Show when={older().length}>
          <details class="older-rounds">
            <summary>{t('chair.olderRounds', { n: older().length })}</summary>
            <For each={older()}>{(r) => <RoundCard snap={snap} state={props.state} round={r} />}</For>
          </details>
        </Show>
      </section>
    </>
  );
}

function CommitteeControls(props: {
  round: LiveRound;
  chair: boolean;
  staff: boolean;
  close: { run: (id: number) => Promise<unknown>; pending: () => boolean };
  confirm: { run: (id: number) => Promise<unknown>; pending: () => boolean };
  ask: (title: string, message: string, run: () => Promise<unknown>) => Promise<void>;
}) {
  const online = () => liveStatus() === 'online';
  return (
    <>
      <Show when={props.round.status === 'open' && (props.chair || props.staff)}>
        <button type="button" disabled={!online() || props.close.pending()} onClick={() => void props.ask(t('round.close'), t('round.closeConfirm'), () => props.close.run(props.round.id))} data-testid="close-round">
          {t('round.close')}
        </button>
      </Show>
      <Show when={props.round.status === 'closed' && props.chair}>
        <button type="button" class="primary" disabled={!online() || props.confirm.pending()} onClick={() => void props.ask(t('round.confirm'), t('round.confirmMessage'), () => props.confirm.run(props.round.id))} data-testid="confirm-round">
          {t('round.confirm')}
        </button>
      </Show>
    </>
  );
}

/** 评审表决表: the confirmed committee round by applicant, with names, from the meeting record. */
function Resolution(props: { snap: Snapshot; roundId: number }) {
  const [record] = createResource(
    () => props.roundId,
    () => liveApi.record(props.snap.meeting.id),
  );
  const [downloading, setDownloading] = createSignal(false);
  async function download() {
    setDownloading(true);
    try {
      const name = await liveApi.downloadRecord(props.snap.meeting.id, `${props.snap.meeting.name}.xlsx`);
      toast.success(t('chair.downloaded', { name }));
    } catch (e) {
      toast.failure(e);
    } finally {
      setDownloading(false);
    }
  }
  return (
    <section class="card resolution" data-testid="resolution">
      <div class="section-head">
        <h2>{t('chair.resolution')}</h2>
        <button type="button" class="primary" disabled={downloading()} onClick={() => void download()} data-testid="download-record">
          {t('chair.download')}
        </button>
      </div>
      <Show when={!record.error} fallback={<ErrorNotice error={record.error} />}>
        <Show when={record()?.resolution} fallback={<Loading />}>
          {(res) => (
            <>
              <p class="muted small">
                {t('chair.resolutionMeta', {
                  members: res().members,
                  present: res().present,
                  by: res().confirmedBy ?? '',
                  at: formatDateTime(res().confirmedAt),
                })}
              </p>
              <div class="table-wrap">
                <table class="data-table">
                  <thead>
                    <tr>
                      <th>#</th>
                      <th>{t('live.name')}</th>
                      <th>{t('live.org')}</th>
                      <th>{t('live.qualification')}</th>
                      <th class="num">{t('live.yes')}</th>
                      <th class="num">{t('live.no')}</th>
                      <th class="num">{t('live.abstain')}</th>
                      <th>{t('live.result')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={res().rows}>
                      {(row, i) => (
                        <tr>
                          <td data-label="#">{i() + 1}</td>
                          <td data-label={t('live.name')}>{row.name}</td>
                          <td class="wrap" data-label={t('live.org')}>
                            {row.orgName ?? '—'}
                          </td>
                          <td data-label={t('live.qualification')}>{row.qualification ?? '—'}</td>
                          <td class="num" data-label={t('live.yes')}>
                            {row.yes}
                          </td>
                          <td class="num" data-label={t('live.no')}>
                            {row.no}
                          </td>
                          <td class="num" data-label={t('live.abstain')}>
                            {row.abstain}
                          </td>
                          <td data-label={t('live.result')}>
                            <Badge tone={row.passed ? 'ok' : 'bad'}>{row.passed ? t('live.passed') : t('live.failed')}</Badge>
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
            </>
          )}
        </Show>
      </Show>
    </section>
  );
}
