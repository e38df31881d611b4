import { For, Show, createEffect, createSignal, on, onCleanup, onMount } from 'solid-js';
import { Portal } from 'solid-js/web';
import { createAsync } from '@solidjs/router';
import type { DeclarationDetail, ReviewAction } from '../../api/declarations';
import { FieldFrame, FormError } from '../../components/Field';
import { t, tx } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { actOn, getCommittees, getDeclaration } from '../../stores/declarations';
import { confirmAction } from '../../stores/confirm';
import { toast } from '../../stores/toasts';
import { DeclarationReadOnly } from './ReadOnly';
import { OpinionBox } from './OpinionBox';
import { FlowLog, StatusBadge, positionText, titleLine } from './parts';

export const ACTIONS: ReviewAction[] = ['pass', 'return', 'fail', 'blacklist', 'assign', 'accept', 'refuse', 'terminate', 'recall'];
const NEEDS_OPINION: ReviewAction[] = ['return', 'fail', 'blacklist', 'refuse', 'terminate'];
const DANGER: ReviewAction[] = ['fail', 'blacklist', 'terminate'];

/** The label of an action at a step: 政策性审查 says 审查通过, 材料接收 says 同意接收… */
export const actionLabel = (a: string, step: string | null) => tx(`decl.act.${step}.${a}`, tx(`decl.act.${a}`, a));

/**
 * 审核: the declaration read-only on the left, the opinion box with common opinions and the step's
 * buttons on the right, the flow log under it. A wide panel on a desk, the whole screen on a phone.
 * `notice` says when the item left the queue while it was open (someone else acted).
 */
export function ReviewDrawer(props: { id: number; onClose: () => void; notice?: string | null; onActed?: (id: number) => void }) {
  const detail = createAsync(() => getDeclaration(props.id));
  // Escape closes a confirmation asked from inside first, not the panel under it.
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !document.querySelector('.backdrop')) props.onClose();
  };
  onMount(() => {
    document.addEventListener('keydown', onKey);
    document.body.classList.add('modal-open');
  });
  onCleanup(() => {
    document.removeEventListener('keydown', onKey);
    document.body.classList.remove('modal-open');
  });
  return (
    <Portal>
      <div class="drawer-backdrop" onClick={(e) => e.target === e.currentTarget && props.onClose()}>
        <aside class="review-drawer" role="dialog" aria-modal="true" aria-label={t('decl.reviewTitle')} data-testid="review-drawer">
          <Show when={detail()} fallback={<p class="muted pad">{t('common.loading')}</p>}>
            {(d) => (
              <>
                <header class="drawer-head">
                  <div>
                    <h2>
                      {d().applicant.name} <small class="muted">{d().org?.name}</small>
                    </h2>
                    <div class="decl-meta">
                      <StatusBadge status={d().status} label={d().statusName} />
                      <span class="muted small">{titleLine(d())}</span>
                      <Show when={positionText(d())}>
                        <span class="muted small">{positionText(d())}</span>
                      </Show>
                      <Show when={d().policyResubmit}>
                        <span class="badge warn">{t('decl.policyResubmit')}</span>
                      </Show>
                    </div>
                  </div>
                  <button type="button" class="icon-btn" aria-label={t('app.close')} onClick={() => props.onClose()} data-testid="drawer-close">
                    ×
                  </button>
                </header>
                <Show when={props.notice}>
                  <div class="notice warn" role="status" data-testid="drawer-notice">
                    {props.notice}
                  </div>
                </Show>
                <div class="drawer-body">
                  <div class="drawer-materials">
                    <DeclarationReadOnly decl={d()} showSettings />
                  </div>
                  <div class="drawer-side">
                    <ActionBox decl={d()} onDone={(id) => props.onActed?.(id)} />
                    <section class="card flow-card">
                      <FlowLog declarationId={d().id} entries={d().flow} />
                    </section>
                  </div>
                </div>
              </>
            )}
          </Show>
        </aside>
      </div>
    </Portal>
  );
}

/** The opinion and the buttons the server says this reviewer has (`can`), with 409s explained. */
function ActionBox(props: { decl: DeclarationDetail; onDone: (id: number) => void }) {
  const [opinion, setOpinion] = createSignal('');
  const [years, setYears] = createSignal<1 | 3 | 5>(1);
  const [committeeId, setCommitteeId] = createSignal('');
  const run = useRunner(actOn);
  const actions = () => ACTIONS.filter((a) => props.decl.can.includes(a));
  const committees = createAsync(async () => (props.decl.can.includes('assign') ? getCommittees(props.decl.seriesCode, props.decl.level) : []), { initialValue: [] });
  createEffect(on(() => props.decl.id, () => (setOpinion(''), run.clear())));
  const act = async (a: ReviewAction) => {
    if (DANGER.includes(a) || a === 'recall') {
      const ok = await confirmAction({
        title: actionLabel(a, props.decl.step),
        message: t(a === 'recall' ? 'decl.confirmRecall' : 'decl.confirmDanger', { name: props.decl.applicant.name, action: actionLabel(a, props.decl.step) }),
        danger: a !== 'recall',
        confirmLabel: actionLabel(a, props.decl.step),
      });
      if (!ok) return;
    }
    const res = await run.run(props.decl.id, {
      action: a,
      opinion: opinion().trim() || undefined,
      version: a === 'recall' ? undefined : props.decl.version,
      ...(a === 'blacklist' ? { years: years() } : {}),
      ...(a === 'assign' ? { committeeId: Number(committeeId()) || undefined } : {}),
    });
    if (res.ok) {
      toast.success(t('decl.actedOn', { name: props.decl.applicant.name, action: actionLabel(a, props.decl.step) }));
      setOpinion('');
      props.onDone(props.decl.id);
    }
  };
  return (
    <section class="card action-box" data-testid="action-box">
      <h3>{t('decl.opinionTitle')}</h3>
      <Show when={actions().length} fallback={<p class="muted small">{t('decl.nothingToDo')}</p>}>
        <OpinionBox value={opinion()} onValue={setOpinion} error={run.fields().opinion} />
        <Show when={actions().includes('blacklist')}>
          <FieldFrame id="bl-years" label={t('decl.blacklistYears')} error={run.fields().years}>
            <select id="bl-years" onChange={(e) => setYears(Number(e.currentTarget.value) as 1 | 3 | 5)}>
              <For each={[1, 3, 5]}>
                {(y) => (
                  <option value={y} selected={y === years()}>
                    {t('decl.years', { n: y })}
                  </option>
                )}
              </For>
            </select>
          </FieldFrame>
        </Show>
        <Show when={actions().includes('assign')}>
          <FieldFrame id="assign-committee" label={t('decl.committee')} error={run.fields().committeeId} required>
            <select id="assign-committee" data-testid="committee-select" onChange={(e) => setCommitteeId(e.currentTarget.value)}>
              <option value="">{committees()?.length ? t('decl.chooseCommittee') : t('decl.noCommittee')}</option>
              <For each={committees() ?? []}>
                {(c) => (
                  <option value={c.id} selected={String(c.id) === committeeId()}>
                    {c.name}（{c.ownerOrgName}）
                  </option>
                )}
              </For>
            </select>
          </FieldFrame>
        </Show>
        <FormError message={run.formMessage()} />
        <div class="act-buttons">
          <For each={actions()}>
            {(a) => (
              <button
                type="button"
                class={a === 'pass' || a === 'accept' || a === 'assign' ? 'primary' : DANGER.includes(a) ? 'danger' : ''}
                disabled={run.pending() || (NEEDS_OPINION.includes(a) && !opinion().trim()) || (a === 'assign' && !committeeId())}
                title={NEEDS_OPINION.includes(a) && !opinion().trim() ? t('decl.opinionNeeded') : undefined}
                onClick={() => void act(a)}
                data-action={a}
              >
                {actionLabel(a, props.decl.step)}
              </button>
            )}
          </For>
        </div>
        <Show when={actions().some((a) => NEEDS_OPINION.includes(a))}>
          <p class="muted small">{t('decl.opinionRule')}</p>
        </Show>
      </Show>
    </section>
  );
}
