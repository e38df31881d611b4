import { For, Show, createSignal, type JSX } from 'solid-js';
import { FieldFrame } from '../../components/Field';
import { Badge, type Tone } from '../../components/Badge';
import { t, tx } from '../../i18n';
import { toast } from '../../stores/toasts';
import { download, openPdf } from '../../api/after';
import type { QueryParams } from '../../api/client';
import '../../styles/after.css';

/** Small pieces the after-meeting pages share. */
export const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

const OUTCOME_TONES: Record<string, Tone> = { pending: 'info', confirmed: 'ok', held: 'warn', revoked: 'bad', failed: 'muted' };
export function OutcomeBadge(props: { outcome: string | null }) {
  return <Show when={props.outcome}>{(o) => <Badge tone={OUTCOME_TONES[o()] ?? 'info'}>{tx(`after.outcome.${o()}`)}</Badge>}</Show>;
}

export function ResultBadge(props: { result: string | null }) {
  return (
    <Show when={props.result && props.result !== 'pending'} fallback={<Badge tone="muted">{t('after.result.pending')}</Badge>}>
      <Badge tone={props.result === 'passed' ? 'ok' : 'bad'}>{tx(`after.result.${props.result}`)}</Badge>
    </Show>
  );
}

const STATUS_TONES: Record<string, Tone> = {
  draft: 'muted', submitted: 'info', passed: 'ok', returned: 'warn', accepted: 'info', concluded: 'ok', rejected: 'muted', valid: 'ok', revoked: 'bad', open: 'warn', upheld: 'bad', dismissed: 'muted',
};
export function StatusBadge(props: { status: string; label: string }) {
  return <Badge tone={STATUS_TONES[props.status] ?? 'info'}>{props.label}</Badge>;
}

/** A button that streams a spreadsheet with the session's token. */
export function ExportButton(props: { path: string; query?: QueryParams; label?: string; class?: string }) {
  const [busy, setBusy] = createSignal(false);
  return (
    <button
      type="button"
      class={props.class ?? ''}
      disabled={busy()}
      data-testid="export"
      onClick={async () => {
        setBusy(true);
        try {
          await download(props.path, props.query);
        } catch (e) {
          toast.failure(e);
        } finally {
          setBusy(false);
        }
      }}
    >
      {busy() ? t('after.exporting') : (props.label ?? t('after.export'))}
    </button>
  );
}

export function PdfButton(props: { path: string; children: JSX.Element; class?: string }) {
  return (
    <button type="button" class={props.class ?? 'small'} onClick={() => openPdf(props.path).catch((e) => toast.failure(e))}>
      {props.children}
    </button>
  );
}

export const votesText = (v: { yes: number | null; no: number | null; abstain: number | null } | null) =>
  v && v.yes !== null ? t('after.votes', { yes: v.yes ?? 0, no: v.no ?? 0, abstain: v.abstain ?? 0 }) : '—';

/** Tabs kept in the URL (?tab=), so a reload stays on the same one. */
export function Tabs<T extends string>(props: { tabs: readonly T[]; current: T; label: (t: T) => string; onSelect: (t: T) => void }) {
  return (
    <div class="tabs" role="tablist">
      {props.tabs.map((x) => (
        <button type="button" role="tab" aria-selected={props.current === x} classList={{ active: props.current === x }} onClick={() => props.onSelect(x)} data-tab={x}>
          {props.label(x)}
        </button>
      ))}
    </div>
  );
}

/**
 * A labelled select whose options may arrive after it is drawn: each option carries `selected`,
 * so the chosen value shows however late its option comes.
 */
export function PickField<T extends string>(props: { label: string; value: T; options: readonly { value: T; label: string }[]; onValue: (v: T) => void; error?: string; hint?: JSX.Element; name?: string }) {
  const id = `pick-${Math.random().toString(36).slice(2, 8)}`;
  return (
    <FieldFrame id={id} label={props.label} error={props.error} hint={props.hint}>
      <select id={id} name={props.name} aria-invalid={props.error ? 'true' : undefined} onChange={(e) => props.onValue(e.currentTarget.value as T)}>
        <For each={props.options}>{(o) => <option value={o.value} selected={o.value === props.value}>{o.label}</option>}</For>
      </select>
    </FieldFrame>
  );
}
