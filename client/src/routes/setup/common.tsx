import { For, Show, createEffect, createMemo, createSignal, type JSX } from 'solid-js';
import { Badge, type Tone } from '../../components/Badge';
import { FieldFrame } from '../../components/Field';
import { t, tx } from '../../i18n';
import { toast } from '../../stores/toasts';
import { downloadFile, openFile } from '../../api/setup';
import type { QueryParams } from '../../api/client';
import { catalogueNow, specialtyNames } from '../../stores/setup';
import type { SessionState } from '../../stores/session';
import '../../styles/setup.css';

/** Small pieces the setup pages share. */
export const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

type S = Pick<SessionState, 'account' | 'org' | 'can'>;
export const orgKind = (s: S) => s.org?.kind ?? '';
/** 评委会组建单位 or a unit that evaluates its own people: they build libraries and run meetings. */
export const runsMeetings = (s: S) => orgKind(s) === 'committee_unit' || orgKind(s) === 'self_evaluating';
export const isOffice = (s: S) => orgKind(s) === 'office';

export const LEVELS = ['zhenggao', 'fugao', 'zhongji', 'zhuli', 'yuan'] as const;
export const levelName = (l: string | null | undefined) => (l ? tx(`setup.level.${l}`, l) : '—');

const TONES: Record<string, Tone> = {
  setup: 'info',
  ready: 'ok',
  running: 'ok',
  closed: 'muted',
  draft: 'muted',
  submitted: 'warn',
  handler_approved: 'warn',
  approved: 'ok',
  confirmed: 'ok',
  returned: 'bad',
  pending: 'warn',
  accepted: 'ok',
  refused: 'bad',
  withdrawn: 'muted',
  cancelled: 'muted',
  done: 'ok',
  active: 'ok',
  removed: 'muted',
  disabled: 'muted',
};
/** A status as a coloured badge, its text from `setup.<family>.<status>`. */
export function StatusBadge(props: { family: string; status: string }) {
  return (
    <Badge tone={TONES[props.status] ?? 'info'}>
      <span data-status={props.status}>{tx(`setup.${props.family}.${props.status}`, props.status)}</span>
    </Badge>
  );
}

/** Specialty codes as names (the catalogue is read once and cached). */
export function useSpecialties() {
  const catalogue = catalogueNow;
  const names = createMemo(() => specialtyNames(catalogue()));
  const name = (code: string) => names().get(code) ?? code;
  const list = (codes: readonly string[]) => (codes.length ? codes.map(name).join('、') : '—');
  /** The specialties of some series, for pickers. */
  const ofSeries = (series: readonly string[]) =>
    (catalogue() ?? []).filter((s) => series.includes(s.code)).flatMap((s) => s.specialties.filter((x) => x.status === 'active').map((x) => ({ code: x.code, name: x.name })));
  const seriesName = (code: string) => (catalogue() ?? []).find((s) => s.code === code)?.name ?? code;
  return { catalogue, name, list, ofSeries, seriesName };
}

/** A button that streams a spreadsheet with the session's token. */
export function ExportButton(props: { path: string; query?: QueryParams; label: string; class?: string; testid?: string }) {
  const [busy, setBusy] = createSignal(false);
  return (
    <button
      type="button"
      class={props.class ?? ''}
      disabled={busy()}
      data-testid={props.testid ?? 'export'}
      onClick={async () => {
        setBusy(true);
        try {
          await downloadFile(props.path, props.query);
        } catch (e) {
          toast.failure(e);
        } finally {
          setBusy(false);
        }
      }}
    >
      {busy() ? t('setup.exporting') : props.label}
    </button>
  );
}

export function FileButton(props: { path: string; children: JSX.Element }) {
  return (
    <button type="button" class="small" onClick={() => openFile(props.path).catch((e) => toast.failure(e))}>
      {props.children}
    </button>
  );
}

/** Tabs kept in the URL (?tab=), so a reload stays on the same one. */
export function Tabs<T extends string>(props: { tabs: readonly T[]; current: T; label: (t: T) => string; onSelect: (t: T) => void; badge?: (t: T) => JSX.Element }) {
  let bar!: HTMLDivElement;
  // On a phone the row scrolls: keep the current tab in view (a reload on ?tab=blind starts there).
  createEffect(() => {
    const btn = bar.querySelector<HTMLElement>(`[data-tab="${props.current}"]`);
    if (!btn) return;
    if (btn.offsetLeft < bar.scrollLeft || btn.offsetLeft + btn.offsetWidth > bar.scrollLeft + bar.clientWidth) bar.scrollLeft = Math.max(0, btn.offsetLeft - 24);
  });
  return (
    <div class="tabs setup-tabs" role="tablist" ref={bar}>
      <For each={props.tabs}>
        {(x) => (
          <button type="button" role="tab" aria-selected={props.current === x} classList={{ active: props.current === x }} onClick={() => props.onSelect(x)} data-tab={x}>
            {props.label(x)}
            {props.badge?.(x)}
          </button>
        )}
      </For>
    </div>
  );
}

/** A labelled select whose options may arrive after it is drawn (each option carries `selected`). */
export function PickField<T extends string>(props: {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onValue: (v: T) => void;
  error?: string;
  hint?: JSX.Element;
  name?: string;
  required?: boolean;
}) {
  const id = `pick-${Math.random().toString(36).slice(2, 8)}`;
  return (
    <FieldFrame id={id} label={props.label} error={props.error} hint={props.hint} required={props.required}>
      <select id={id} name={props.name} aria-invalid={props.error ? 'true' : undefined} onChange={(e) => props.onValue(e.currentTarget.value as T)}>
        <For each={props.options}>{(o) => <option value={o.value} selected={o.value === props.value}>{o.label}</option>}</For>
      </select>
    </FieldFrame>
  );
}

/** Several codes from a list, as checkboxes (specialties, levels). */
export function CheckGroup(props: { label: string; options: readonly { value: string; label: string }[]; value: readonly string[]; onValue: (v: string[]) => void; error?: string; name?: string; required?: boolean }) {
  const toggle = (v: string, on: boolean) => props.onValue(on ? [...props.value.filter((x) => x !== v), v] : props.value.filter((x) => x !== v));
  return (
    <fieldset class="field check-field" classList={{ 'has-error': !!props.error }} data-name={props.name}>
      <legend>
        {props.label}
        <Show when={props.required}>
          <span class="req" aria-hidden="true">
            *
          </span>
        </Show>
      </legend>
      <div class="check-row">
        <For each={props.options} fallback={<span class="muted small">{t('common.empty')}</span>}>
          {(o) => (
            <label class="check">
              <input type="checkbox" value={o.value} checked={props.value.includes(o.value)} onChange={(e) => toggle(o.value, e.currentTarget.checked)} />
              <span>{o.label}</span>
            </label>
          )}
        </For>
      </div>
      <Show when={props.error}>
        <div class="field-error" role="alert">
          {props.error}
        </div>
      </Show>
    </fieldset>
  );
}

// Dates: the server speaks ISO instants; <input type="datetime-local"> speaks local wall time.
const pad = (n: number) => String(n).padStart(2, '0');
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
export function fromLocalInput(v: string): string | null {
  if (!v) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
export const dateOnly = (iso: string | null | undefined) => (iso ? toLocalInput(iso).slice(0, 10) : '—');

/** A number shown as a fraction "2/3". */
export const fractionText = (f: readonly [number, number]) => `${f[0]}/${f[1]}`;

/** Reads "2/3" back; null when it is not a proper fraction. */
export function parseFraction(s: string): [number, number] | null {
  const m = /^\s*(\d{1,3})\s*\/\s*(\d{1,3})\s*$/.exec(s);
  if (!m) return null;
  const n = Number(m[1]);
  const d = Number(m[2]);
  return n >= 1 && d >= 1 && n <= d && d <= 100 ? [n, d] : null;
}
