import { For, Show, createEffect, createMemo, createSignal, on } from 'solid-js';
import { createAsync, useSearchParams } from '@solidjs/router';
import { afterApi, type BlacklistRow, type Person } from '../../api/after';
import { Badge } from '../../components/Badge';
import { DataTable, Pager, type Column } from '../../components/DataTable';
import { Dialog } from '../../components/Dialog';
import { FormError, TextAreaField, TextField } from '../../components/Field';
import { PageHeader } from '../../components/Layout';
import { formatDateTime, messageOf, t, tx } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { addBlacklist, editBlacklist, getBlacklist, getSettings, liftBlacklist } from '../../stores/after';
import { ExportButton, one, PickField } from './common';
import { toast } from '../../stores/toasts';
import { session } from '../../stores/session';

/**
 * 黑名单管理 (seed 003 §1.21, seed 002): add a person found by name or ID number, with a reason and
 * a period of 1, 3 or 5 years (the setting); edit, lift with a reason; export. While an entry is in
 * force the person cannot declare; entries marked public scroll on the public pages (masked names).
 */
export default function BlacklistPage() {
  const [params, setParams] = useSearchParams();
  const q = createMemo(() => ({ q: one(params.q) || undefined, active: one(params.active) || 'true', page: Number(one(params.page)) || 1 }));
  const list = createAsync(() => getBlacklist(q()));
  const [text, setText] = createSignal(one(params.q) ?? '');
  const [adding, setAdding] = createSignal(false);
  const [editing, setEditing] = createSignal<BlacklistRow | null>(null);
  const [lifting, setLifting] = createSignal<BlacklistRow | null>(null);
  const columns = createMemo<Column<BlacklistRow>[]>(() => [
    { key: 'name', header: t('after.name'), primary: true, cell: (e) => <strong>{e.name}</strong> },
    { key: 'id', header: t('after.idNumber'), cell: (e) => <span class="mono">{e.idNumber}</span> },
    { key: 'org', header: t('after.blacklistOrg'), class: 'wrap', cell: (e) => e.org?.name ?? '' },
    { key: 'years', header: t('after.years'), cell: (e) => t('after.yearsN', { n: e.years }) },
    { key: 'period', header: t('after.blacklistPeriod'), cell: (e) => `${e.startsAt.slice(0, 10)} ~ ${e.endsAt.slice(0, 10)}` },
    { key: 'reason', header: t('after.reason'), class: 'wrap', cell: (e) => e.reason ?? '' },
    {
      key: 'state',
      header: t('after.status'),
      cell: (e) => (
        <span class="badges">
          <Badge tone={e.active ? 'bad' : 'muted'}>{e.active ? t('after.inForce') : e.liftedAt ? t('after.lifted') : t('after.expired')}</Badge>
          <Show when={e.active && e.publicNotice}>
            <Badge tone="info">{t('after.onNotice')}</Badge>
          </Show>
        </span>
      ),
    },
    {
      key: 'actions',
      header: t('common.actions'),
      class: 'actions',
      cell: (e) => (
        <Show when={!e.liftedAt}>
          <div class="row-actions">
            <button type="button" class="small" onClick={() => setEditing(e)}>
              {t('after.edit')}
            </button>
            <Show when={session.account?.role === 'admin'}>
              <button type="button" class="small danger-text" onClick={() => setLifting(e)}>
                {t('after.lift')}
              </button>
            </Show>
          </div>
        </Show>
      ),
    },
  ]);
  const filter = (next: Record<string, string | undefined>) => setParams({ ...next, page: undefined });
  return (
    <div class="after-page">
      <PageHeader title={t('after.blacklist')}>
        <ExportButton path="/blacklist/export" query={{ q: q().q, active: q().active }} />
        <a class="button" href="/public/results" target="_blank" rel="noopener">
          {t('after.publicNotice')}
        </a>
        <button type="button" class="primary" onClick={() => setAdding(true)} data-testid="add-blacklist">
          {t('after.addBlacklist')}
        </button>
      </PageHeader>
      <form
        class="filters card"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          filter({ q: text().trim() || undefined });
        }}
      >
        <input type="search" class="grow" placeholder={t('after.personSearch')} aria-label={t('after.personSearch')} value={text()} onInput={(e) => setText(e.currentTarget.value)} />
        <select aria-label={t('after.status')} value={q().active} onChange={(e) => filter({ active: e.currentTarget.value === 'true' ? undefined : e.currentTarget.value })}>
          <For each={['true', 'false', 'all']}>{(v) => <option value={v}>{tx(`after.active.${v}`)}</option>}</For>
        </select>
        <button type="submit">{t('common.search')}</button>
      </form>
      <Show when={list()}>
        {(p) => (
          <>
            <DataTable columns={columns()} rows={p().items} rowKey={(e) => e.id} empty={t('after.noBlacklist')} />
            <Pager page={p().page} pageSize={p().pageSize} total={p().total} onPage={(n) => setParams({ page: n > 1 ? String(n) : undefined })} />
          </>
        )}
      </Show>
      <AddDialog open={adding()} onClose={() => setAdding(false)} />
      <EditDialog entry={editing()} onClose={() => setEditing(null)} />
      <LiftDialog entry={lifting()} onClose={() => setLifting(null)} />
    </div>
  );
}

function yearOptions(years: number[] | undefined) {
  return (years ?? [1, 3, 5]).map((y) => ({ value: String(y), label: t('after.yearsN', { n: y }) }));
}

function AddDialog(props: { open: boolean; onClose: () => void }) {
  const settings = createAsync(() => getSettings());
  const [q, setQ] = createSignal('');
  const [found, setFound] = createSignal<Person[] | null>(null);
  const [searchError, setSearchError] = createSignal<string | null>(null);
  const [idNumber, setIdNumber] = createSignal('');
  const [name, setName] = createSignal('');
  const [declarationId, setDeclarationId] = createSignal<number | null>(null);
  const [years, setYears] = createSignal('3');
  const [reason, setReason] = createSignal('');
  const [publicNotice, setPublicNotice] = createSignal(true);
  const run = useRunner(addBlacklist);
  const search = async (e: Event) => {
    e.preventDefault();
    if (!q().trim()) return;
    setSearchError(null);
    try {
      setFound((await afterApi.people(q().trim())).items);
    } catch (err) {
      setSearchError(messageOf(err));
    }
  };
  const pick = (p: Person) => {
    setIdNumber(p.idNumber);
    setName(p.name);
    setDeclarationId(p.declarationId);
  };
  const submit = async () => {
    const res = await run.run({ idNumber: idNumber().trim(), name: name().trim(), years: Number(years()), reason: reason().trim(), publicNotice: publicNotice(), declarationId: declarationId() });
    if (res.ok) {
      toast.success(t('after.blacklisted'));
      props.onClose();
    }
  };
  return (
    <Dialog
      open={props.open}
      title={t('after.addBlacklist')}
      onClose={props.onClose}
      wide
      footer={
        <button type="button" class="primary" disabled={run.pending() || !idNumber().trim() || !name().trim() || !reason().trim()} onClick={submit} data-testid="save-blacklist">
          {t('common.save')}
        </button>
      }
    >
      <form class="inline-field" onSubmit={search}>
        <TextField label={t('after.findPerson')} value={q()} onValue={setQ} name="q" placeholder={t('after.personSearch')} />
        <button type="submit">{t('common.search')}</button>
      </form>
      <Show when={searchError()}>
        <p class="form-error">{searchError()}</p>
      </Show>
      <Show when={found()}>
        <ul class="plain-list people">
          <For each={found()} fallback={<li class="muted">{t('after.noPeople')}</li>}>
            {(p) => (
              <li>
                <button type="button" class="link-btn" classList={{ chosen: p.idNumber === idNumber() }} onClick={() => pick(p)} disabled={p.blacklisted}>
                  {p.name} · <span class="mono">{p.idNumber}</span> · {p.orgName}
                </button>
                <Show when={p.blacklisted}>
                  <Badge tone="bad">{t('after.inForce')}</Badge>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <div class="row2">
        <TextField label={t('after.idNumber')} value={idNumber()} onValue={setIdNumber} name="idNumber" required error={run.fields().idNumber} />
        <TextField label={t('after.name')} value={name()} onValue={setName} name="name" required error={run.fields().name} />
      </div>
      <Show when={settings()}>
        <PickField label={t('after.years')} value={years()} onValue={setYears} options={yearOptions(settings()?.blacklistYears)} error={run.fields().years} />
      </Show>
      <TextAreaField label={t('after.reason')} value={reason()} onValue={setReason} rows={3} maxLength={1000} required error={run.fields().reason} />
      <label class="check">
        <input type="checkbox" checked={publicNotice()} onChange={(e) => setPublicNotice(e.currentTarget.checked)} />
        {t('after.showOnNotice')}
      </label>
      <FormError message={run.formMessage()} />
    </Dialog>
  );
}

function EditDialog(props: { entry: BlacklistRow | null; onClose: () => void }) {
  const settings = createAsync(() => getSettings());
  const [years, setYears] = createSignal('');
  const [reason, setReason] = createSignal('');
  const [publicNotice, setPublicNotice] = createSignal(true);
  const run = useRunner(editBlacklist);
  createEffect(
    on(
      () => props.entry,
      (e) => {
        if (!e) return;
        setYears(String(e.years));
        setReason(e.reason ?? '');
        setPublicNotice(e.publicNotice);
      },
    ),
  );
  const close = () => props.onClose();
  const submit = async () => {
    const res = await run.run(props.entry!.id, { years: Number(years()), reason: reason().trim(), publicNotice: publicNotice() });
    if (res.ok) {
      toast.success(t('common.saved'));
      close();
    }
  };
  return (
    <Dialog open={!!props.entry} title={t('after.editBlacklist', { name: props.entry?.name ?? '' })} onClose={close} footer={<button type="button" class="primary" disabled={run.pending()} onClick={submit}>{t('common.save')}</button>}>
      <Show when={settings()}>
        <PickField label={t('after.years')} value={years()} onValue={setYears} options={yearOptions(settings()?.blacklistYears)} error={run.fields().years} />
      </Show>
      <TextAreaField label={t('after.reason')} value={reason()} onValue={setReason} rows={3} maxLength={1000} />
      <label class="check">
        <input type="checkbox" checked={publicNotice()} onChange={(e) => setPublicNotice(e.currentTarget.checked)} />
        {t('after.showOnNotice')}
      </label>
      <p class="muted">{t('after.startedOn', { at: formatDateTime(props.entry?.startsAt) })}</p>
      <FormError message={run.formMessage()} />
    </Dialog>
  );
}

function LiftDialog(props: { entry: BlacklistRow | null; onClose: () => void }) {
  const [reason, setReason] = createSignal('');
  const run = useRunner(liftBlacklist);
  const submit = async () => {
    const res = await run.run(props.entry!.id, reason().trim());
    if (res.ok) {
      toast.success(t('after.liftedDone'));
      setReason('');
      props.onClose();
    }
  };
  return (
    <Dialog
      open={!!props.entry}
      title={t('after.liftTitle', { name: props.entry?.name ?? '' })}
      onClose={props.onClose}
      footer={<button type="button" class="danger" disabled={run.pending() || !reason().trim()} onClick={submit}>{t('after.lift')}</button>}
    >
      <TextAreaField label={t('after.liftReason')} value={reason()} onValue={setReason} rows={3} maxLength={500} required />
      <FormError message={run.formMessage()} />
    </Dialog>
  );
}
