import { For, Match, Show, Switch, createMemo, createSignal, onCleanup, onMount, untrack } from 'solid-js';
import { createStore } from 'solid-js/store';
import { A, createAsync, useNavigate, useParams, useSearchParams } from '@solidjs/router';
import type { DeclarationDetail, SectionKey, StoredFile } from '../../api/declarations';
import { isApiError, type ErrorDetail } from '../../api/error';
import { Dialog } from '../../components/Dialog';
import { FormError, TextAreaField } from '../../components/Field';
import { formatDateTime, messageOf, t, tx } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { getDeclaration, refetchDeclaration, submitDeclaration, useApplicantLive, withdrawDeclaration } from '../../stores/declarations';
import { toast } from '../../stores/toasts';
import { EditorCtx } from './FilesInput';
import { DeclarationReadOnly } from './ReadOnly';
import { SectionForm, newSectionStore, type SectionStore } from './SectionForm';
import { SettingsForm } from './SettingsForm';
import { SECTION_KEYS, specOf } from './sectionSpecs';
import { FlowLog, StatusBadge, one, positionText, titleLine } from './parts';

type StepKey = 'settings' | SectionKey | 'submit' | 'flow';

/** Sections whose absence never stops a submit (seed 000: 有什么填什么). */
const OPTIONAL: SectionKey[] = ['examCertificates', 'otherCertificates', 'achievements', 'papers'];

/**
 * 我的申报 › one declaration: while it is a draft (or withdrawn, or returned) a wizard over the
 * settings and every section, each saved on its own, then the check and submit; once submitted, the
 * materials read-only with the live timeline. The page follows the applicant's own room, so each
 * review step shows here the moment it commits.
 */
export default function DeclarationPage() {
  const params = useParams();
  const id = () => Number(params.id);
  const data = createAsync(() => getDeclaration(id()));
  onMount(() =>
    onCleanup(
      useApplicantLive((e) => {
        if (e.data.declarationId === id()) toast.info(t('decl.statusChanged', { status: tx(`decl.status.${e.data.status}`) }));
      }),
    ),
  );
  return (
    <div class="decl-page" data-testid="declaration-page">
      <Show when={data()} fallback={<p class="muted">{t('common.loading')}</p>}>
        {(d) => <Editor decl={d()} />}
      </Show>
    </div>
  );
}

function Editor(props: { decl: DeclarationDetail }) {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const d = () => props.decl;
  const editable = () => d().can.includes('edit');
  const step = (): StepKey => (one(params.step) as StepKey) ?? (editable() ? (Object.keys(d().sections).length ? 'submit' : 'basicInfo') : 'flow');
  const go = (s: StepKey) => {
    setParams({ step: s });
    window.scrollTo({ top: 0 });
  };
  // Files uploaded on this page, before the declaration is refetched.
  const [extraFiles, setExtraFiles] = createStore<Record<number, StoredFile>>({});
  const fileOf = (fid: number) => extraFiles[fid] ?? d().files.find((f) => f.id === fid);
  // Each section's form lives while the page is open, so moving between steps keeps what was typed.
  const forms = new Map<SectionKey, SectionStore>();
  const formOf = (key: SectionKey) => {
    let f = forms.get(key);
    if (!f) forms.set(key, (f = untrack(() => newSectionStore(specOf(key), d().sections[key]))));
    return f;
  };
  const [savedNow, setSavedNow] = createSignal<SectionKey[]>([]);
  const saved = (k: SectionKey) => k in d().sections || savedNow().includes(k);
  const [missing, setMissing] = createSignal<ErrorDetail[] | null>(null);
  const missingIn = (k: SectionKey) => (missing() ?? []).some((m) => m.path.startsWith(`sections.${k}`));
  const lastReturn = createMemo(() => [...d().flow].reverse().find((e) => e.toStatus === 'returned'));
  const steps = (): StepKey[] => (editable() ? ['settings', ...SECTION_KEYS, 'submit', 'flow'] : ['flow', ...SECTION_KEYS.filter((k) => k in d().sections)]);
  const idx = () => steps().indexOf(step());
  const [withdrawing, setWithdrawing] = createSignal(false);

  return (
    <EditorCtx.Provider value={{ decl: d, editable, file: fileOf, addFile: (f) => setExtraFiles(f.id, f) }}>
      <header class="decl-head">
        <div>
          <div class="crumbs">
            <A href="/declarations/mine">{t('decl.mine')}</A>
          </div>
          <h1>
            {t('decl.yearTitle', { year: d().year })} · {titleLine(d())}
          </h1>
          <div class="decl-meta">
            <StatusBadge status={d().status} label={d().statusName} />
            <Show when={positionText(d())}>
              <span class="muted" data-testid="position">
                {positionText(d())}
              </span>
            </Show>
            <span class="muted">
              {tx(`decl.route.${d().route}`, d().routeName)} · {tx(`decl.type.${d().declType}`, d().declTypeName)}
            </span>
            <Show when={d().policyResubmit}>
              <span class="badge warn">{t('decl.policyResubmit')}</span>
            </Show>
          </div>
        </div>
        <div class="decl-head-actions">
          <Show when={d().can.includes('withdraw')}>
            <button type="button" onClick={() => setWithdrawing(true)} data-testid="withdraw">
              {t('decl.withdraw')}
            </button>
          </Show>
          <Show when={editable()}>
            <button type="button" class="primary" onClick={() => go('submit')} data-testid="go-submit">
              {t('decl.toSubmit')}
            </button>
          </Show>
        </div>
      </header>
      <Show when={editable() && d().status === 'returned' && lastReturn()}>
        {(r) => (
          <div class="notice warn returned-notice" data-testid="returned-opinion">
            <strong>{t('decl.returnedBy', { org: r().orgName ?? '', at: formatDateTime(r().at) })}</strong>
            <p>{r().opinion}</p>
            <small>{t('decl.returnedHint')}</small>
          </div>
        )}
      </Show>
      <div class="decl-layout">
        <nav class="decl-steps" aria-label={t('decl.steps')}>
          <ol>
            <For each={steps()}>
              {(s) => (
                <li>
                  <button
                    type="button"
                    class="step-link"
                    classList={{
                      current: s === step(),
                      saved: s === 'settings' || (s !== 'submit' && s !== 'flow' && saved(s)),
                      missing: s !== 'settings' && s !== 'submit' && s !== 'flow' && missingIn(s),
                    }}
                    aria-current={s === step() ? 'step' : undefined}
                    onClick={() => go(s)}
                    data-step={s}
                  >
                    <span class="step-mark" aria-hidden="true" />
                    {stepLabel(s)}
                  </button>
                </li>
              )}
            </For>
          </ol>
        </nav>
        <main class="decl-main card">
          <h2 class="step-title">{stepLabel(step())}</h2>
          <Switch>
            <Match when={step() === 'settings'}>
              <Show when={editable()} fallback={<DeclarationReadOnly decl={d()} only="settings" />}>
                <SettingsForm
                  existing={d()}
                  onDone={() => {
                    toast.success(t('common.saved'));
                    void refetchDeclaration();
                    go('basicInfo');
                  }}
                />
              </Show>
            </Match>
            <Match when={step() === 'submit'}>
              <SubmitStep decl={d()} saved={saved} missing={missing()} setMissing={setMissing} go={go} />
            </Match>
            <Match when={step() === 'flow'}>
              <Overview decl={d()} />
            </Match>
            <Match when={editable()}>
              <Show when={OPTIONAL.includes(step() as SectionKey)}>
                <p class="muted small">{t('decl.optionalSection')}</p>
              </Show>
              <Show when={step() === 'workSummary'}>
                <p class="muted small">{t('decl.summaryHint')}</p>
              </Show>
              <MissingHere missing={missing()} section={step() as SectionKey} decl={d()} />
              {/* keyed: each section gets its own form instance */}
              <For each={[step() as SectionKey]}>
                {(k) => (
                  <SectionForm
                    section={k}
                    store={formOf(k)}
                    onSaved={() => {
                      setSavedNow((l) => [...l, k]);
                      setMissing((m) => m && m.filter((x) => !x.path.startsWith(`sections.${k}`)));
                    }}
                  />
                )}
              </For>
            </Match>
            <Match when={true}>
              <DeclarationReadOnly decl={d()} only={step() as SectionKey} />
            </Match>
          </Switch>
          <div class="step-nav">
            <button type="button" disabled={idx() <= 0} onClick={() => go(steps()[idx() - 1])}>
              ← {t('decl.prevStep')}
            </button>
            <button type="button" disabled={idx() >= steps().length - 1} onClick={() => go(steps()[idx() + 1])} data-testid="next-step">
              {t('decl.nextStep')} →
            </button>
          </div>
        </main>
      </div>
      <WithdrawDialog open={withdrawing()} id={d().id} onClose={() => setWithdrawing(false)} onDone={() => navigate(`/declarations/${d().id}?step=flow`)} />
    </EditorCtx.Provider>
  );
}

const stepLabel = (s: StepKey) => (s === 'settings' ? t('decl.settings') : s === 'submit' ? t('decl.submitStep') : s === 'flow' ? t('decl.progress') : tx(`decl.section.${s}`));

/** What the last submit attempt said is missing in this section. */
function MissingHere(props: { missing: ErrorDetail[] | null; section: SectionKey; decl: DeclarationDetail }) {
  const here = () => (props.missing ?? []).filter((m) => m.path.startsWith(`sections.${props.section}`));
  return (
    <Show when={here().length}>
      <ul class="notice warn missing-here">
        <For each={here()}>{(m) => <li>{missingText(m, props.decl)}</li>}</For>
      </ul>
    </Show>
  );
}

export function missingText(m: ErrorDetail, d: DeclarationDetail) {
  const parts = m.path.split('.');
  const section = parts[1] as SectionKey;
  if (m.code === 'material_missing') {
    const key = parts[parts.length - 1];
    return t('decl.missing.material_missing', { name: d.requiredMaterials.find((x) => x.key === key)?.name ?? key });
  }
  return tx(`decl.missing.${m.code ?? ''}`, '').replace('{section}', tx(`decl.section.${section}`)) || `${tx(`decl.section.${section}`)}: ${m.message}`;
}

/** 提交: which sections are saved, what the server says is missing, then submit (locks it). */
function SubmitStep(props: { decl: DeclarationDetail; saved: (k: SectionKey) => boolean; missing: ErrorDetail[] | null; setMissing: (m: ErrorDetail[] | null) => void; go: (s: StepKey) => void }) {
  const run = useRunner(submitDeclaration);
  const submit = async () => {
    props.setMissing(null);
    const res = await run.run(props.decl.id);
    if (res.ok) {
      toast.success(t('decl.submitted'));
      props.go('flow');
    } else if (isApiError(res.error) && res.error.code === 'declaration_incomplete') {
      props.setMissing(res.error.details);
    }
  };
  const formMessage = () => (run.error() && !(isApiError(run.error()) && (run.error() as { code: string }).code === 'declaration_incomplete') ? messageOf(run.error()) : null);
  return (
    <div class="submit-step" data-testid="submit-step">
      <p class="muted">{t('decl.submitIntro')}</p>
      <ul class="section-checklist">
        <For each={SECTION_KEYS}>
          {(k) => (
            <li classList={{ done: props.saved(k), missing: (props.missing ?? []).some((m) => m.path.startsWith(`sections.${k}`)) }}>
              <button type="button" class="link-btn" onClick={() => props.go(k)}>
                {tx(`decl.section.${k}`)}
              </button>
              <span class="small">{props.saved(k) ? t('decl.sectionDone') : OPTIONAL.includes(k) ? t('decl.sectionOptional') : t('decl.sectionTodo')}</span>
            </li>
          )}
        </For>
      </ul>
      <Show when={props.missing?.length}>
        <div class="notice warn" data-testid="missing-list" role="alert">
          <strong>{t('error.declaration_incomplete')}</strong>
          <ol>
            <For each={props.missing!}>
              {(m) => (
                <li>
                  <button type="button" class="link-btn" onClick={() => props.go(m.path.split('.')[1] as SectionKey)}>
                    {missingText(m, props.decl)}
                  </button>
                </li>
              )}
            </For>
          </ol>
        </div>
      </Show>
      <FormError message={formMessage()} />
      <div class="form-actions">
        <button type="button" class="primary" disabled={run.pending()} onClick={() => void submit()} data-testid="submit">
          {run.pending() ? t('decl.submitting') : t('decl.submit')}
        </button>
      </div>
      <p class="muted small">{t('decl.submitNote')}</p>
    </div>
  );
}

/** 申报进度: where it is, the path up the tree, and the timeline (live). */
function Overview(props: { decl: DeclarationDetail }) {
  const d = () => props.decl;
  return (
    <div class="overview" data-testid="overview">
      <dl class="facts">
        <dt>{t('decl.statusLabel')}</dt>
        <dd>
          <StatusBadge status={d().status} label={d().statusName} />
        </dd>
        <Show when={d().step}>
          <dt>{t('decl.waitingAt')}</dt>
          <dd>{positionText(d())}</dd>
        </Show>
        <Show when={d().submittedAt}>
          <dt>{t('decl.submittedAt')}</dt>
          <dd>{formatDateTime(d().submittedAt)}</dd>
        </Show>
        <Show when={d().path.length}>
          <dt>{t('decl.path')}</dt>
          <dd>
            <ol class="path-list">
              <For each={d().path}>{(o) => <li classList={{ here: o.id === d().currentOrg?.id }}>{o.name}</li>}</For>
            </ol>
          </dd>
        </Show>
        <Show when={d().committee}>
          <dt>{t('decl.committee')}</dt>
          <dd>{d().committee!.name}</dd>
        </Show>
      </dl>
      <FlowLog declarationId={d().id} entries={d().flow} />
    </div>
  );
}

function WithdrawDialog(props: { open: boolean; id: number; onClose: () => void; onDone: () => void }) {
  const [reason, setReason] = createSignal('');
  const run = useRunner(withdrawDeclaration);
  return (
    <Dialog
      open={props.open}
      title={t('decl.withdrawTitle')}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            class="danger"
            disabled={run.pending()}
            data-testid="withdraw-confirm"
            onClick={async () => {
              const res = await run.run(props.id, reason().trim() || undefined);
              if (res.ok) {
                toast.success(t('decl.withdrawn'));
                props.onClose();
                props.onDone();
              }
            }}
          >
            {t('decl.withdraw')}
          </button>
        </>
      }
    >
      <p>{t('decl.withdrawText')}</p>
      <TextAreaField label={t('decl.withdrawReason')} value={reason()} onValue={setReason} rows={3} maxLength={500} error={run.fields().reason} />
      <FormError message={run.formMessage()} />
    </Dialog>
  );
}
