import { For, Show, createSignal } from 'solid-js';
import { Dialog } from '../../components/Dialog';
import { t } from '../../i18n';
import { committeeCandidates } from '../../stores/live';
import { liveStatus } from '../../realtime';
import type { Snapshot } from '../../api/live';

/**
 * 发起评委会表决: the applicants ready for the committee (confirmed by the chair, not yet decided),
 * all ticked; the chair may leave some for a later round. One whose group has not yet voted on it
 * (where the meeting asks for a group vote first) cannot be ticked, and says so.
 */
export function LaunchDialog(props: { snap: Snapshot; allGroupsReady: boolean; pending: boolean; onClose: () => void; onLaunch: (ids: number[]) => Promise<void> }) {
  const candidates = committeeCandidates(props.snap);
  const hideNames = props.snap.meeting.options.blindReview && props.snap.viewer.kind === 'expert';
  const [chosen, setChosen] = createSignal<ReadonlySet<number>>(new Set(candidates.filter((c) => !c.blocked).map((c) => c.applicant.meetingApplicantId)));
  const groupName = (id: number | null) => props.snap.groups.find((g) => g.id === id)?.name ?? '—';
  const toggle = (id: number, on: boolean) =>
    setChosen((s) => {
      const n = new Set(s);
      if (on) n.add(id);
      else n.delete(id);
      return n;
    });
  const ids = () => candidates.map((c) => c.applicant.meetingApplicantId).filter((id) => chosen().has(id));
  return (
    <Dialog
      open
      wide
      title={t('chair.launch')}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" class="primary" disabled={ids().length === 0 || props.pending || liveStatus() !== 'online'} onClick={() => void props.onLaunch(ids())} data-testid="launch-confirm">
            {t('liveLaunch.launch', { n: ids().length })}
          </button>
        </>
      }
    >
      <div data-testid="launch-dialog">
        <p>{props.allGroupsReady ? t('chair.launchConfirm') : t('chair.launchNotAllReady')}</p>
        <Show when={candidates.length} fallback={<p class="hint-line">{t('liveLaunch.none')}</p>}>
          <div class="toolbar">
            <button type="button" class="small" onClick={() => setChosen(new Set(candidates.filter((c) => !c.blocked).map((c) => c.applicant.meetingApplicantId)))} data-testid="launch-all">
              {t('liveLaunch.all')}
            </button>
            <button type="button" class="small" onClick={() => setChosen(new Set<number>())} data-testid="launch-none">
              {t('liveLaunch.clear')}
            </button>
            <span class="muted small">{t('liveLaunch.chosen', { n: ids().length, total: candidates.length })}</span>
          </div>
          <div class="table-wrap">
            <table class="data-table pick-table">
              <thead>
                <tr>
                  <th>{t('liveLaunch.vote')}</th>
                  <th>{t('live.code')}</th>
                  <Show when={!hideNames}>
                    <th>{t('live.name')}</th>
                  </Show>
                  <th>{t('live.group')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={candidates}>
                  {(c) => (
                    <tr data-applicant={c.applicant.meetingApplicantId} classList={{ recused: !!c.blocked }}>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={t('liveBatch.selectOne', { code: c.applicant.blindCode })}
                          disabled={!!c.blocked}
                          checked={chosen().has(c.applicant.meetingApplicantId)}
                          onChange={(e) => toggle(c.applicant.meetingApplicantId, e.currentTarget.checked)}
                        />
                      </td>
                      <td class="mono">{c.applicant.blindCode}</td>
                      <Show when={!hideNames}>
                        <td>{c.applicant.name ?? '—'}</td>
                      </Show>
                      <td>
                        {groupName(c.applicant.groupId)}
                        <Show when={c.blocked}>
                          <div class="field-error">{t('liveLaunch.groupVoteMissing')}</div>
                        </Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        </Show>
      </div>
    </Dialog>
  );
}
