import { For, Index, Show, createEffect, createSignal, on } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { FormError, TextAreaField } from '../../../components/Field';
import { t } from '../../../i18n';
import { useRunner } from '../../../lib/useRunner';
import { confirmAction } from '../../../stores/confirm';
import { toast } from '../../../stores/toasts';
import { approveStandard, saveStandard, submitStandard } from '../../../stores/setup';
import type { Criterion, MeetingDetail } from '../../../api/setup';
import { StatusBadge } from '../common';

interface Row {
  key: string;
  name: string;
  weight: string;
  max: string;
}
const toRows = (c: readonly Criterion[]): Row[] => c.map((x) => ({ key: x.key, name: x.name, weight: String(x.weight), max: String(x.max) }));
const DEFAULT: Row[] = [
  { key: 'ethics', name: '职业道德', weight: '20', max: '20' },
  { key: 'ability', name: '专业能力', weight: '40', max: '40' },
  { key: 'results', name: '业绩成果', weight: '40', max: '40' },
];

/** The weights as the server will add them: whole numbers (anything else counts as 0 here). */
export const weightSum = (rows: readonly { weight: string | number }[]) => rows.reduce((s, r) => s + (Number.isInteger(Number(r.weight)) ? Number(r.weight) : 0), 0);

/**
 * 设置评分标准 (seed 000 (7)): criteria with a weight each (adding up to 100, shown live) and a maximum
 * score; submitted, approved by the unit's leader, then confirmed by the chair (主任) on their own
 * screen. Once submitted it no longer changes unless returned.
 */
export function StandardTab(props: { m: MeetingDetail }) {
  const m = () => props.m;
  const editable = () => m().can.includes('meeting:setup') && (m().standardStatus === 'draft' || m().standardStatus === 'returned');
  const [rows, setRows] = createStore<Row[]>(m().standard.length ? toRows(m().standard) : DEFAULT.map((r) => ({ ...r })));
  let dirty = false;
  createEffect(
    on(
      () => m().standard,
      (s) => {
        if (!dirty && s.length) setRows(reconcile(toRows(s)));
      },
      { defer: true },
    ),
  );
  const [opinion, setOpinion] = createSignal('');
  const save = useRunner(saveStandard);
  const submit = useRunner(submitStandard);
  const approve = useRunner(approveStandard);
  const sum = () => weightSum(rows);
  const nextKey = () => {
    let i = rows.length + 1;
    while (rows.some((r) => r.key === `c${i}`)) i++;
    return `c${i}`;
  };
  const criteria = (): Criterion[] => rows.map((r) => ({ key: r.key, name: r.name.trim(), weight: Number(r.weight), max: Number(r.max) }));
  const change = (i: number, field: keyof Row, v: string) => {
    dirty = true;
    setRows(i, field, v);
  };

  const doSave = async () => {
    const res = await save.run(m().id, criteria());
    if (res.ok) {
      dirty = false;
      toast.success(t('common.saved'));
    }
    return res.ok;
  };
  const doSubmit = async () => {
    if (!(await doSave())) return;
    if (!(await confirmAction({ title: t('setup.standard.submit'), message: t('setup.standard.submitConfirm') }))) return;
    const res = await submit.run(m().id);
    res.ok ? toast.success(t('setup.standard.submitted')) : toast.failure(res.error);
  };
  const doApprove = async (yes: boolean) => {
    const res = await approve.run(m().id, yes, opinion().trim() || undefined);
    if (res.ok) toast.success(yes ? t('setup.standard.approvedToast') : t('setup.standard.returnedToast'));
  };
  /** The server's complaint about one cell (`body.criteria.2.max`), or about the whole list. */
  const cellError = (i: number, field: string) => save.fields()[`criteria.${i}.${field}`];
  const listError = () => save.fields().criteria ?? submit.fields().criteria;

  return (
    <section class="card standard-tab" data-testid="standard-tab">
      <header class="card-head">
        <h2>{t('setup.standard.title')}</h2>
        <StatusBadge family="standardStatus" status={m().standardStatus} />
      </header>
      <p class="hint">{t('setup.standard.flow')}</p>
      <Show
        when={editable()}
        fallback={
          <>
            <StandardTable criteria={m().standard} />
            <Show when={m().standardStatus === 'confirmed'}>
              <p class="notice ok">{t('setup.standard.confirmedNote')}</p>
            </Show>
            <Show when={m().standardStatus === 'approved'}>
              <p class="notice info" data-testid="awaiting-chair">
                {t('setup.standard.awaitingChair')}
              </p>
            </Show>
          </>
        }
      >
        <div class="table-wrap">
          <table class="data-table criteria-table" data-testid="criteria-editor">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('setup.standard.name')}</th>
                <th>{t('setup.standard.weight')}</th>
                <th>{t('setup.standard.max')}</th>
                <th>{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              <Index each={rows}>
                {(r, i) => (
                  <tr data-testid="criterion-row">
                    <td data-label="#" class="idx">{i + 1}</td>
                    <td data-label={t('setup.standard.name')} class="primary">
                      <input value={r().name} maxLength={100} onInput={(e) => change(i, 'name', e.currentTarget.value)} aria-label={t('setup.standard.name')} data-testid="criterion-name" />
                      <Show when={cellError(i, 'name') ?? cellError(i, 'key')}>
                        <div class="field-error">{cellError(i, 'name') ?? cellError(i, 'key')}</div>
                      </Show>
                    </td>
                    <td data-label={t('setup.standard.weight')}>
                      <input type="number" min="0" max="100" step="1" class="num" value={r().weight} onInput={(e) => change(i, 'weight', e.currentTarget.value)} aria-label={t('setup.standard.weight')} data-testid="criterion-weight" />
                      <Show when={cellError(i, 'weight')}>
                        <div class="field-error">{cellError(i, 'weight')}</div>
                      </Show>
                    </td>
                    <td data-label={t('setup.standard.max')}>
                      <input type="number" min="0" max="1000" class="num" value={r().max} onInput={(e) => change(i, 'max', e.currentTarget.value)} aria-label={t('setup.standard.max')} data-testid="criterion-max" />
                      <Show when={cellError(i, 'max')}>
                        <div class="field-error">{cellError(i, 'max')}</div>
                      </Show>
                    </td>
                    <td data-label={t('common.actions')}>
                      <button type="button" class="small" onClick={() => ((dirty = true), setRows((list) => list.filter((_, j) => j !== i)))} disabled={rows.length <= 1}>
                        {t('setup.remove')}
                      </button>
                    </td>
                  </tr>
                )}
              </Index>
            </tbody>
            <tfoot>
              <tr>
                <td colSpan={2} class="sum-label">
                  {t('setup.standard.sum')}
                </td>
                <td colSpan={3}>
                  <strong classList={{ 'bad-text': sum() !== 100, 'ok-text': sum() === 100 }} data-testid="weight-sum">
                    {sum()} / 100
                  </strong>
                  <Show when={sum() !== 100}>
                    <span class="bad-text small"> {sum() < 100 ? t('setup.standard.sumOff', { n: 100 - sum() }) : t('setup.standard.sumOver', { n: sum() - 100 })}</span>
                  </Show>
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
        <Show when={listError()}>
          <div class="form-error" role="alert" data-testid="standard-error">
            {listError()}
          </div>
        </Show>
        <FormError message={listError() ? null : (save.formMessage() ?? submit.formMessage())} />
        <div class="actions-row">
          <button type="button" class="link-btn" onClick={() => ((dirty = true), setRows(rows.length, { key: nextKey(), name: '', weight: '0', max: '10' }))} data-testid="add-criterion">
            {t('setup.standard.add')}
          </button>
          <button type="button" onClick={doSave} disabled={save.pending()} data-testid="standard-save">
            {t('common.save')}
          </button>
          <button type="button" class="primary" onClick={doSubmit} disabled={save.pending() || submit.pending()} data-testid="standard-submit">
            {t('setup.standard.submit')}
          </button>
        </div>
      </Show>
      <Show when={m().can.includes('standard:approve')}>
        <div class="review-box" data-testid="standard-review">
          <h3>{t('setup.standard.leaderReview')}</h3>
          <TextAreaField label={t('setup.opinion')} value={opinion()} onValue={setOpinion} rows={2} maxLength={500} error={approve.fields().opinion} />
          <FormError message={approve.formMessage()} />
          <div class="actions-row">
            <button type="button" class="danger" disabled={approve.pending() || !opinion().trim()} onClick={() => doApprove(false)}>
              {t('setup.return')}
            </button>
            <button type="button" class="primary" disabled={approve.pending()} onClick={() => doApprove(true)} data-testid="standard-approve">
              {t('setup.approve')}
            </button>
          </div>
        </div>
      </Show>
    </section>
  );
}

/** The standard as it stands, read-only (also the chair's confirm screen). */
export function StandardTable(props: { criteria: readonly Criterion[] }) {
  return (
    <div class="table-wrap">
      <table class="data-table criteria-table" data-testid="criteria">
        <thead>
          <tr>
            <th>#</th>
            <th>{t('setup.standard.name')}</th>
            <th>{t('setup.standard.weight')}</th>
            <th>{t('setup.standard.max')}</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.criteria} fallback={<tr class="empty"><td colSpan={4}>{t('setup.standard.none')}</td></tr>}>
            {(c, i) => (
              <tr data-testid="criterion">
                <td data-label="#" class="idx">{i() + 1}</td>
                <td data-label={t('setup.standard.name')} class="primary">
                  {c.name}
                </td>
                <td data-label={t('setup.standard.weight')}>{c.weight}</td>
                <td data-label={t('setup.standard.max')}>{c.max}</td>
              </tr>
            )}
          </For>
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={2} class="sum-label">
              {t('setup.standard.sum')}
            </td>
            <td colSpan={2}>
              <strong>{weightSum(props.criteria)}</strong>
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
