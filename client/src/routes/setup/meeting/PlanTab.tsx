import { For, Show, createEffect, createSignal, on } from 'solid-js';
import { createAsync } from '@solidjs/router';
import { FormError, TextAreaField } from '../../../components/Field';
import { formatDateTime, t, tx } from '../../../i18n';
import { useRunner } from '../../../lib/useRunner';
import { confirmAction } from '../../../stores/confirm';
import { toast } from '../../../stores/toasts';
import { getMeetingLog, reviewPlan, savePlan, submitPlan } from '../../../stores/setup';
import type { MeetingDetail } from '../../../api/setup';
import { StatusBadge, useSpecialties } from '../common';

/**
 * 评审方案 (seed 000 (2)(3), seed 003 §1.13–1.14): written by the unit's staff as a normal or a special
 * plan, checked by the unit's handler (经办人审核), then approved by the office above (a special plan
 * by the province office). Once approved it is frozen: the editor closes and the server refuses a change.
 */
export function PlanTab(props: { m: MeetingDetail }) {
  const m = () => props.m;
  const editable = () => m().can.includes('meeting:setup') && (m().planStatus === 'draft' || m().planStatus === 'returned');
  const [kind, setKind] = createSignal<'normal' | 'special'>(m().planKind);
  const [text, setText] = createSignal(m().planText ?? '');
  const [opinion, setOpinion] = createSignal('');
  // Another user's change (the staff room refetches the meeting) comes into a form that is not being edited.
  let dirty = false;
  createEffect(
    on(
      () => [m().planText, m().planKind] as const,
      ([pt, pk]) => {
        if (dirty) return;
        setText(pt ?? '');
        setKind(pk);
      },
      { defer: true },
    ),
  );
  const save = useRunner(savePlan);
  const submit = useRunner(submitPlan);
  const review = useRunner(reviewPlan);
  const log = createAsync(() => (m().can.includes('meeting:roster') ? getMeetingLog(m().id) : Promise.resolve({ items: [] })));
  const sp = useSpecialties();
  const reviewStep = () => (m().can.includes('plan:handlerReview') ? 'handler' : m().can.includes('plan:officeReview') ? 'office' : null);

  const doSave = async () => {
    const res = await save.run(m().id, { kind: kind(), text: text().trim() });
    if (res.ok) {
      dirty = false;
      toast.success(t('common.saved'));
    }
  };
  const doSubmit = async () => {
    if (dirty) {
      const saved = await save.run(m().id, { kind: kind(), text: text().trim() });
      if (!saved.ok) return;
      dirty = false;
    }
    if (!(await confirmAction({ title: t('setup.plan.submit'), message: t(kind() === 'special' ? 'setup.plan.submitSpecial' : 'setup.plan.submitNormal') }))) return;
    const res = await submit.run(m().id);
    res.ok ? toast.success(t('setup.plan.submitted')) : toast.failure(res.error);
  };
  const doReview = async (approve: boolean) => {
    const res = await review.run(m().id, approve, opinion().trim() || undefined);
    if (res.ok) {
      setOpinion('');
      toast.success(approve ? t('setup.plan.approvedToast') : t('setup.plan.returnedToast'));
    }
  };

  return (
    <div class="plan-tab" data-testid="plan-tab">
      <section class="card">
        <header class="card-head">
          <h2>{t('setup.plan.title')}</h2>
          <StatusBadge family="planStatus" status={m().planStatus} />
        </header>
        <Show when={m().planStatus === 'approved'}>
          <p class="notice ok" data-testid="plan-frozen">
            {t('setup.plan.frozen')}
          </p>
        </Show>
        <Show
          when={editable()}
          fallback={
            <>
              <p class="small muted">{tx(`setup.planKind.${m().planKind}`)}</p>
              <Show when={m().planText} fallback={<p class="muted">{t('setup.plan.empty')}</p>}>
                <div class="quote plan-text" data-testid="plan-text">
                  {m().planText}
                </div>
              </Show>
            </>
          }
        >
          <div class="check-row" role="radiogroup" aria-label={t('setup.plan.kind')}>
            <label class="check">
              <input type="radio" name="planKind" checked={kind() === 'normal'} onChange={() => ((dirty = true), setKind('normal'))} />
              <span>{t('setup.planKind.normal')}</span>
            </label>
            <label class="check">
              <input type="radio" name="planKind" checked={kind() === 'special'} onChange={() => ((dirty = true), setKind('special'))} />
              <span>{t('setup.planKind.special')}</span>
            </label>
          </div>
          <p class="hint">{t('setup.plan.kindHint')}</p>
          <TextAreaField label={t('setup.plan.text')} name="planText" value={text()} onValue={(v) => ((dirty = true), setText(v))} rows={10} maxLength={20000} error={save.fields().text ?? submit.fields().text} />
          <FormError message={save.formMessage() ?? submit.formMessage()} />
          <div class="actions-row">
            <button type="button" onClick={doSave} disabled={save.pending() || !text().trim()} data-testid="plan-save">
              {t('common.save')}
            </button>
            <button type="button" class="primary" onClick={doSubmit} disabled={submit.pending() || !text().trim()} data-testid="plan-submit">
              {t('setup.plan.submit')}
            </button>
          </div>
        </Show>
        <Show when={reviewStep()}>
          {(step) => (
            <div class="review-box" data-testid="plan-review">
              <h3>{step() === 'handler' ? t('setup.plan.handlerReview') : t('setup.plan.officeReview')}</h3>
              <TextAreaField label={t('setup.opinion')} value={opinion()} onValue={setOpinion} rows={2} maxLength={500} error={review.fields().opinion} />
              <FormError message={review.formMessage()} />
              <div class="actions-row">
                <button type="button" class="danger" disabled={review.pending() || !opinion().trim()} onClick={() => doReview(false)}>
                  {t('setup.return')}
                </button>
                <button type="button" class="primary" disabled={review.pending()} onClick={() => doReview(true)} data-testid="plan-approve">
                  {t('setup.approve')}
                </button>
              </div>
            </div>
          )}
        </Show>
      </section>
      <section class="card">
        <h2>{t('setup.plan.context')}</h2>
        <dl class="facts">
          <dt>{t('setup.meeting.committees')}</dt>
          <dd>{m().committees.map((c) => `${c.name}（${c.code}）`).join('、')}</dd>
          <dt>{t('setup.tab.groups')}</dt>
          <dd>
            <Show when={m().groups.length} fallback="—">
              <ul class="plain-list">
                <For each={m().groups}>
                  {(g) => (
                    <li>
                      {g.name}：{sp.list(g.specialties)} · {t('setup.plan.groupLine', { experts: g.experts, size: g.size, applicants: g.applicants })}
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </dd>
        </dl>
      </section>
      <Show when={(log()?.items ?? []).length}>
        <section class="card">
          <h2>{t('setup.log.title')}</h2>
          <ol class="timeline" data-testid="setup-log">
            <For each={log()!.items}>
              {(l) => (
                <li>
                  <span class="muted">{formatDateTime(l.createdAt)}</span> {tx(`setup.log.${l.subject}.${l.action}`, `${l.subject} ${l.action}`)} · {l.actorName}
                  <Show when={l.opinion}>：{l.opinion}</Show>
                </li>
              )}
            </For>
          </ol>
        </section>
      </Show>
    </div>
  );
}
