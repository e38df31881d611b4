import { For, Index, Show, createEffect, createMemo, createSignal, on } from 'solid-js';
import { createStore, produce } from 'solid-js/store';
import { createAsync } from '@solidjs/router';
import { Badge } from '../../../components/Badge';
import { Dialog } from '../../../components/Dialog';
import { FormError } from '../../../components/Field';
import { formatDateTime, fieldErrors, messageOf, t } from '../../../i18n';
import { isApiError } from '../../../api/error';
import { useRunner } from '../../../lib/useRunner';
import { toast } from '../../../stores/toasts';
import { drawExperts, getPool, getVerification } from '../../../stores/setup';
import { type Draw, type MeetingDetail, type MeetingExpert } from '../../../api/setup';
import { useSpecialties } from '../common';

/* 随机抽取 and its audit: the draw dialog and the check that repeats a recorded draw. */

interface NeedRow {
  key: number;
  groupId: number;
  specialty: string;
  count: string;
}

/** "wanted 9, available 5 (neike)" → the two numbers, for a Chinese sentence. */
function shortageOf(message: string) {
  const m = /wanted (\d+), available (\d+)/.exec(message);
  return m ? { wanted: Number(m[1]), available: Number(m[2]) } : null;
}

/**
 * 随机抽取专家 (seed 004 图 6-4/6-5): per group, one row per specialty with how many to draw (0 allowed);
 * the server draws from the meeting committees' active libraries, never an expert already in a group
 * or one who shares an employer with an applicant of the group, and records the seed.
 */
export function DrawDialog(props: { open: boolean; m: MeetingDetail; experts: MeetingExpert[]; onClose: () => void; onVerify: (drawId: number) => void }) {
  return (
    <Dialog open={props.open} title={t('setup.draw.title')} onClose={props.onClose} wide>
      <DrawForm {...props} />
    </Dialog>
  );
}

function DrawForm(props: { m: MeetingDetail; experts: MeetingExpert[]; onClose: () => void; onVerify: (drawId: number) => void }) {
  const sp = useSpecialties();
  const pool = createAsync(() => getPool(props.m.committees.map((c) => c.id)));
  let next = 1;
  const seriesSpecialties = () => sp.ofSeries(props.m.committees.map((c) => c.seriesCode));
  const initial = (): NeedRow[] =>
    props.m.groups.flatMap((g) => {
      const codes = g.specialties.length ? g.specialties : [seriesSpecialties()[0]?.code ?? ''];
      const missing = Math.max(0, g.size - g.experts);
      return codes.map((code, i) => ({ key: next++, groupId: g.id, specialty: code, count: String(i === 0 ? missing : 0) }));
    });
  const [rows, setRows] = createStore<NeedRow[]>(initial());
  // The catalogue may arrive after the form: fill in a first specialty where none was known yet.
  createEffect(
    on(seriesSpecialties, (list) => {
      if (!list.length) return;
      setRows(produce((rs) => rs.forEach((r) => (r.specialty ||= list[0].code))));
    }),
  );
  const [result, setResult] = createSignal<Draw | null>(null);
  const draw = useRunner(drawExperts);
  const placed = createMemo(() => new Set(props.experts.filter((e) => e.groupId !== null).map((e) => e.expertId)));
  const available = (code: string) => (pool() ?? []).filter((e) => e.specialties.includes(code) && !placed().has(e.expertId)).length;
  // Which row each path of the request came from, to put the server's word under the right row.
  let sent: NeedRow[][] = [];

  const submit = async (e: Event) => {
    e.preventDefault();
    const byGroup = props.m.groups
      .map((g) => rows.filter((r) => r.groupId === g.id && r.specialty && Number(r.count) > 0))
      .filter((list) => list.length);
    sent = byGroup;
    if (!byGroup.length) return toast.error(t('setup.draw.nothing'));
    const res = await draw.run(props.m.id, {
      groups: byGroup.map((list) => ({ groupId: list[0].groupId, needs: list.map((r) => ({ specialty: r.specialty, count: Math.floor(Number(r.count)) })) })),
    });
    if (res.ok) {
      setResult(res.value);
      toast.success(t('setup.draw.done', { n: res.value.result.reduce((s, r) => s + r.picks.length, 0) }));
    }
  };

  /** The server's complaint about one row, in words. */
  const rowError = (row: NeedRow) => {
    const err = draw.error();
    if (!isApiError(err)) return null;
    for (const d of err.details) {
      const m = /^body\.groups\.(\d+)\.needs\.(\d+)\./.exec(d.path + '.');
      if (!m || sent[Number(m[1])]?.[Number(m[2])]?.key !== row.key) continue;
      const s = shortageOf(d.message);
      if (d.code === 'draw_shortage' && s) return t('setup.draw.shortage', { wanted: s.wanted, available: s.available });
      return fieldErrors(err)[d.path.replace(/^body\./, '')] ?? messageOf(err);
    }
    return null;
  };
  const formError = () => {
    const err = draw.error();
    if (!err) return null;
    return rows.some((r) => rowError(r)) ? messageOf(err) : (Object.values(draw.fields())[0] ?? messageOf(err));
  };
  const nameOf = (expertId: number) => (pool() ?? []).find((e) => e.expertId === expertId)?.name ?? `#${expertId}`;

  return (
    <Show
      when={!result()}
      fallback={
        <div data-testid="draw-result">
          <p class="notice ok">{t('setup.draw.recorded', { id: result()!.id })}</p>
          <dl class="facts">
            <dt>{t('setup.draw.seed')}</dt>
            <dd>
              <code class="seed" data-testid="result-seed">
                {result()!.seed}
              </code>
            </dd>
            <dt>{t('setup.draw.at')}</dt>
            <dd>{formatDateTime(result()!.drawnAt)}</dd>
            <For each={result()!.result}>
              {(r) => (
                <>
                  <dt>{props.m.groups.find((g) => g.id === r.groupId)?.name}</dt>
                  <dd data-testid="result-group">{r.picks.map((p) => `${nameOf(p.expertId)}（${sp.name(p.specialty)}）`).join('、')}</dd>
                </>
              )}
            </For>
          </dl>
          <div class="dialog-actions">
            <button type="button" onClick={() => props.onVerify(result()!.id)} data-testid="verify-result">
              {t('setup.draw.verify')}
            </button>
            <button type="button" class="primary" onClick={props.onClose} data-testid="draw-close">
              {t('common.done')}
            </button>
          </div>
        </div>
      }
    >
      <form novalidate onSubmit={submit} data-testid="draw-form">
        <p class="hint">{t('setup.draw.hint')}</p>
        <For each={props.m.groups}>
          {(g) => (
            <fieldset class="draw-group" data-group={g.id}>
              <legend>
                {g.name} <span class="muted small">{t('setup.draw.groupNow', { have: g.experts, size: g.size })}</span>
              </legend>
              <Index each={rows.filter((r) => r.groupId === g.id)}>
                {(row) => (
                  <div class="need-row" data-testid="need-row">
                    <select
                      aria-label={t('setup.draw.specialty')}
                      onChange={(e) => setRows((r) => r.key === row().key, 'specialty', e.currentTarget.value)}
                      data-testid="need-specialty"
                    >
                      <For each={seriesSpecialties()}>
                        {(s) => (
                          <option value={s.code} selected={s.code === row().specialty}>
                            {s.name}
                          </option>
                        )}
                      </For>
                    </select>
                    <input
                      type="number"
                      min="0"
                      max="100"
                      class="count"
                      aria-label={t('setup.draw.count')}
                      value={row().count}
                      onInput={(e) => setRows((r) => r.key === row().key, 'count', e.currentTarget.value)}
                      data-testid="need-count"
                      aria-invalid={rowError(row()) ? 'true' : undefined}
                    />
                    <span class="muted small">{t('setup.draw.available', { n: available(row().specialty) })}</span>
                    <button type="button" class="icon-btn" aria-label={t('setup.remove')} onClick={() => setRows((rs) => rs.filter((r) => r.key !== row().key))}>
                      ×
                    </button>
                    <Show when={rowError(row())}>
                      <div class="field-error need-error" role="alert" data-testid="need-error">
                        {rowError(row())}
                      </div>
                    </Show>
                  </div>
                )}
              </Index>
              <button type="button" class="small link-btn" onClick={() => setRows(rows.length, { key: next++, groupId: g.id, specialty: seriesSpecialties()[0]?.code ?? '', count: '0' })}>
                {t('setup.draw.addSpecialty')}
              </button>
            </fieldset>
          )}
        </For>
        <FormError message={formError()} />
        <div class="dialog-actions">
          <button type="button" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" class="primary" disabled={draw.pending()} data-testid="draw-submit">
            {draw.pending() ? t('setup.draw.drawing') : t('setup.draw.submit')}
          </button>
        </div>
      </form>
    </Show>
  );
}

/** 专家手工分组: active library experts into the meeting and a group (or only the committee). */
export function VerifyDialog(props: { drawId: number | null; m: MeetingDetail; experts: MeetingExpert[]; onClose: () => void }) {
  return (
    <Dialog open={props.drawId !== null} title={t('setup.verify.title', { n: props.drawId ?? '' })} onClose={props.onClose} wide>
      <VerifyBody drawId={props.drawId!} m={props.m} experts={props.experts} />
    </Dialog>
  );
}

function VerifyBody(props: { drawId: number; m: MeetingDetail; experts: MeetingExpert[] }) {
  const v = createAsync(() => getVerification(props.drawId));
  const sp = useSpecialties();
  const pool = createAsync(() => getPool(props.m.committees.map((c) => c.id)));
  const nameOf = (id: number) => props.experts.find((e) => e.expertId === id)?.name ?? (pool() ?? []).find((e) => e.expertId === id)?.name ?? `#${id}`;
  const groupName = (id: number) => props.m.groups.find((g) => g.id === id)?.name ?? `#${id}`;
  return (
    <Show when={v()} fallback={<p class="muted">{t('common.loading')}</p>}>
      {(x) => (
        <div data-testid="verification">
          <div class="verify-verdicts">
            <Badge tone={x().matches ? 'ok' : 'bad'}>
              <span data-testid="verify-matches">{x().matches ? t('setup.verify.matches') : t('setup.verify.differs')}</span>
            </Badge>
            <Badge tone={x().invariantsHold ? 'ok' : 'bad'}>
              <span data-testid="verify-rules">{x().invariantsHold ? t('setup.verify.rulesHold') : t('setup.verify.rulesBroken')}</span>
            </Badge>
          </div>
          <dl class="facts">
            <dt>{t('setup.draw.seed')}</dt>
            <dd>
              <code class="seed">{x().seed}</code>
            </dd>
            <dt>{t('setup.draw.at')}</dt>
            <dd>{formatDateTime(x().drawnAt)}</dd>
            <dt>{t('setup.verify.endpoint')}</dt>
            <dd>
              <code>GET /api/draws/{x().drawId}/verify</code>
            </dd>
            <Show when={x().error}>
              <dt>{t('setup.verify.error')}</dt>
              <dd class="bad-text">{x().error}</dd>
            </Show>
          </dl>
          <h3>{t('setup.verify.recorded')}</h3>
          <ul class="plain-list draw-picks">
            <For each={x().recorded}>
              {(r) => (
                <li>
                  <span class="muted">{groupName(r.groupId)}：</span>
                  {r.picks
                    .map((p) => {
                      const still = x().stillPlaced.find((s) => s.expertId === p.expertId && s.groupId === r.groupId)?.placed;
                      return `${nameOf(p.expertId)}（${sp.name(p.specialty)}）${still === false ? t('setup.verify.moved') : ''}`;
                    })
                    .join('、')}
                </li>
              )}
            </For>
          </ul>
          <p class="hint">{t('setup.verify.hint')}</p>
        </div>
      )}
    </Show>
  );
}
