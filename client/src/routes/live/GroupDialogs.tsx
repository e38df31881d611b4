import { For, Show, createSignal } from 'solid-js';
import { createStore } from 'solid-js/store';
import { Dialog } from '../../components/Dialog';
import { FormError } from '../../components/Field';
import { messageOf, t, tx } from '../../i18n';
import { liveStatus } from '../../realtime';
import { useRunner } from '../../lib/useRunner';
import { toast } from '../../stores/toasts';
import { distribute, reopenReview } from '../../stores/live';
import type { LiveApplicant, Snapshot } from '../../api/live';

/**
 * 分发材料: pick at least two reviewers of the group and exactly one main reviewer. Experts who
 * must recuse from this applicant cannot be picked, and say why.
 */
export function DistributeDialog(props: { snap: Snapshot; groupId: number; applicant: LiveApplicant; onClose: () => void }) {
  const experts = () => props.snap.groups.find((g) => g.id === props.groupId)?.experts ?? [];
  const recusal = (meId: number) => props.snap.recusals.find((r) => r.meetingApplicantId === props.applicant.meetingApplicantId && r.meetingExpertId === meId);
  const current = props.snap.assignments.filter((x) => x.meetingApplicantId === props.applicant.meetingApplicantId);
  const [picked, setPicked] = createStore<Record<number, boolean>>(Object.fromEntries(current.map((x) => [x.meetingExpertId, true])));
  const [main, setMain] = createSignal<number | null>(current.find((x) => x.role === 'main')?.meetingExpertId ?? null);
  const run = useRunner(distribute);
  /** What each expert already has in this group (other materials), to keep the load even. */
  const load = (meId: number) => {
    const mine = props.snap.assignments.filter(
      (x) => x.meetingExpertId === meId && x.meetingApplicantId !== props.applicant.meetingApplicantId && props.snap.applicants.some((a) => a.meetingApplicantId === x.meetingApplicantId && a.groupId === props.groupId),
    );
    return { n: mine.length, main: mine.filter((x) => x.role === 'main').length };
  };
  const chosen = () => experts().filter((e) => picked[e.meetingExpertId]).map((e) => e.meetingExpertId);
  const problem = () => (chosen().length < 2 ? t('group.needTwo') : main() === null || !chosen().includes(main()!) ? t('group.needMain') : null);

  async function save() {
    const reviewers = chosen().map((id) => ({ meetingExpertId: id, role: id === main() ? ('main' as const) : ('secondary' as const) }));
    const r = await run.run(props.groupId, [{ meetingApplicantId: props.applicant.meetingApplicantId, reviewers }]);
    if (r.ok) {
      toast.success(t('group.distributed', { code: props.applicant.blindCode }));
      props.onClose();
    }
  }
  const detailText = () => {
    const e = run.error() as { details?: { path: string; message: string; code?: string }[] } | null;
    return (e?.details ?? []).map((d) => tx(`group.problem.${d.code ?? d.message}`, d.message)).join('；');
  };

  return (
    <Dialog
      open
      title={t('group.distributeTitle', { code: props.applicant.blindCode })}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" class="primary" disabled={!!problem() || run.pending() || liveStatus() !== 'online'} onClick={() => void save()} data-testid="distribute-save">
            {t('common.save')}
          </button>
        </>
      }
    >
      <div data-testid="distribute-dialog">
        <p class="muted small">{t('group.distributeHelp')}</p>
        <table class="data-table pick-table">
          <thead>
            <tr>
              <th>{t('group.reviewer')}</th>
              <th>{t('group.takesPart')}</th>
              <th>{t('review.role.main')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={experts()}>
              {(e) => {
                const r = () => recusal(e.meetingExpertId);
                return (
                  <tr classList={{ recused: !!r() }} data-expert={e.meetingExpertId}>
                    <td>
                      {e.name}
                      <span class="muted small"> {t('group.load', load(e.meetingExpertId))}</span>
                      <Show when={r()}>
                        <div class="field-error">{t('group.recused', { reason: r()!.reason ? tx(`live.recusal.${r()!.reason}`) : t('live.recusal.unspecified') })}</div>
                      </Show>
                    </td>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={t('group.takesPart')}
                        disabled={!!r()}
                        checked={!!picked[e.meetingExpertId]}
                        onChange={(ev) => {
                          setPicked(e.meetingExpertId, ev.currentTarget.checked);
                          if (!ev.currentTarget.checked && main() === e.meetingExpertId) setMain(null);
                        }}
                      />
                    </td>
                    <td>
                      <input
                        type="radio"
                        name="main-reviewer"
                        aria-label={t('review.role.main')}
                        disabled={!!r()}
                        checked={main() === e.meetingExpertId}
                        onChange={() => {
                          setMain(e.meetingExpertId);
                          setPicked(e.meetingExpertId, true);
                        }}
                      />
                    </td>
                  </tr>
                );
              }}
            </For>
          </tbody>
        </table>
        <Show when={problem()}>
          <p class="hint-line">{problem()}</p>
        </Show>
        <FormError message={run.error() ? `${messageOf(run.error())}${detailText() ? ` ${detailText()}` : ''}` : null} />
      </div>
    </Dialog>
  );
}

/**
 * 批量分发: the same reviewers (at least two, exactly one main) for every selected material, in one
 * all-or-nothing request. An expert who must recuse from any of them cannot be picked and says from
 * which; the leader deselects those materials or gives them out one by one.
 */
export function BatchDistributeDialog(props: { snap: Snapshot; groupId: number; applicants: LiveApplicant[]; onClose: (done: boolean) => void }) {
  const experts = () => props.snap.groups.find((g) => g.id === props.groupId)?.experts ?? [];
  const ids = new Set(props.applicants.map((a) => a.meetingApplicantId));
  const recusedFrom = (meId: number) =>
    props.snap.recusals
      .filter((r) => r.meetingExpertId === meId && ids.has(r.meetingApplicantId))
      .map((r) => props.applicants.find((a) => a.meetingApplicantId === r.meetingApplicantId)!.blindCode);
  const [picked, setPicked] = createStore<Record<number, boolean>>({});
  const [main, setMain] = createSignal<number | null>(null);
  const run = useRunner(distribute);
  const replaces = () => props.applicants.filter((a) => props.snap.assignments.some((x) => x.meetingApplicantId === a.meetingApplicantId)).length;
  const chosen = () => experts().filter((e) => picked[e.meetingExpertId]).map((e) => e.meetingExpertId);
  const problem = () => (chosen().length < 2 ? t('group.needTwo') : main() === null || !chosen().includes(main()!) ? t('group.needMain') : null);
  const codes = () => props.applicants.map((a) => a.blindCode).join('、');

  async function save() {
    const reviewers = chosen().map((id) => ({ meetingExpertId: id, role: id === main() ? ('main' as const) : ('secondary' as const) }));
    const r = await run.run(
      props.groupId,
      props.applicants.map((a) => ({ meetingApplicantId: a.meetingApplicantId, reviewers })),
    );
    if (r.ok) {
      toast.success(t('liveBatch.distributed', { n: props.applicants.length }));
      props.onClose(true);
    }
  }
  const detailText = () => {
    const e = run.error() as { details?: { path: string; message: string; code?: string }[] } | null;
    return (e?.details ?? []).map((d) => `${d.path.replace(/^items\./, '')} ${tx(`group.problem.${d.code ?? d.message}`, d.message)}`).join('；');
  };

  return (
    <Dialog
      open
      wide
      title={t('liveBatch.title', { n: props.applicants.length })}
      onClose={() => props.onClose(false)}
      footer={
        <>
          <button type="button" onClick={() => props.onClose(false)}>
            {t('common.cancel')}
          </button>
          <button type="button" class="primary" disabled={!!problem() || run.pending() || liveStatus() !== 'online'} onClick={() => void save()} data-testid="batch-save">
            {t('liveBatch.save', { n: props.applicants.length })}
          </button>
        </>
      }
    >
      <div data-testid="batch-dialog">
        <p class="muted small">{t('liveBatch.help', { codes: codes() })}</p>
        <Show when={replaces()}>
          <p class="hint-line">{t('liveBatch.replaces', { n: replaces() })}</p>
        </Show>
        <table class="data-table pick-table">
          <thead>
            <tr>
              <th>{t('group.reviewer')}</th>
              <th>{t('group.takesPart')}</th>
              <th>{t('review.role.main')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={experts()}>
              {(e) => {
                const blocked = () => recusedFrom(e.meetingExpertId);
                return (
                  <tr classList={{ recused: blocked().length > 0 }} data-expert={e.meetingExpertId}>
                    <td>
                      {e.name}
                      <Show when={blocked().length}>
                        <div class="field-error">{t('liveBatch.recusedFrom', { codes: blocked().join('、') })}</div>
                      </Show>
                    </td>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={t('group.takesPart')}
                        disabled={blocked().length > 0}
                        checked={!!picked[e.meetingExpertId]}
                        onChange={(ev) => {
                          setPicked(e.meetingExpertId, ev.currentTarget.checked);
                          if (!ev.currentTarget.checked && main() === e.meetingExpertId) setMain(null);
                        }}
                      />
                    </td>
                    <td>
                      <input
                        type="radio"
                        name="batch-main-reviewer"
                        aria-label={t('review.role.main')}
                        disabled={blocked().length > 0}
                        checked={main() === e.meetingExpertId}
                        onChange={() => {
                          setMain(e.meetingExpertId);
                          setPicked(e.meetingExpertId, true);
                        }}
                      />
                    </td>
                  </tr>
                );
              }}
            </For>
          </tbody>
        </table>
        <Show when={problem()}>
          <p class="hint-line">{problem()}</p>
        </Show>
        <FormError message={run.error() ? `${messageOf(run.error())}${detailText() ? ` ${detailText()}` : ''}` : null} />
      </div>
    </Dialog>
  );
}

export function ReopenDialog(props: { applicant: LiveApplicant; onClose: () => void }) {
  const [reason, setReason] = createSignal('');
  const run = useRunner(reopenReview);
  async function save() {
    const r = await run.run(props.applicant.meetingApplicantId, reason().trim());
    if (r.ok) {
      toast.success(t('group.reopened', { code: props.applicant.blindCode }));
      props.onClose();
    }
  }
  return (
    <Dialog
      open
      title={t('group.reopenTitle', { code: props.applicant.blindCode })}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" class="primary" disabled={reason().trim().length < 2 || run.pending() || liveStatus() !== 'online'} onClick={() => void save()}>
            {t('group.reopen')}
          </button>
        </>
      }
    >
      <div class="field">
        <label for="reopen-reason">{t('group.reopenReason')}</label>
        <textarea id="reopen-reason" rows={3} maxLength={500} value={reason()} onInput={(e) => setReason(e.currentTarget.value)} />
      </div>
      <FormError message={run.formMessage() ?? Object.values(run.fields())[0] ?? null} />
    </Dialog>
  );
}
