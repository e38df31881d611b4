import { For, Show, createSignal, type JSX } from 'solid-js';
import { Badge, type Tone } from '../../components/Badge';
import { formatDateTime, t, tx } from '../../i18n';
import { toast } from '../../stores/toasts';
import { download } from '../../api/after';
import type { QueryParams } from '../../api/client';
import type { Declaration, FlowEntry, Series } from '../../api/declarations';
import '../../styles/declarations.css';

/** Small pieces the declaration screens share. */
export const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

const TONES: Record<string, Tone> = {
  draft: 'muted',
  withdrawn: 'muted',
  returned: 'warn',
  under_review: 'info',
  awaiting_publicity: 'info',
  in_publicity: 'info',
  awaiting_recommendation: 'info',
  awaiting_assignment: 'info',
  assigned: 'info',
  policy_review: 'info',
  policy_passed: 'ok',
  policy_failed: 'warn',
  ready_for_meeting: 'ok',
  approved: 'ok',
  failed: 'bad',
  blacklisted: 'bad',
  terminated: 'bad',
  result_publicity: 'info',
  result_held: 'warn',
  review_passed: 'ok',
  review_failed: 'bad',
};

export function StatusBadge(props: { status: string; label?: string | null }) {
  return (
    <Badge tone={TONES[props.status] ?? 'info'}>
      <span data-testid="status" data-status={props.status}>
        {tx(`decl.status.${props.status}`, props.label ?? props.status)}
      </span>
    </Badge>
  );
}

/** 系列 · 层级 · 资格名称 (专业) in one line. */
export function titleLine(d: Pick<Declaration, 'seriesName' | 'level' | 'levelName' | 'qualificationName' | 'specialty'>) {
  const parts = [d.seriesName, tx(`decl.level.${d.level}`, d.levelName), d.qualificationName].filter(Boolean);
  return `${parts.join(' · ')}${d.specialty ? `（${d.specialty.name}）` : ''}`;
}

/** Where it waits now: the step and the org, or the status alone. */
export function positionText(d: Pick<Declaration, 'status' | 'statusName' | 'step' | 'stepName' | 'currentOrg'>) {
  if (!d.step) return '';
  return `${d.currentOrg?.name ?? ''} · ${tx(`decl.step.${d.step}`, d.stepName ?? d.step)}`;
}

/** A button that streams a spreadsheet with the session's token. */
export function ExportButton(props: { path: string; query?: QueryParams; label?: string; testid?: string }) {
  const [busy, setBusy] = createSignal(false);
  return (
    <button
      type="button"
      disabled={busy()}
      data-testid={props.testid ?? 'export'}
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
      {busy() ? t('decl.exporting') : (props.label ?? t('decl.export'))}
    </button>
  );
}

/** An uploaded file: its name downloads it (GET /api/files/:id checks who may read it). */
export function FileLink(props: { id: number; name: string; size?: number }) {
  return (
    <button type="button" class="link-btn file-link" title={t('decl.download')} onClick={() => download(`/files/${props.id}`, undefined, props.name).catch((e) => toast.failure(e))}>
      {props.name}
      <Show when={props.size !== undefined}>
        <small class="muted"> {sizeText(props.size!)}</small>
      </Show>
    </button>
  );
}

export const sizeText = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

const ACTION_TONES: Record<string, string> = { pass: 'ok', policy_first_pass: 'ok', policy_second_pass: 'ok', accept: 'ok', return: 'warn', fail: 'bad', blacklist: 'bad', terminate: 'bad', policy_second_fail: 'bad', policy_first_fail: 'warn', refuse: 'warn' };

/**
 * 流转日志 as a timeline, newest first: what happened, at which org and step, by which role (the
 * applicant sees roles, reviewers see names too), with the opinion.
 */
export function Timeline(props: { entries: readonly FlowEntry[] }) {
  const list = () => [...props.entries].sort((a, b) => b.seq - a.seq);
  return (
    <ol class="flow-log" data-testid="timeline">
      <For each={list()} fallback={<li class="muted">{t('decl.flowEmpty')}</li>}>
        {(e) => (
          <li data-seq={e.seq} data-action={e.action} class={`flow-${ACTION_TONES[e.action] ?? 'info'}`}>
            <div class="flow-head">
              <strong class="flow-action">{tx(`decl.action.${e.action}`, e.action)}</strong>
              <span class="flow-move">
                {tx(`decl.status.${e.fromStatus}`)} → {tx(`decl.status.${e.toStatus}`)}
              </span>
              <time class="muted small" dateTime={e.at}>
                {formatDateTime(e.at)}
              </time>
            </div>
            <div class="flow-who muted small">
              {[e.orgName, e.step ? tx(`decl.step.${e.step}`) : null, tx(`decl.actorRole.${e.actorRole}`, e.actorRole), e.actorName].filter(Boolean).join(' · ')}
            </div>
            <Show when={e.opinion}>
              <blockquote class="flow-opinion">{e.opinion}</blockquote>
            </Show>
          </li>
        )}
      </For>
    </ol>
  );
}

/** The specialties of a series as options, children indented under their parents. */
export function specialtyOptions(s: Series | undefined): { value: string; label: string }[] {
  if (!s) return [];
  const active = s.specialties.filter((x) => x.status === 'active');
  const out: { value: string; label: string }[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const sp of active.filter((x) => x.parentId === parent).sort((a, b) => a.position - b.position || a.id - b.id)) {
      out.push({ value: String(sp.id), label: `${'\u3000'.repeat(depth)}${sp.name}` });
      walk(sp.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** A card with a title row (and buttons on its right). */
export function Panel(props: { title: JSX.Element; actions?: JSX.Element; children: JSX.Element; class?: string; testid?: string }) {
  return (
    <section class={`card panel ${props.class ?? ''}`} data-testid={props.testid}>
      <div class="panel-head">
        <h2>{props.title}</h2>
        <Show when={props.actions}>
          <div class="panel-actions">{props.actions}</div>
        </Show>
      </div>
      {props.children}
    </section>
  );
}

/** Tabs kept in the URL by the caller. */
export function Tabs<T extends string>(props: { tabs: readonly T[]; current: T; label: (t: T) => JSX.Element; onSelect: (t: T) => void }) {
  return (
    <div class="tabs" role="tablist">
      <For each={props.tabs}>
        {(x) => (
          <button type="button" role="tab" aria-selected={props.current === x} classList={{ active: props.current === x }} onClick={() => props.onSelect(x)} data-tab={x}>
            {props.label(x)}
          </button>
        )}
      </For>
    </div>
  );
}

/** A local date-time for an <input type=datetime-local>, and back to ISO. */
export const toLocalInput = (d: Date) => {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
};
export const fromLocalInput = (s: string) => new Date(s).toISOString();

/** 流程记录: the declaration's flow log with its heading and spreadsheet export (applicant's page, review drawer). */
export function FlowLog(props: { declarationId: number; entries: readonly FlowEntry[] }) {
  return (
    <>
      <div class="panel-head">
        <h3>{t('decl.flow')}</h3>
        <div class="panel-actions">
          <ExportButton path={`/declarations/${props.declarationId}/flow/export`} label={t('decl.flowExport')} testid="flow-export" />
        </div>
      </div>
      <Timeline entries={props.entries} />
    </>
  );
}
