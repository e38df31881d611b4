import { For, Match, Show, Switch, createMemo, createSignal, onMount } from 'solid-js';
import { createStore, unwrap } from 'solid-js/store';
import { Badge } from '../../components/Badge';
import { Dialog } from '../../components/Dialog';
import { errorText, t } from '../../i18n';
import { liveStatus } from '../../realtime';
import { ballotOutbox, flushBallots, saveChoices, sheetFor, submitSheet } from '../../stores/ballots';
import { applicantLabel } from '../../stores/live';
import type { Choice, LiveRound, Snapshot } from '../../api/live';
import { roundTitle } from './parts';

const CHOICES: Choice[] = ['yes', 'no', 'abstain'];

/**
 * 表决票: yes / no / abstain per applicant, with the batch actions of DESIGN §9 (selected yes, all
 * yes, selected no). Recused applicants are shown as 回避 and cannot be chosen. Submitting asks once
 * more ("提交后不可更改"), then hands the sheet to the outbox, which keeps it until the server has it.
 */
export function BallotSheet(props: { snap: Snapshot; round: LiveRound }) {
  const roundId = props.round.id;
  const stored = sheetFor(roundId);
  const [choices, setChoices] = createStore<Record<string, Choice>>({ ...stored.choices });
  const [selected, setSelected] = createStore<Record<string, boolean>>({});
  const [confirming, setConfirming] = createSignal(false);
  const [submitted, setSubmitted] = createSignal(stored.submitted);
  const online = () => liveStatus() === 'online';

  onMount(() => {
    // Submitted before a reload or a drop and not acknowledged yet: send it again now.
    if (stored.submitted) void flushBallots();
  });

  const votable = createMemo(() => props.round.items.filter((i) => !i.excludedMe));
  const chosen = () => votable().filter((i) => choices[i.meetingApplicantId]).length;
  const complete = () => votable().length > 0 && chosen() === votable().length;
  const counts = () => {
    const c = { yes: 0, no: 0, abstain: 0 };
    for (const i of votable()) {
      const v = choices[i.meetingApplicantId];
      if (v) c[v] += 1;
    }
    return c;
  };
  const selectedIds = () => votable().filter((i) => selected[i.meetingApplicantId]).map((i) => i.meetingApplicantId);
  const outbox = () => ballotOutbox[roundId];
  const locked = () => submitted() && outbox()?.state !== 'refused';

  function choose(ids: number[], choice: Choice) {
    if (locked()) return;
    for (const id of ids) setChoices(String(id), choice);
    saveChoices(roundId, { ...unwrap(choices) });
  }
  const allSelected = () => votable().length > 0 && selectedIds().length === votable().length;
  const toggleAll = (on: boolean) => {
    for (const i of votable()) setSelected(String(i.meetingApplicantId), on);
  };

  async function submit() {
    setConfirming(false);
    setSubmitted(true);
    try {
      await submitSheet(roundId, { ...unwrap(choices) });
    } catch {
      setSubmitted(false); // refused: the reason shows below, the choices stay
    }
  }

  return (
    <div class="ballot" data-testid="ballot-sheet" data-round={roundId}>
      <h3>{t('ballot.title')}</h3>

      <Show when={!locked()}>
        <p class="muted small">{t('ballot.help')}</p>
        <div class="ballot-batch" role="group" aria-label={t('ballot.batch')}>
          <label class="check">
            <input type="checkbox" checked={allSelected()} onChange={(e) => toggleAll(e.currentTarget.checked)} data-testid="select-all" />
            {t('ballot.selectAll')}
          </label>
          <button type="button" disabled={!selectedIds().length} onClick={() => choose(selectedIds(), 'yes')} data-testid="selected-yes">
            {t('ballot.selectedYes')}
          </button>
          <button type="button" disabled={!selectedIds().length} onClick={() => choose(selectedIds(), 'no')} data-testid="selected-no">
            {t('ballot.selectedNo')}
          </button>
          <button type="button" onClick={() => choose(votable().map((i) => i.meetingApplicantId), 'yes')} data-testid="all-yes">
            {t('ballot.allYes')}
          </button>
        </div>
      </Show>

      {/* Once submitted the choices leave the screen: nothing shows how I voted. */}
      <Show when={!locked()}>
      <ul class="ballot-rows">
          <For each={props.round.items}>
            {(item) => {
              const who = () => applicantLabel(props.snap, item.meetingApplicantId, item.blindCode);
              const ap = () => props.snap.applicants.find((a) => a.meetingApplicantId === item.meetingApplicantId);
              const id = String(item.meetingApplicantId);
              return (
                <li class="ballot-row" classList={{ recused: item.excludedMe, chosen: !!choices[id] }} data-applicant={item.meetingApplicantId} data-code={item.blindCode}>
                  <Show when={!item.excludedMe && !locked()} fallback={<span class="ballot-check" />}>
                    <input
                      type="checkbox"
                      class="ballot-check"
                      aria-label={t('ballot.select', { code: who().code })}
                      checked={!!selected[id]}
                      onChange={(e) => setSelected(id, e.currentTarget.checked)}
                    />
                  </Show>
                  <div class="ballot-who">
                    <span class="mono code">{who().code}</span>
                    <Show when={who().name}>
                      <strong class="ballot-name">{who().name}</strong>
                    </Show>
                    <Show when={ap()?.qualification || ap()?.orgName}>
                      <span class="muted small">{[ap()?.orgName, ap()?.qualification].filter(Boolean).join(' · ')}</span>
                    </Show>
                  </div>
                  <Show
                    when={!item.excludedMe}
                    fallback={
                      <Badge tone="muted" title={t('ballot.recusedHint')}>
                        {t('ballot.recused')}
                      </Badge>
                    }
                  >
                    <div class="choice-group" role="radiogroup" aria-label={who().code}>
                      <For each={CHOICES}>
                        {(c) => (
                          <button
                            type="button"
                            role="radio"
                            class={`choice ${c}`}
                            aria-checked={choices[id] === c}
                            disabled={locked()}
                            onClick={() => choose([item.meetingApplicantId], c)}
                            data-choice={c}
                          >
                            {t(`live.${c}`)}
                          </button>
                        )}
                      </For>
                    </div>
                  </Show>
                </li>
              );
            }}
          </For>
        </ul>
      </Show>

      <Switch>
        <Match when={locked() && outbox()?.state === 'queued'}>
          <div class="notice warn" data-testid="ballot-queued">
            {t('ballot.queued')}
          </div>
        </Match>
        <Match when={locked()}>
          <div class="notice info" data-testid="ballot-sending">
            {t('ballot.sending')}
          </div>
        </Match>
        <Match when={true}>
          <Show when={outbox()?.state === 'refused'}>
            <div class="form-error" role="alert" data-testid="ballot-refused">
              {errorText(outbox()!.code ?? 'internal_error')}
            </div>
          </Show>
          <div class="ballot-foot">
            <span class="muted">{t('ballot.progress', { chosen: chosen(), total: votable().length })}</span>
            <button type="button" class="primary big" disabled={!complete()} onClick={() => setConfirming(true)} data-testid="ballot-submit">
              {online() ? t('ballot.submit') : t('ballot.submitOffline')}
            </button>
          </div>
        </Match>
      </Switch>

      <Dialog
        open={confirming()}
        title={t('ballot.confirmTitle')}
        onClose={() => setConfirming(false)}
        footer={
          <>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('ballot.back')}
            </button>
            <button type="button" class="primary" onClick={() => void submit()} data-testid="ballot-confirm">
              {t('ballot.confirm')}
            </button>
          </>
        }
      >
        <div data-testid="ballot-confirm-dialog">
          <p class="ballot-summary">{t('ballot.summary', { ...counts(), recused: props.round.items.length - votable().length })}</p>
          <p class="notice warn">{t('ballot.final')}</p>
          <Show when={!online()}>
            <p class="notice info">{t('ballot.offlineNote')}</p>
          </Show>
        </div>
      </Dialog>
    </div>
  );
}

/** After submitting: that I voted, and nothing that shows how. */
export function VotedNotice(props: { snap: Snapshot; round: LiveRound }) {
  return (
    <div class="voted" data-testid="voted" data-round={props.round.id}>
      <span class="voted-mark" aria-hidden="true">
        ✓
      </span>
      <div>
        <strong>{t('ballot.voted')}</strong>
        <div class="muted small">{t('ballot.votedNote', { round: roundTitle(props.snap, props.round) })}</div>
      </div>
    </div>
  );
}
