import { For, Match, Show, Switch, createMemo, createSignal, on } from 'solid-js';
import { createStore, unwrap } from 'solid-js/store';
import { Badge } from '../../components/Badge';
import { FormError } from '../../components/Field';
import { fieldErrors, lang, messageOf, t, tx } from '../../i18n';
import { liveStatus } from '../../realtime';
import { totalScore } from '../../lib/rules';
import { confirmAction } from '../../stores/confirm';
import { toast } from '../../stores/toasts';
import { badScores, draftStatus, editDraft, emptyValues, finishReview, saveNow, unsentDraft, type DraftMeta, type DraftValues } from '../../stores/reviewDrafts';
import type { LiveAssignment, Snapshot } from '../../api/live';
import type { SharedOpinion } from '../../stores/opinionDocs';
import type { CollabField } from '../../../../realtime/collab/names';
import { SharedOpinionField, mainFinished, sharedFieldsOf, useOpinionOf } from './SharedOpinion';

let uid = 0;

const formatTime = (ms: number) => new Date(ms).toLocaleTimeString(lang() === 'en' ? 'en-GB' : 'zh-CN', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

function fromServer(a: LiveAssignment): DraftValues {
  const v = emptyValues();
  for (const [k, n] of Object.entries(a.scores ?? {})) v.scores[k] = String(n);
  const o = a.opinions ?? {};
  v.academic = o.academic ?? '';
  v.defenseQuestions = o.defenseQuestions ?? '';
  v.defenseEvaluation = o.defenseEvaluation ?? '';
  v.defenseScore = o.defenseScore === undefined ? '' : String(o.defenseScore);
  v.overall = o.overall ?? '';
  v.verdict = a.verdict;
  v.verdictReason = a.verdictReason ?? '';
  return v;
}

/**
 * 评审表: the main reviewer scores every criterion of the confirmed standard (weight and maximum
 * shown, the weighted total live) and writes the opinions of DESIGN §9 (with the defense fields when
 * the meeting has a defense); a secondary reads the main's final score and opinions, writes an
 * overall opinion and confirms or disputes (with a reason). Every keystroke is kept locally and
 * saved shortly after; 完成评审 makes it final and needs the connection.
 */
export function ReviewForm(props: { snap: Snapshot; assignment: LiveAssignment }) {
  const a = props.assignment;
  const id = a.assignmentId;
  const criteria = () => props.snap.meeting.standard;
  const defense = () => props.snap.meeting.options.defense;
  const group = () => props.snap.groups.find((g) => g.id === props.snap.applicants.find((x) => x.meetingApplicantId === a.meetingApplicantId)?.groupId);
  const open = () => group()?.stage === 'reviewing' && a.state !== 'final';
  // 共同意见: the fields this meeting writes together come from their shared documents.
  const shared = sharedFieldsOf(props.snap).filter((f) => defense() || (f !== 'defenseQuestions' && f !== 'defenseEvaluation'));
  // Opened again when the review opens or closes: the server decides a connection's right when it connects.
  const opinions = createMemo(
    on(open, (write): Partial<Record<CollabField, SharedOpinion>> => Object.fromEntries(shared.map((f) => [f, useOpinionOf(props.snap, a.meetingApplicantId, f, write)]))),
  );
  const frozen = () => mainFinished(props.snap, a.meetingApplicantId);
  const meta = (): DraftMeta => ({ role: a.role, defense: defense(), maxima: Object.fromEntries(criteria().map((c) => [c.key, c.max])), shared });
  const unsynced = () => a.role === 'main' && shared.some((f) => opinions()[f]!.state().status !== 'synced');

  const local = unsentDraft(id);
  const [values, setValues] = createStore<DraftValues>(local ?? fromServer(a));
  const [error, setError] = createSignal<unknown>(null);
  const [localError, setLocalError] = createSignal<string | null>(null);
  const [finishing, setFinishing] = createSignal(false);
  const f = `rv${++uid}`;

  const change = (fn: () => void) => {
    fn();
    editDraft(id, unwrap(values), meta());
  };
  const bad = createMemo(() => new Set(badScores(values, meta())));
  const total = createMemo(() => {
    const scores: Record<string, number> = {};
    for (const c of criteria()) {
      const v = values.scores[c.key];
      if (v !== undefined && v.trim() !== '' && !bad().has(c.key)) scores[c.key] = Number(v);
    }
    return totalScore(criteria(), scores);
  });
  const scored = () => criteria().filter((c) => (values.scores[c.key] ?? '').trim() !== '' && !bad().has(c.key)).length;
  const main = createMemo(() => props.snap.assignments.find((x) => x.meetingApplicantId === a.meetingApplicantId && x.role === 'main'));
  const errors = () => fieldErrors(error());
  const errorFor = (field: string) => errors()[field];
  const formMessage = () => localError() ?? (error() && Object.keys(errors()).length === 0 ? messageOf(error()) : null);
  const status = () => draftStatus[id];

  async function saveDraft() {
    editDraft(id, unwrap(values), meta());
    await saveNow(id);
    const s = draftStatus[id];
    if (s?.state === 'error') setError(s.error);
    else setError(null);
  }

  async function finish() {
    const ok = await confirmAction({ title: t('review.finishTitle'), message: t('review.finishMessage'), confirmLabel: t('review.finish') });
    if (!ok) return;
    setFinishing(true);
    setError(null);
    setLocalError(null);
    try {
      // The freeze takes what the server has: make sure my last keystrokes are there.
      if (a.role === 'main') {
        const stored = await Promise.all(shared.map((f) => opinions()[f]!.flush(5000)));
        if (stored.includes(false)) {
          setLocalError(t('opinion.notSynced'));
          return;
        }
      }
      await finishReview(id, unwrap(values), meta());
      toast.success(t('review.finished'));
    } catch (e) {
      setError(e);
    } finally {
      setFinishing(false);
    }
  }

  /** A shared field is the document everyone of the material writes; any other is my own text. */
  function opinionField(field: CollabField, fieldId: string, label: string) {
    if (shared.includes(field)) {
      return (
        <Show when={opinions()[field]} keyed>
          {(opinion) => (
            // "Required" is answered as soon as anyone has written something.
            <SharedOpinionField opinion={opinion} label={label} editable={open()} frozen={frozen()} error={(opinion.version(), opinion.text().trim()) ? undefined : errorFor(`opinions.${field}`)} />
          )}
        </Show>
      );
    }
    const key = field as 'academic' | 'overall' | 'defenseQuestions' | 'defenseEvaluation';
    return <TextArea id={fieldId} label={label} value={values[key]} error={errorFor(`opinions.${field}`)} onValue={(v) => change(() => setValues(key, v))} name={field} />;
  }

  return (
    <form class="review-form" data-testid="review-form" data-assignment={id} data-role={a.role} onSubmit={(e) => e.preventDefault()}>
      <Show when={!open() && a.state !== 'final'}>
        <div class="notice info">{group()?.stage === 'setup' || group()?.stage === 'distributing' ? t('review.notStarted') : t('review.closed')}</div>
      </Show>
      <fieldset disabled={!open()}>
        <Show when={a.role === 'main'}>
          <h3>{t('review.scores')}</h3>
          <div class="table-wrap">
            <table class="data-table score-table">
              <thead>
                <tr>
                  <th>{t('review.criterion')}</th>
                  <th class="num">{t('review.weight')}</th>
                  <th class="num">{t('review.max')}</th>
                  <th class="num">{t('review.score')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={criteria()}>
                  {(c) => (
                    <tr>
                      <td data-label={t('review.criterion')}>
                        <label for={`${f}-${c.key}`}>{c.name}</label>
                      </td>
                      <td class="num" data-label={t('review.weight')}>
                        {c.weight}%
                      </td>
                      <td class="num" data-label={t('review.max')}>
                        {c.max}
                      </td>
                      <td class="num" data-label={t('review.score')}>
                        <input
                          id={`${f}-${c.key}`}
                          name={`score-${c.key}`}
                          class="score-input"
                          type="number"
                          inputmode="decimal"
                          min="0"
                          max={c.max}
                          step="0.5"
                          value={values.scores[c.key] ?? ''}
                          aria-invalid={bad().has(c.key) || !!errorFor(`scores.${c.key}`) ? 'true' : undefined}
                          onInput={(e) => change(() => setValues('scores', c.key, e.currentTarget.value))}
                        />
                        <Show when={bad().has(c.key) || errorFor(`scores.${c.key}`)}>
                          <div class="field-error">{bad().has(c.key) ? t('review.outOfRange', { max: c.max }) : errorFor(`scores.${c.key}`)}</div>
                        </Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
              <tfoot>
                <tr>
                  <td colSpan={3}>
                    {t('review.total')} <span class="muted small">{t('review.scoredOf', { n: scored(), total: criteria().length })}</span>
                  </td>
                  <td class="num total" data-testid="live-total">
                    {total().toFixed(2)}
                  </td>
                </tr>
              </tfoot>
            </table>
          </div>
          {opinionField('academic', `${f}-academic`, t('review.academic'))}
          <Show when={defense()}>
            {opinionField('defenseQuestions', `${f}-dq`, t('review.defenseQuestions'))}
            {opinionField('defenseEvaluation', `${f}-de`, t('review.defenseEvaluation'))}
            <div class="field" classList={{ 'has-error': !!errorFor('opinions.defenseScore') }}>
              <label for={`${f}-ds`}>{t('review.defenseScore')}</label>
              <input id={`${f}-ds`} name="defenseScore" class="score-input" type="number" inputmode="decimal" min="0" max="100" step="0.5" value={values.defenseScore} onInput={(e) => change(() => setValues('defenseScore', e.currentTarget.value))} />
              <Show when={errorFor('opinions.defenseScore')}>
                <div class="field-error">{errorFor('opinions.defenseScore')}</div>
              </Show>
            </div>
          </Show>
        </Show>

        <Show when={a.role === 'secondary'}>
          <h3>{t('review.mainScore')}</h3>
          <Show when={main()?.state === 'final'} fallback={<p class="notice info">{t('review.mainPending')}</p>}>
            <MainSummary snap={props.snap} main={main()!} skip={shared} />
          </Show>
          <For each={shared.filter((x) => x !== 'overall')}>{(x) => opinionField(x, `${f}-${x}`, tx(`review.${x}`))}</For>
        </Show>

        {opinionField('overall', `${f}-overall`, t('review.overall'))}

        <Show when={a.role === 'secondary'}>
          <div class="field" classList={{ 'has-error': !!errorFor('verdict') }}>
            <span class="label">{t('review.verdict')}</span>
            <div class="verdict" role="radiogroup">
              <label class="check">
                <input type="radio" name={`${f}-verdict`} value="confirm" checked={values.verdict === 'confirm'} onChange={() => change(() => setValues('verdict', 'confirm'))} />
                {t('review.confirm')}
              </label>
              <label class="check">
                <input type="radio" name={`${f}-verdict`} value="dispute" checked={values.verdict === 'dispute'} onChange={() => change(() => setValues('verdict', 'dispute'))} />
                {t('review.dispute')}
              </label>
            </div>
            <Show when={errorFor('verdict')}>
              <div class="field-error">{errorFor('verdict')}</div>
            </Show>
          </div>
          <Show when={values.verdict === 'dispute'}>
            <TextArea id={`${f}-reason`} label={t('review.disputeReason')} value={values.verdictReason} error={errorFor('verdictReason')} onValue={(v) => change(() => setValues('verdictReason', v))} name="verdictReason" rows={2} />
          </Show>
        </Show>
      </fieldset>

      <FormError message={formMessage()} />
      <Show when={open()}>
        <div class="review-foot">
          <span class="save-state" data-testid="save-state" data-state={status()?.state ?? 'idle'}>
            <Switch>
              <Match when={status()?.state === 'local'}>{t('review.state.local')}</Match>
              <Match when={status()?.state === 'saving'}>{t('review.state.saving')}</Match>
              <Match when={status()?.state === 'saved'}>{t('review.state.saved', { at: formatTime(status()!.at!) })}</Match>
              <Match when={status()?.state === 'unsent'}>{t('review.state.unsent')}</Match>
              <Match when={status()?.state === 'error'}>{t('review.state.error')}</Match>
            </Switch>
          </span>
          <button type="button" onClick={() => void saveDraft()} data-testid="save-draft">
            {t('review.saveDraft')}
          </button>
          <button
            type="button"
            class="primary"
            disabled={finishing() || liveStatus() !== 'online' || unsynced() || (a.role === 'secondary' && main()?.state !== 'final')}
            title={liveStatus() !== 'online' ? t('live.needsConnection') : unsynced() ? t('opinion.needsSync') : undefined}
            onClick={() => void finish()}
            data-testid="finish-review"
          >
            {t('review.finish')}
          </button>
        </div>
      </Show>
    </form>
  );
}

function TextArea(props: { id: string; label: string; value: string; error?: string; onValue: (v: string) => void; name: string; rows?: number }) {
  return (
    <div class="field" classList={{ 'has-error': !!props.error }}>
      <label for={props.id}>{props.label}</label>
      <textarea id={props.id} name={props.name} rows={props.rows ?? 4} maxLength={5000} value={props.value} aria-invalid={props.error ? 'true' : undefined} onInput={(e) => props.onValue(e.currentTarget.value)} />
      <Show when={props.error}>
        <div class="field-error">{props.error}</div>
      </Show>
    </div>
  );
}

/** The main reviewer's finished review, as the secondaries see it before confirming. */
export function MainSummary(props: { snap: Snapshot; main: LiveAssignment; skip?: string[] }) {
  const name = () => props.snap.experts.find((e) => e.meetingExpertId === props.main.meetingExpertId)?.name ?? '';
  return (
    <div class="main-summary">
      <div class="main-total">
        <span class="muted">{t('review.mainBy', { name: name() })}</span>
        <strong class="total">{props.main.totalScore?.toFixed(2) ?? '—'}</strong>
      </div>
      <ul class="plain-list score-list">
        <For each={props.snap.meeting.standard}>
          {(c) => (
            <li>
              <span>{c.name}</span>
              <span class="mono">
                {props.main.scores?.[c.key] ?? '—'} / {c.max}
              </span>
            </li>
          )}
        </For>
      </ul>
      <Show when={props.main.opinions?.academic && !props.skip?.includes('academic')}>
        <p>
          <span class="muted">{t('review.academic')}{t('live.colon')}</span>
          {props.main.opinions!.academic}
        </p>
      </Show>
      <Show when={props.main.opinions?.overall && !props.skip?.includes('overall')}>
        <p>
          <span class="muted">{t('review.overall')}{t('live.colon')}</span>
          {props.main.opinions!.overall}
        </p>
      </Show>
    </div>
  );
}

/** A finished review, read-only. */
export function ReviewDone(props: { snap: Snapshot; assignment: LiveAssignment }) {
  const a = () => props.assignment;
  const shared = sharedFieldsOf(props.snap).filter((f) => props.snap.meeting.options.defense || (f !== 'defenseQuestions' && f !== 'defenseEvaluation'));
  return (
    <div class="review-done" data-testid="review-done">
      <div class="notice ok">{t('review.doneNote')}</div>
      <Show when={a().role === 'main'}>
        <MainSummary snap={props.snap} main={a()} skip={shared} />
      </Show>
      <Show when={a().role === 'secondary'}>
        <Show when={props.snap.assignments.find((x) => x.meetingApplicantId === a().meetingApplicantId && x.role === 'main' && x.state === 'final')}>
          {(main) => <MainSummary snap={props.snap} main={main()} skip={shared} />}
        </Show>
        <Show when={!shared.includes('overall')}>
          <p>
            <span class="muted">{t('review.overall')}{t('live.colon')}</span>
            {a().opinions?.overall}
          </p>
        </Show>
        <p>
          <span class="muted">{t('review.verdict')}{t('live.colon')}</span>
          <Badge tone={a().verdict === 'dispute' ? 'bad' : 'ok'}>{a().verdict === 'dispute' ? t('review.dispute') : t('review.confirm')}</Badge>
          <Show when={a().verdictReason}> {a().verdictReason}</Show>
        </p>
      </Show>
      {/* The shared opinions as frozen (read-only): the text the record holds. */}
      <For each={shared}>
        {(field) => {
          const opinion = useOpinionOf(props.snap, a().meetingApplicantId, field, false);
          return <SharedOpinionField opinion={opinion} label={tx(`review.${field}`)} editable={false} frozen={mainFinished(props.snap, a().meetingApplicantId)} />;
        }}
      </For>
    </div>
  );
}
