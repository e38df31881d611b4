import { For, Show, createSignal } from 'solid-js';
import { createAsync } from '@solidjs/router';
import { Badge } from '../../../components/Badge';
import { Dialog } from '../../../components/Dialog';
import { FormError, TextField } from '../../../components/Field';
import { formatDateTime, messageOf, t, tx } from '../../../i18n';
import { useRunner } from '../../../lib/useRunner';
import { toast } from '../../../stores/toasts';
import { entrustDraw, getPool, issueLogins, placeExperts, setChairs } from '../../../stores/setup';
import { setupApi, type IssuedLogin, type MeetingDetail, type MeetingExpert } from '../../../api/setup';
import { useSpecialties } from '../common';

export function ManualDialog(props: { open: boolean; m: MeetingDetail; experts: MeetingExpert[]; onClose: () => void }) {
  return (
    <Dialog open={props.open} title={t('setup.manual.title')} onClose={props.onClose} wide>
      <ManualForm {...props} />
    </Dialog>
  );
}

function ManualForm(props: { m: MeetingDetail; experts: MeetingExpert[]; onClose: () => void }) {
  const sp = useSpecialties();
  const pool = createAsync(() => getPool(props.m.committees.map((c) => c.id)));
  const [q, setQ] = createSignal('');
  const [picked, setPicked] = createSignal<number[]>([]);
  const [groupId, setGroupId] = createSignal(props.m.groups[0] ? String(props.m.groups[0].id) : '');
  const [title, setTitle] = createSignal<'member' | 'reviewer'>('member');
  const place = useRunner(placeExperts);
  const inMeeting = (expertId: number) => props.experts.find((e) => e.expertId === expertId);
  const shown = () =>
    (pool() ?? []).filter((e) => {
      const s = q().trim();
      return !s || e.name.includes(s) || (e.employerName ?? '').includes(s) || e.specialties.some((c) => sp.name(c).includes(s));
    });
  const submit = async () => {
    const res = await place.run(props.m.id, { expertIds: picked(), groupId: groupId() ? Number(groupId()) : null, title: title() });
    if (res.ok) {
      toast.success(t('setup.manual.placed', { n: res.value.items.length }));
      props.onClose();
    }
  };
  /** A refused pick names its row: `body.expertIds.3` → the fourth ticked expert. */
  const errorFor = (expertId: number) => {
    const i = picked().indexOf(expertId);
    return i >= 0 ? place.fields()[`expertIds.${i}`] : undefined;
  };
  return (
    <div data-testid="manual-form">
      <div class="filters">
        <input class="grow" type="search" placeholder={t('setup.manual.search')} value={q()} onInput={(e) => setQ(e.currentTarget.value)} aria-label={t('setup.manual.search')} />
        <select aria-label={t('setup.expert.group')} onChange={(e) => setGroupId(e.currentTarget.value)}>
          <For each={props.m.groups}>
            {(g) => (
              <option value={String(g.id)} selected={String(g.id) === groupId()}>
                {g.name}
              </option>
            )}
          </For>
          <option value="" selected={groupId() === ''}>
            {t('setup.manual.committeeOnly')}
          </option>
        </select>
        <select aria-label={t('setup.expert.title')} onChange={(e) => setTitle(e.currentTarget.value as 'member' | 'reviewer')}>
          <option value="member">{tx('live.title.member')}</option>
          <option value="reviewer">{tx('live.title.reviewer')}</option>
        </select>
      </div>
      <div class="pick-list" role="list">
        <For each={shown()} fallback={<p class="muted">{t('setup.manual.empty')}</p>}>
          {(e) => {
            const here = () => inMeeting(e.expertId);
            return (
              <label class="pick-item" role="listitem" classList={{ 'has-error': !!errorFor(e.expertId) }}>
                <input
                  type="checkbox"
                  checked={picked().includes(e.expertId)}
                  onChange={(ev) => setPicked((p) => (ev.currentTarget.checked ? [...p, e.expertId] : p.filter((x) => x !== e.expertId)))}
                />
                <span class="pick-main">
                  <strong>{e.name}</strong> <span class="muted small">{e.employerName}</span>
                  <span class="small">{sp.list(e.specialties)}</span>
                </span>
                <Show when={here()}>
                  {(h) => <Badge tone="muted">{h().groupId ? props.m.groups.find((g) => g.id === h().groupId)?.name : t('setup.manual.inCommittee')}</Badge>}
                </Show>
                <Show when={errorFor(e.expertId)}>
                  <span class="field-error">{errorFor(e.expertId)}</span>
                </Show>
              </label>
            );
          }}
        </For>
      </div>
      <FormError message={place.error() && !picked().some((x) => errorFor(x)) ? (Object.values(place.fields())[0] ?? messageOf(place.error())) : null} />
      <div class="dialog-actions">
        <button type="button" onClick={props.onClose}>
          {t('common.cancel')}
        </button>
        <button type="button" class="primary" disabled={!picked().length || place.pending()} onClick={submit} data-testid="manual-submit">
          {t('setup.manual.submit', { n: picked().length })}
        </button>
      </div>
    </div>
  );
}

/** 委托选取专家: an office draws (or picks) for one group from the libraries under it. */
export function EntrustDialog(props: { open: boolean; m: MeetingDetail; onClose: () => void }) {
  return (
    <Dialog open={props.open} title={t('setup.entrust.title')} onClose={props.onClose}>
      <EntrustForm {...props} />
    </Dialog>
  );
}

function EntrustForm(props: { m: MeetingDetail; onClose: () => void }) {
  const sp = useSpecialties();
  const [groupId, setGroupId] = createSignal(String(props.m.groups[0]?.id ?? ''));
  const [code, setCode] = createSignal('');
  const [office, setOffice] = createSignal<{ id: number; name: string } | null>(null);
  const [lookupError, setLookupError] = createSignal<string | null>(null);
  const specialties = () => sp.ofSeries(props.m.committees.map((c) => c.seriesCode));
  const [specialty, setSpecialty] = createSignal('');
  const [count, setCount] = createSignal('3');
  const [note, setNote] = createSignal('');
  const entrust = useRunner(entrustDraw);
  const lookup = async () => {
    setLookupError(null);
    setOffice(null);
    try {
      const o = await setupApi.orgLookup(code().trim());
      if (o.kind !== 'office') setLookupError(t('error.not_an_office'));
      else setOffice({ id: o.id, name: o.name });
    } catch (e) {
      setLookupError(messageOf(e));
    }
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!office()) return setLookupError(t('setup.entrust.officeFirst'));
    const res = await entrust.run(props.m.id, {
      groupId: Number(groupId()),
      officeOrgId: office()!.id,
      needs: [{ specialty: specialty() || specialties()[0]?.code || '', count: Number(count()) }],
      note: note().trim() || null,
    });
    if (res.ok) {
      toast.success(t('setup.entrust.sent', { office: office()!.name }));
      props.onClose();
    }
  };
  return (
    <form novalidate onSubmit={submit}>
      <label class="field">
        <span>{t('setup.expert.group')}</span>
        <select onChange={(e) => setGroupId(e.currentTarget.value)}>
          <For each={props.m.groups}>{(g) => <option value={String(g.id)}>{g.name}</option>}</For>
        </select>
      </label>
      <div class="inline-lookup">
        <TextField label={t('setup.entrust.officeCode')} value={code()} onValue={setCode} error={lookupError() ?? entrust.fields().officeOrgId} hint={office()?.name} />
        <button type="button" onClick={lookup} disabled={!code().trim()}>
          {t('setup.lookup')}
        </button>
      </div>
      <div class="row2">
        <label class="field">
          <span>{t('setup.draw.specialty')}</span>
          <select onChange={(e) => setSpecialty(e.currentTarget.value)}>
            <For each={specialties()}>{(s) => <option value={s.code}>{s.name}</option>}</For>
          </select>
        </label>
        <TextField label={t('setup.draw.count')} type="number" min="1" max="100" value={count()} onValue={setCount} error={entrust.fields()['needs.0.count']} />
      </div>
      <TextField label={t('setup.note')} value={note()} onValue={setNote} maxLength={500} />
      <FormError message={entrust.formMessage()} />
      <div class="dialog-actions">
        <button type="button" onClick={props.onClose}>
          {t('common.cancel')}
        </button>
        <button type="submit" class="primary" disabled={entrust.pending()}>
          {t('setup.entrust.submit')}
        </button>
      </div>
    </form>
  );
}

/** 指定评审会议主任: one chair, at most two vice chairs, from the meeting's experts. */
export function ChairsDialog(props: { open: boolean; m: MeetingDetail; experts: MeetingExpert[]; onClose: () => void }) {
  return (
    <Dialog open={props.open} title={t('setup.chairs.title')} onClose={props.onClose}>
      <ChairsForm {...props} />
    </Dialog>
  );
}

function ChairsForm(props: { m: MeetingDetail; experts: MeetingExpert[]; onClose: () => void }) {
  const [chair, setChair] = createSignal(String(props.experts.find((e) => e.title === 'chair')?.id ?? ''));
  const [vices, setVices] = createSignal<number[]>(props.experts.filter((e) => e.title === 'vice_chair').map((e) => e.id));
  const run = useRunner(setChairs);
  const groupName = (id: number | null) => props.m.groups.find((g) => g.id === id)?.name ?? t('setup.expert.noGroup');
  const submit = async (e: Event) => {
    e.preventDefault();
    const res = await run.run(props.m.id, { chairId: Number(chair()), viceChairIds: vices().filter((v) => v !== Number(chair())) });
    if (res.ok) {
      toast.success(t('setup.chairs.saved'));
      props.onClose();
    }
  };
  return (
    <form novalidate onSubmit={submit} data-testid="chairs-form">
      <label class="field">
        <span>{t('setup.chairs.chair')}</span>
        <select name="chair" onChange={(e) => setChair(e.currentTarget.value)} data-testid="chair-select">
          <option value="">{t('setup.chairs.pick')}</option>
          <For each={props.experts}>
            {(e) => (
              <option value={String(e.id)} selected={String(e.id) === chair()}>
                {e.name}（{groupName(e.groupId)}）
              </option>
            )}
          </For>
        </select>
      </label>
      <fieldset class="field">
        <legend>{t('setup.chairs.vices')}</legend>
        <div class="pick-list short">
          <For each={props.experts.filter((e) => String(e.id) !== chair())}>
            {(e) => (
              <label class="check">
                <input
                  type="checkbox"
                  checked={vices().includes(e.id)}
                  disabled={!vices().includes(e.id) && vices().length >= 2}
                  onChange={(ev) => setVices((v) => (ev.currentTarget.checked ? [...v, e.id] : v.filter((x) => x !== e.id)))}
                  data-testid="vice-check"
                />
                <span>
                  {e.name}（{groupName(e.groupId)}）
                </span>
              </label>
            )}
          </For>
        </div>
        <div class="hint">{t('setup.chairs.hint')}</div>
      </fieldset>
      <FormError message={run.error() ? (Object.values(run.fields())[0] ?? run.formMessage()) : null} />
      <div class="dialog-actions">
        <button type="button" onClick={props.onClose}>
          {t('common.cancel')}
        </button>
        <button type="submit" class="primary" disabled={!chair() || run.pending()} data-testid="chairs-save">
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}

/**
 * 专家登录信息: temporary meeting logins, made for the experts who have none yet (or made again for the
 * ticked ones); the passwords are shown once here, to print and hand over, and stop working when the
 * meeting ends.
 */
export function LoginsDialog(props: { open: boolean; m: MeetingDetail; experts: MeetingExpert[]; onClose: () => void }) {
  return (
    <Dialog open={props.open} title={t('setup.logins.title')} onClose={props.onClose} wide>
      <LoginsForm {...props} />
    </Dialog>
  );
}

function LoginsForm(props: { m: MeetingDetail; experts: MeetingExpert[]; onClose: () => void }) {
  const [issued, setIssued] = createSignal<IssuedLogin[] | null>(null);
  const [reissue, setReissue] = createSignal<number[]>([]);
  const run = useRunner(issueLogins);
  const without = () => props.experts.filter((e) => !e.temporaryLogin);
  const issue = async (body: { meetingExpertIds?: number[]; reissue?: boolean }) => {
    const res = await run.run(props.m.id, body);
    if (res.ok) setIssued(res.value.items);
  };
  const print = () => {
    const list = issued() ?? [];
    const w = window.open('', '_blank');
    if (!w) return toast.error(t('setup.logins.popup'));
    const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
    w.document.write(
      `<!doctype html><meta charset="utf-8"><title>${esc(props.m.name)}</title><style>body{font:14px sans-serif;margin:24px}table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:6px 8px;text-align:left}code{font-size:15px}</style>` +
        `<h2>${esc(props.m.name)} · ${esc(t('setup.logins.title'))}</h2><p>${esc(t('setup.logins.validUntil', { at: formatDateTime(list[0]?.expiresAt ?? props.m.endsAt) }))}</p>` +
        `<table><tr><th>${esc(t('setup.expert.name'))}</th><th>${esc(t('orgs.secret.username'))}</th><th>${esc(t('orgs.secret.password'))}</th></tr>` +
        list.map((l) => `<tr><td>${esc(l.expertName)}</td><td><code>${esc(l.username)}</code></td><td><code>${esc(l.password)}</code></td></tr>`).join('') +
        `</table><script>window.print()</script>`,
    );
    w.document.close();
  };
  return (
    <Show
      when={issued()}
      fallback={
        <div data-testid="logins-form">
          <p class="hint">{t('setup.logins.hint', { at: formatDateTime(props.m.endsAt) })}</p>
          <p>{t('setup.logins.without', { n: without().length })}</p>
          <Show when={props.experts.some((e) => e.temporaryLogin)}>
            <fieldset class="field">
              <legend>{t('setup.logins.reissue')}</legend>
              <div class="pick-list short">
                <For each={props.experts.filter((e) => e.temporaryLogin)}>
                  {(e) => (
                    <label class="check">
                      <input type="checkbox" checked={reissue().includes(e.id)} onChange={(ev) => setReissue((r) => (ev.currentTarget.checked ? [...r, e.id] : r.filter((x) => x !== e.id)))} />
                      <span>
                        {e.name} <span class="mono muted">{e.temporaryLogin!.username}</span>
                      </span>
                    </label>
                  )}
                </For>
              </div>
            </fieldset>
          </Show>
          <FormError message={run.formMessage()} />
          <div class="dialog-actions">
            <button type="button" onClick={props.onClose}>
              {t('common.cancel')}
            </button>
            <Show when={reissue().length}>
              <button type="button" disabled={run.pending()} onClick={() => issue({ meetingExpertIds: reissue(), reissue: true })}>
                {t('setup.logins.reissueN', { n: reissue().length })}
              </button>
            </Show>
            <button type="button" class="primary" disabled={!without().length || run.pending()} onClick={() => issue({})} data-testid="issue-logins">
              {run.pending() ? t('setup.logins.issuing') : t('setup.logins.issue', { n: without().length })}
            </button>
          </div>
        </div>
      }
    >
      {(list) => (
        <div class="secret logins-secret" data-testid="issued-logins">
          <p class="warn">{t('setup.logins.once')}</p>
          <div class="table-wrap">
            <table class="data-table">
              <thead>
                <tr>
                  <th>{t('setup.expert.name')}</th>
                  <th>{t('orgs.secret.username')}</th>
                  <th>{t('orgs.secret.password')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={list()}>
                  {(l) => (
                    <tr data-expert={l.meetingExpertId}>
                      <td data-label={t('setup.expert.name')} class="primary">
                        {l.expertName}
                      </td>
                      <td data-label={t('orgs.secret.username')} class="mono" data-testid="login-username">
                        {l.username}
                      </td>
                      <td data-label={t('orgs.secret.password')} class="mono" data-testid="login-password">
                        {l.password}
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
          <p class="small">{t('setup.logins.validUntil', { at: formatDateTime(list()[0]?.expiresAt ?? props.m.endsAt) })}</p>
          <div class="dialog-actions">
            <button type="button" onClick={print} data-testid="print-logins">
              {t('setup.logins.print')}
            </button>
            <button type="button" class="primary" onClick={props.onClose} data-testid="logins-done">
              {t('common.done')}
            </button>
          </div>
        </div>
      )}
    </Show>
  );
}

/**
 * 抽取核验: the server runs the recorded draw again from its seed and inputs and says whether the same
 * experts come out and whether the recorded result keeps every rule.
 */
