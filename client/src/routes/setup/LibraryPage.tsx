import { For, Show, createEffect, createMemo, createSignal } from 'solid-js';
import { createAsync, useSearchParams } from '@solidjs/router';
import { DataTable, Pager, type Column } from '../../components/DataTable';
import { Dialog } from '../../components/Dialog';
import { FormError, TextAreaField } from '../../components/Field';
import { PageHeader } from '../../components/Layout';
import { formatDateTime, t, tx } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { confirmAction } from '../../stores/confirm';
import { session } from '../../stores/session';
import { toast } from '../../stores/toasts';
import { fileChange, getCommittee, getCommitteeFilings, getCommittees, getLibrary, removePending } from '../../stores/setup';
import type { CommitteeDetail, LibraryEntry } from '../../api/setup';
import { ExportButton, StatusBadge, levelName, one, useSpecialties } from './common';
import { AddExpertDialog } from './AddExpertDialog';
import { ImportDialog } from './ImportDialog';
import { ExpertProfileDialog } from './ExpertProfileDialog';

const STATUSES = ['all', 'pending', 'active', 'removed'] as const;

/**
 * 单位评委库管理 (seed 000 第三章第二节, seed 004 §6.5): a committee's expert library — 单个新增,
 * 批量新增 from the template, 查询 and 导出; new experts wait as 预入库 until a 专家库更新备案 the office
 * approves, which is also how active experts leave.
 */
export default function LibraryPage() {
  const [params, setParams] = useSearchParams();
  const mine = () => session.org?.kind !== 'office';
  const committees = createAsync(() => getCommittees({ state: 'active', pageSize: 100, ...(mine() ? { ownerOrgId: session.org?.id } : {}) }));
  const committeeId = () => Number(one(params.committee)) || committees()?.items[0]?.id || 0;
  const committee = createAsync(() => (committeeId() ? getCommittee(committeeId()) : Promise.resolve(undefined)));
  return (
    <div class="setup-page" data-testid="library-page">
      <PageHeader title={t('nav.setupLibrary')} />
      <Show when={(committees()?.items ?? []).length > 1}>
        <div class="filters card">
          <label>
            {t('setup.library.committee')}{' '}
            <select onChange={(e) => setParams({ committee: e.currentTarget.value, page: undefined })} data-testid="library-committee">
              <For each={committees()?.items}>
                {(c) => (
                  <option value={String(c.id)} selected={c.id === committeeId()}>
                    {c.name}
                  </option>
                )}
              </For>
            </select>
          </label>
        </div>
      </Show>
      <Show when={committee()} fallback={<Show when={committees() && !committees()!.items.length}><div class="card muted">{t('setup.library.noCommittee')}</div></Show>}>
        {(c) => <Library c={c()} />}
      </Show>
    </div>
  );
}

function Library(props: { c: CommitteeDetail }) {
  const [params, setParams] = useSearchParams();
  const sp = useSpecialties();
  const status = () => (one(params.status) as (typeof STATUSES)[number]) || 'all';
  const specialty = () => one(params.specialty) ?? '';
  const q = () => one(params.q) ?? '';
  const page = () => Number(one(params.page)) || 1;
  const [text, setText] = createSignal(q());
  const query = () => ({ status: status(), specialty: specialty() || undefined, q: q() || undefined });
  const list = createAsync(() => getLibrary(props.c.id, { ...query(), page: page(), pageSize: 20 }));
  const filings = createAsync(() => getCommitteeFilings(props.c.id));
  const manage = () => props.c.can.includes('library:manage');
  const [dialog, setDialog] = createSignal<'add' | 'import' | 'file' | null>(null);
  const [profile, setProfile] = createSignal<number | null>(null);
  const remove = useRunner(removePending);
  const specialtyOptions = () => sp.ofSeries([props.c.seriesCode]).filter((s) => props.c.specialties.length === 0 || props.c.specialties.includes(s.code));

  const doRemove = async (e: LibraryEntry) => {
    if (!(await confirmAction({ title: t('setup.library.removePending'), message: t('setup.library.removeConfirm', { name: e.name }), danger: true }))) return;
    const res = await remove.run(props.c.id, e.expertId);
    res.ok ? toast.success(t('setup.library.removed')) : toast.failure(res.error);
  };

  const columns = createMemo<Column<LibraryEntry>[]>(() => [
    {
      key: 'name',
      header: t('setup.expert.name'),
      primary: true,
      cell: (e) => (
        <button type="button" class="link-btn" onClick={() => setProfile(e.expertId)}>
          <strong>{e.name}</strong>
        </button>
      ),
    },
    { key: 'id', header: t('setup.library.idNumber'), cell: (e) => <span class="mono small">{e.idNumber}</span> },
    { key: 'employer', header: t('setup.expert.employer'), class: 'wrap', cell: (e) => e.employerName ?? '—' },
    { key: 'specialties', header: t('setup.expert.specialties'), class: 'wrap', cell: (e) => sp.list(e.specialties) },
    { key: 'title', header: t('setup.library.titleName'), cell: (e) => [e.titleLevel ? levelName(e.titleLevel) : '', e.titleName ?? ''].filter(Boolean).join(' ') || '—' },
    { key: 'status', header: t('setup.library.status'), cell: (e) => <StatusBadge family="libraryStatus" status={e.libraryStatus} /> },
    { key: 'profile', header: t('setup.library.profile'), cell: (e) => <StatusBadge family="profileStatus" status={e.profileStatus} /> },
    { key: 'via', header: t('setup.library.via'), cell: (e) => tx(`setup.addedVia.${e.addedVia}`, e.addedVia) },
    {
      key: 'actions',
      header: t('common.actions'),
      class: 'actions',
      cell: (e) => (
        <Show when={manage() && e.libraryStatus === 'pending'} fallback="—">
          <button type="button" class="small danger" onClick={() => doRemove(e)}>
            {t('setup.remove')}
          </button>
        </Show>
      ),
    },
  ]);

  return (
    <>
      <section class="card">
        <header class="card-head">
          <div>
            <h2>{props.c.name}</h2>
            <p class="muted small">
              {props.c.code} · {sp.seriesName(props.c.seriesCode)} · {props.c.ownerOrgName}
            </p>
          </div>
          <div class="row-actions wrap-row">
            <ExportButton path={`/committees/${props.c.id}/experts/export`} query={query()} label={t('setup.library.export')} />
            <Show when={manage()}>
              <button type="button" onClick={() => setDialog('file')} data-testid="open-filing">
                {t('setup.filing.open')}
              </button>
              <button type="button" onClick={() => setDialog('import')} data-testid="open-import">
                {t('setup.import.open')}
              </button>
              <button type="button" class="primary" onClick={() => setDialog('add')} data-testid="open-add-expert">
                {t('setup.library.add')}
              </button>
            </Show>
          </div>
        </header>
        <form novalidate
          class="filters"
          onSubmit={(e) => {
            e.preventDefault();
            setParams({ q: text().trim() || undefined, page: undefined });
          }}
        >
          <select aria-label={t('setup.library.status')} onChange={(e) => setParams({ status: e.currentTarget.value === 'all' ? undefined : e.currentTarget.value, page: undefined })}>
            <For each={STATUSES}>
              {(s) => (
                <option value={s} selected={s === status()}>
                  {s === 'all' ? `${t('setup.library.status')}：${t('common.all')}` : tx(`setup.libraryStatus.${s}`)}
                </option>
              )}
            </For>
          </select>
          <select aria-label={t('setup.expert.specialties')} onChange={(e) => setParams({ specialty: e.currentTarget.value || undefined, page: undefined })}>
            <option value="">{`${t('setup.expert.specialties')}：${t('common.all')}`}</option>
            <For each={specialtyOptions()}>
              {(s) => (
                <option value={s.code} selected={s.code === specialty()}>
                  {s.name}
                </option>
              )}
            </For>
          </select>
          <input class="grow" type="search" placeholder={t('setup.library.search')} aria-label={t('setup.library.search')} value={text()} onInput={(e) => setText(e.currentTarget.value)} />
          <button type="submit">{t('common.search')}</button>
        </form>
        <Show when={list()}>
          {(p) => (
            <>
              <DataTable columns={columns()} rows={p().items} rowKey={(e) => e.id} empty={t('setup.library.none')} />
              <Pager page={p().page} pageSize={p().pageSize} total={p().total} onPage={(n) => setParams({ page: n > 1 ? String(n) : undefined })} />
            </>
          )}
        </Show>
      </section>
      <Show when={(filings()?.items ?? []).length}>
        <section class="card">
          <h2>{t('setup.filing.history')}</h2>
          <ul class="plain-list filing-list">
            <For each={filings()!.items}>
              {(f) => (
                <li>
                  <StatusBadge family="filingStatus" status={f.status} />
                  <span>{t('setup.filing.items', { add: f.items.filter((i) => i.action === 'add').length, remove: f.items.filter((i) => i.action === 'remove').length })}</span>
                  <span class="muted small">{f.submittedAt ? formatDateTime(f.submittedAt) : ''}</span>
                  <Show when={f.opinion}>
                    <span class="small">{t('setup.opinion')}：{f.opinion}</span>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </section>
      </Show>
      <AddExpertDialog open={dialog() === 'add'} c={props.c} onClose={() => setDialog(null)} />
      <ImportDialog open={dialog() === 'import'} c={props.c} onClose={() => setDialog(null)} />
      <Dialog open={dialog() === 'file'} title={t('setup.filing.title')} onClose={() => setDialog(null)} wide>
        <FilingForm c={props.c} onClose={() => setDialog(null)} />
      </Dialog>
      <ExpertProfileDialog expertId={profile()} onClose={() => setProfile(null)} />
    </>
  );
}

/** 专家库更新备案: pending experts to add, active ones to remove, filed with the office above at once. */
function FilingForm(props: { c: CommitteeDetail; onClose: () => void }) {
  const pending = createAsync(() => getLibrary(props.c.id, { status: 'pending', pageSize: 200 }));
  const active = createAsync(() => getLibrary(props.c.id, { status: 'active', pageSize: 200 }));
  const [adds, setAdds] = createSignal<number[]>([]);
  const [removes, setRemoves] = createSignal<number[]>([]);
  const [note, setNote] = createSignal('');
  const run = useRunner(fileChange);
  createEffect(() => {
    const p = pending();
    if (p && adds().length === 0) setAdds(p.items.map((e) => e.expertId));
  });
  const go = async () => {
    const items = [...adds().map((expertId) => ({ expertId, action: 'add' as const })), ...removes().map((expertId) => ({ expertId, action: 'remove' as const }))];
    const res = await run.run(props.c.id, { note: note().trim() || null, items });
    if (res.ok) {
      toast.success(t('setup.filing.sent'));
      props.onClose();
    }
  };
  const toggle = (set: (f: (v: number[]) => number[]) => void, id: number, on: boolean) => set((v) => (on ? [...v, id] : v.filter((x) => x !== id)));
  return (
    <div data-testid="filing-form">
      <p class="hint">{t('setup.filing.hint')}</p>
      <h3>{t('setup.filing.adds')}</h3>
      <div class="pick-list short">
        <For each={pending()?.items} fallback={<p class="muted small">{t('setup.filing.noPending')}</p>}>
          {(e) => (
            <label class="check">
              <input type="checkbox" checked={adds().includes(e.expertId)} onChange={(ev) => toggle(setAdds, e.expertId, ev.currentTarget.checked)} />
              <span>
                {e.name} <span class="muted small">{e.employerName}</span>
              </span>
            </label>
          )}
        </For>
      </div>
      <h3>{t('setup.filing.removes')}</h3>
      <div class="pick-list short">
        <For each={active()?.items} fallback={<p class="muted small">{t('common.none')}</p>}>
          {(e) => (
            <label class="check">
              <input type="checkbox" checked={removes().includes(e.expertId)} onChange={(ev) => toggle(setRemoves, e.expertId, ev.currentTarget.checked)} />
              <span>
                {e.name} <span class="muted small">{e.employerName}</span>
              </span>
            </label>
          )}
        </For>
      </div>
      <TextAreaField label={t('setup.note')} value={note()} onValue={setNote} rows={2} maxLength={500} />
      <FormError message={run.error() ? (Object.values(run.fields())[0] ?? run.formMessage()) : null} />
      <div class="dialog-actions">
        <button type="button" onClick={props.onClose}>
          {t('common.cancel')}
        </button>
        <button type="button" class="primary" disabled={run.pending() || adds().length + removes().length === 0} onClick={go} data-testid="filing-submit">
          {t('setup.filing.submit', { n: adds().length + removes().length })}
        </button>
      </div>
    </div>
  );
}
