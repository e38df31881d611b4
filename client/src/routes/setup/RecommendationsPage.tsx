import { Show, createMemo, createSignal } from 'solid-js';
import { createAsync, useSearchParams } from '@solidjs/router';
import { DataTable, type Column } from '../../components/DataTable';
import { Dialog } from '../../components/Dialog';
import { FormError, TextAreaField, TextField } from '../../components/Field';
import { PageHeader } from '../../components/Layout';
import { SecretReveal } from '../../components/SecretReveal';
import { formatDateTime, t } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { session } from '../../stores/session';
import { toast } from '../../stores/toasts';
import { decideRecommendation, getCommittees, getRecommendations, recommendExpert } from '../../stores/setup';
import type { Recommendation } from '../../api/setup';
import { CheckGroup, ExportButton, LEVELS, PickField, StatusBadge, Tabs, levelName, one, useSpecialties } from './common';

const TABS = ['outgoing', 'incoming'] as const;

/**
 * 专家推荐 (seed 004 §6.5.4): a unit puts its own people forward to a committee (专家推荐申请); the
 * committee unit accepts them into its library as 预入库 or refuses with an opinion (专家推荐受理).
 */
export default function RecommendationsPage() {
  const [params, setParams] = useSearchParams();
  const tab = () => (one(params.tab) === 'incoming' ? 'incoming' : 'outgoing');
  const list = createAsync(() => getRecommendations(tab()));
  const sp = useSpecialties();
  const [creating, setCreating] = createSignal(false);
  const [deciding, setDeciding] = createSignal<Recommendation | null>(null);
  const committees = createAsync(() => getCommittees({ state: 'active', pageSize: 200 }));
  const committeeName = (id: number) => committees()?.items.find((c) => c.id === id)?.name ?? `#${id}`;
  const columns = createMemo<Column<Recommendation>[]>(() => [
    { key: 'name', header: t('setup.expert.name'), primary: true, cell: (r) => <strong>{r.expertName}</strong> },
    { key: 'committee', header: t('setup.commission.committee'), class: 'wrap', cell: (r) => committeeName(r.committeeId) },
    { key: 'specialties', header: t('setup.expert.specialties'), class: 'wrap', cell: (r) => sp.list(r.specialties) },
    { key: 'status', header: t('setup.status'), cell: (r) => <StatusBadge family="recommendationStatus" status={r.status} /> },
    { key: 'note', header: t('setup.note'), class: 'wrap', cell: (r) => r.note ?? '—' },
    { key: 'opinion', header: t('setup.opinion'), class: 'wrap', cell: (r) => r.opinion ?? '—' },
    { key: 'at', header: t('setup.commission.at'), cell: (r) => formatDateTime(r.createdAt) },
    {
      key: 'actions',
      header: t('common.actions'),
      class: 'actions',
      cell: (r) => (
        <Show when={tab() === 'incoming' && r.status === 'pending'} fallback="—">
          <button type="button" class="small primary" onClick={() => setDeciding(r)}>
            {t('setup.recommend.decide')}
          </button>
        </Show>
      ),
    },
  ]);
  return (
    <div class="setup-page" data-testid="recommendations">
      <PageHeader title={t('nav.setupRecommendations')}>
        <ExportButton path="/expert-recommendations/export" query={{ side: tab() }} label={t('setup.export')} />
        <Show when={tab() === 'outgoing' && session.account?.role === 'admin'}>
          <button type="button" class="primary" onClick={() => setCreating(true)}>
            {t('setup.recommend.create')}
          </button>
        </Show>
      </PageHeader>
      <Tabs tabs={TABS} current={tab()} label={(x) => t(`setup.recommend.${x}`)} onSelect={(x) => setParams({ tab: x === 'outgoing' ? undefined : x })} />
      <DataTable columns={columns()} rows={list()?.items ?? []} rowKey={(r) => r.id} empty={t('setup.recommend.none')} />
      <Dialog open={creating()} title={t('setup.recommend.create')} onClose={() => setCreating(false)} wide>
        <RecommendForm onClose={() => setCreating(false)} />
      </Dialog>
      <Dialog open={!!deciding()} title={t('setup.recommend.decide')} onClose={() => setDeciding(null)}>
        <DecideForm r={deciding()!} onClose={() => setDeciding(null)} />
      </Dialog>
    </div>
  );
}

function RecommendForm(props: { onClose: () => void }) {
  const sp = useSpecialties();
  const committees = createAsync(() => getCommittees({ state: 'active', pageSize: 200 }));
  const [committeeId, setCommitteeId] = createSignal('');
  const [idNumber, setIdNumber] = createSignal('');
  const [name, setName] = createSignal('');
  const [specialties, setSpecialties] = createSignal<string[]>([]);
  const [level, setLevel] = createSignal('');
  const [titleName, setTitleName] = createSignal('');
  const [phone, setPhone] = createSignal('');
  const [note, setNote] = createSignal('');
  const [password, setPassword] = createSignal<{ username: string; password: string } | null>(null);
  const run = useRunner(recommendExpert);
  const committee = () => committees()?.items.find((c) => String(c.id) === committeeId());
  const options = () => {
    const c = committee();
    if (!c) return [];
    return sp
      .ofSeries([c.seriesCode])
      .filter((s) => c.specialties.length === 0 || c.specialties.includes(s.code))
      .map((s) => ({ value: s.code, label: s.name }));
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    const res = await run.run({
      committeeId: Number(committeeId()),
      idNumber: idNumber().trim().toUpperCase(),
      name: name().trim(),
      specialties: specialties(),
      titleLevel: (level() || null) as never,
      titleName: titleName().trim() || null,
      phone: phone().trim() || null,
      note: note().trim() || null,
    });
    if (!res.ok) return;
    toast.success(t('setup.recommend.sent'));
    if (res.value.initialPassword) setPassword({ username: idNumber().trim().toUpperCase(), password: res.value.initialPassword });
    else props.onClose();
  };
  return (
    <Show
      when={!password()}
      fallback={
        <div>
          <SecretReveal username={password()!.username} password={password()!.password} />
          <div class="dialog-actions">
            <button type="button" class="primary" onClick={props.onClose}>
              {t('common.done')}
            </button>
          </div>
        </div>
      }
    >
      <form novalidate onSubmit={submit}>
        <PickField
          label={t('setup.commission.committee')}
          required
          value={committeeId()}
          onValue={(v) => {
            setCommitteeId(v);
            setSpecialties([]);
          }}
          options={[{ value: '', label: t('setup.chairs.pick') }, ...(committees()?.items ?? []).map((c) => ({ value: String(c.id), label: c.name }))]}
          error={run.fields().committeeId}
        />
        <div class="row2">
          <TextField label={t('setup.library.idNumber')} value={idNumber()} onValue={setIdNumber} required maxLength={18} error={run.fields().idNumber} />
          <TextField label={t('setup.expert.name')} value={name()} onValue={setName} required maxLength={50} error={run.fields().name} />
        </div>
        <CheckGroup label={t('setup.expert.specialties')} required options={options()} value={specialties()} onValue={setSpecialties} error={run.fields().specialties} />
        <div class="row3">
          <PickField label={t('setup.library.titleLevel')} value={level()} onValue={setLevel} options={[{ value: '', label: t('common.none') }, ...LEVELS.map((l) => ({ value: l, label: levelName(l) }))]} />
          <TextField label={t('setup.library.titleName')} value={titleName()} onValue={setTitleName} maxLength={50} />
          <TextField label={t('setup.library.phone')} value={phone()} onValue={setPhone} maxLength={20} error={run.fields().phone} />
        </div>
        <TextAreaField label={t('setup.note')} value={note()} onValue={setNote} rows={2} maxLength={500} />
        <FormError message={run.formMessage()} />
        <div class="dialog-actions">
          <button type="button" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" class="primary" disabled={run.pending() || !committeeId() || !specialties().length}>
            {t('setup.recommend.send')}
          </button>
        </div>
      </form>
    </Show>
  );
}

function DecideForm(props: { r: Recommendation; onClose: () => void }) {
  const [opinion, setOpinion] = createSignal('');
  const run = useRunner(decideRecommendation);
  const go = async (accept: boolean) => {
    const res = await run.run(props.r.id, accept, opinion().trim() || undefined);
    if (res.ok) {
      toast.success(accept ? t('setup.recommend.accepted') : t('setup.recommend.refused'));
      props.onClose();
    }
  };
  return (
    <div>
      <p>{t('setup.recommend.decideHint', { name: props.r.expertName ?? '' })}</p>
      <TextAreaField label={t('setup.opinion')} value={opinion()} onValue={setOpinion} rows={2} maxLength={500} error={run.fields().opinion} />
      <FormError message={run.formMessage()} />
      <div class="dialog-actions">
        <button type="button" class="danger" disabled={run.pending() || !opinion().trim()} onClick={() => go(false)}>
          {t('setup.refuse')}
        </button>
        <button type="button" class="primary" disabled={run.pending()} onClick={() => go(true)}>
          {t('setup.accept')}
        </button>
      </div>
    </div>
  );
}
