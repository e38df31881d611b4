import { For, Index, Show, createSignal } from 'solid-js';
import { createStore, unwrap } from 'solid-js/store';
import { createAsync } from '@solidjs/router';
import { FormError, TextAreaField, TextField } from '../../components/Field';
import { PageHeader } from '../../components/Layout';
import { t, tx } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { confirmAction } from '../../stores/confirm';
import { toast } from '../../stores/toasts';
import { getMyProfile, saveMyProfile, submitMyProfile } from '../../stores/setup';
import type { ExpertProfile, ProfileData } from '../../api/setup';
import { StatusBadge } from './common';
import { ProfileView } from './ExpertProfileDialog';

type Lines = 'education' | 'work' | 'papers' | 'books';
type Texts = 'honours' | 'awards' | 'expertTitles';
const FIELDS: Record<Lines, string[]> = {
  education: ['school', 'major', 'degree', 'from', 'to'],
  work: ['employer', 'position', 'from', 'to'],
  papers: ['title', 'journal', 'year'],
  books: ['title', 'publisher', 'year'],
};

/**
 * 专家个人信息 (seed 000 第四章第一节(一), seed 004 §6.5.2): the expert fills in their education, work,
 * honours, awards, expert titles, papers and books, saves a draft and submits it; it climbs from the
 * employer to the title office. While it is under review it cannot change.
 */
export default function MyProfilePage() {
  const me = createAsync(() => getMyProfile());
  return (
    <div class="setup-page" data-testid="my-profile">
      <PageHeader title={t('nav.setupMyProfile')} />
      <Show when={me()}>{(e) => <ProfileEditor e={e()} />}</Show>
    </div>
  );
}

function ProfileEditor(props: { e: ExpertProfile }) {
  const locked = () => props.e.profileStatus === 'submitted';
  const p = props.e.profile ?? {};
  const [lines, setLines] = createStore<Record<Lines, Record<string, string>[]>>({
    education: (p.education ?? []).map((x) => ({ ...x }) as Record<string, string>),
    work: (p.work ?? []).map((x) => ({ ...x }) as Record<string, string>),
    papers: (p.papers ?? []).map((x) => ({ ...x, year: x.year ? String(x.year) : '' }) as Record<string, string>),
    books: (p.books ?? []).map((x) => ({ ...x, year: x.year ? String(x.year) : '' }) as Record<string, string>),
  });
  const [texts, setTexts] = createStore<Record<Texts, string>>({
    honours: (p.honours ?? []).join('\n'),
    awards: (p.awards ?? []).join('\n'),
    expertTitles: (p.expertTitles ?? []).join('\n'),
  });
  const [note, setNote] = createSignal(p.note ?? '');
  const [phone, setPhone] = createSignal(props.e.phone ?? '');
  const [titleName, setTitleName] = createSignal(props.e.titleName ?? '');
  const save = useRunner(saveMyProfile);
  const submit = useRunner(submitMyProfile);

  const clean = (rows: Record<string, string>[], numeric: string[] = []) =>
    unwrap(rows)
      .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => String(v ?? '').trim()).map(([k, v]) => [k, numeric.includes(k) ? Number(v) : String(v).trim()])))
      .filter((r) => Object.keys(r).length);
  const split = (s: string) => s.split(/\n+/).map((x) => x.trim()).filter(Boolean);
  const profile = (): ProfileData =>
    ({
      education: clean(lines.education),
      work: clean(lines.work),
      papers: clean(lines.papers, ['year']),
      books: clean(lines.books, ['year']),
      honours: split(texts.honours),
      awards: split(texts.awards),
      expertTitles: split(texts.expertTitles),
      ...(note().trim() ? { note: note().trim() } : {}),
    }) as ProfileData;

  const doSave = async () => {
    const res = await save.run({ profile: profile(), phone: phone().trim() || null, titleName: titleName().trim() || null });
    if (res.ok) toast.success(t('common.saved'));
    return res.ok;
  };
  const doSubmit = async () => {
    if (!(await doSave())) return;
    if (!(await confirmAction({ title: t('setup.profile.submit'), message: t('setup.profile.submitConfirm') }))) return;
    const res = await submit.run();
    res.ok ? toast.success(t('setup.profile.submitted')) : toast.failure(res.error);
  };
  const lineError = (k: Lines, i: number) => Object.entries(save.fields()).find(([f]) => f.startsWith(`profile.${k}.${i}.`))?.[1];

  return (
    <>
      <section class="card">
        <header class="card-head">
          <h2>{props.e.name}</h2>
          <StatusBadge family="profileStatus" status={props.e.profileStatus} />
        </header>
        <p class="hint">{locked() ? t('setup.profile.locked') : t('setup.profile.hint')}</p>
      </section>
      <Show when={!locked()} fallback={<section class="card"><ProfileView e={props.e} /></section>}>
        <section class="card">
          <div class="row2">
            <TextField label={t('setup.library.phone')} value={phone()} onValue={setPhone} maxLength={20} error={save.fields().phone} />
            <TextField label={t('setup.library.titleName')} value={titleName()} onValue={setTitleName} maxLength={50} error={save.fields().titleName} />
          </div>
          <For each={Object.keys(FIELDS) as Lines[]}>
            {(k) => (
              <fieldset class="options-box">
                <legend>{t(`setup.profile.${k}`)}</legend>
                <Index each={lines[k]}>
                  {(row, i) => (
                    <div class="line-row">
                      <For each={FIELDS[k]}>
                        {(f) => (
                          <input
                            class={f === 'year' || f === 'from' || f === 'to' ? 'short' : ''}
                            placeholder={tx(`setup.profileField.${f}`)}
                            aria-label={tx(`setup.profileField.${f}`)}
                            value={row()[f] ?? ''}
                            onInput={(e) => setLines(k, i, f, e.currentTarget.value)}
                          />
                        )}
                      </For>
                      <button type="button" class="icon-btn" aria-label={t('setup.remove')} onClick={() => setLines(k, (l) => l.filter((_, j) => j !== i))}>
                        ×
                      </button>
                      <Show when={lineError(k, i)}>
                        <div class="field-error">{lineError(k, i)}</div>
                      </Show>
                    </div>
                  )}
                </Index>
                <button type="button" class="small link-btn" onClick={() => setLines(k, lines[k].length, {})}>
                  {t('setup.profile.addLine')}
                </button>
              </fieldset>
            )}
          </For>
          <For each={['honours', 'awards', 'expertTitles'] as const}>
            {(k) => <TextAreaField label={t(`setup.profile.${k}`)} value={texts[k]} onValue={(v) => setTexts(k, v)} rows={3} hint={t('setup.profile.onePerLine')} />}
          </For>
          <TextAreaField label={t('setup.note')} value={note()} onValue={setNote} rows={2} maxLength={2000} />
          <FormError message={save.formMessage() ?? submit.formMessage() ?? (submit.fields().profile || null)} />
          <div class="actions-row">
            <button type="button" onClick={doSave} disabled={save.pending()}>
              {t('setup.profile.saveDraft')}
            </button>
            <button type="button" class="primary" onClick={doSubmit} disabled={save.pending() || submit.pending()}>
              {t('setup.profile.submit')}
            </button>
          </div>
        </section>
      </Show>
      <Show when={props.e.log.length && !locked()}>
        <section class="card">
          <ProfileView e={{ ...props.e, profile: {} }} />
        </section>
      </Show>
    </>
  );
}
