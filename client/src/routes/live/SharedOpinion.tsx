import { For, Show, createEffect, createMemo, createSignal, on, onCleanup } from 'solid-js';
import { Dialog } from '../../components/Dialog';
import { t, tx } from '../../i18n';
import { bindTextarea, type TextBinding } from '../../lib/textBinding';
import { colorFor, useSharedOpinion, type Peer, type SharedOpinion } from '../../stores/opinionDocs';
import { session } from '../../stores/session';
import type { LiveApplicant, LiveAssignment, Snapshot } from '../../api/live';
import type { CollabField } from '../../../../realtime/collab/names';
import '../../styles/opinion.css';

/**
 * 共同意见: one opinion field that the experts of a material write together (the meeting's
 * `sharedOpinionFields`), bound to its Yjs document. Writers see who else is in it and where their
 * cursor is; readers (leader, chair, staff, supervisors) watch it live; once the main reviewer has
 * finished, everyone sees the frozen text, read-only.
 */
export const sharedFieldsOf = (snap: Snapshot): CollabField[] => (snap.meeting.options.sharedOpinionFields ?? []) as CollabField[];

/** The main reviewer of the material has finished: the shared opinions are frozen. */
export const mainFinished = (snap: Snapshot, meetingApplicantId: number) =>
  snap.assignments.some((x) => x.meetingApplicantId === meetingApplicantId && x.role === 'main' && x.state === 'final');

/** The name and colour others see for me in a shared opinion. */
export function opinionUser(snap: Snapshot, readOnly: boolean) {
  const me = snap.viewer.meetingExpertId ? snap.experts.find((e) => e.meetingExpertId === snap.viewer.meetingExpertId) : undefined;
  const id = session.account?.id ?? 0;
  return { name: me?.name ?? session.account?.name ?? '—', color: colorFor(id), readOnly };
}

export function useOpinionOf(snap: Snapshot, meetingApplicantId: number, field: CollabField, write: boolean): SharedOpinion {
  return useSharedOpinion({
    ref: { meetingId: snap.meeting.id, meetingApplicantId, field },
    user: opinionUser(snap, !write),
    persist: write,
    frozen: mainFinished(snap, meetingApplicantId),
  });
}

type Mode = 'write' | 'read' | 'frozen' | 'refused';
type Conn = 'synced' | 'connecting' | 'offline';

let uid = 0;

export function SharedOpinionField(props: {
  opinion: SharedOpinion;
  label: string;
  /** The viewer writes here (as far as the snapshot says; the server has the last word). */
  editable: boolean;
  /** The main reviewer has finished (from the snapshot). */
  frozen: boolean;
  error?: string;
  rows?: number;
}) {
  const o = props.opinion;
  const id = `so${++uid}`;
  const [ta, setTa] = createSignal<HTMLTextAreaElement>();
  let overlay: HTMLDivElement | undefined;
  let binding: TextBinding | null = null;

  const mode = createMemo<Mode>(() => {
    const s = o.state();
    if (s.status === 'refused') return 'refused';
    if (s.frozen || props.frozen) return 'frozen';
    if (!props.editable || s.right === 'read') return 'read';
    return 'write';
  });
  const conn = createMemo<Conn>(() => (!o.online() ? 'offline' : o.state().status === 'synced' ? 'synced' : 'connecting'));

  createEffect(() => {
    if (props.frozen) o.markFrozen();
  });

  // Bind the textarea to the current document (a new one after the freeze).
  createEffect(
    on([ta, o.handle], ([el, h]) => {
      if (!el || !h) return;
      const b = bindTextarea({ textarea: el, text: h.text, onRender: scheduleDraw, onSelection: publishCursor });
      binding = b;
      onCleanup(() => {
        b.destroy();
        if (binding === b) binding = null;
      });
    }),
  );

  function publishCursor() {
    const el = ta();
    if (!el || mode() !== 'write' || document.activeElement !== el) return;
    const sel = binding?.selection();
    if (sel) o.setCursor(sel);
  }
  createEffect(() => {
    if (mode() !== 'write') o.setCursor(null);
  });

  // ---- remote cursors: a mirror of the textarea's text under it, with carets and selections ----
  let frame = 0;
  function scheduleDraw() {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      draw();
    });
  }
  onCleanup(() => cancelAnimationFrame(frame));
  // A narrower box wraps differently: grow it again and re-place the flags.
  createEffect(() => {
    const el = ta();
    if (!el || typeof ResizeObserver === 'undefined') return;
    let width = el.offsetWidth;
    const ro = new ResizeObserver(() => {
      if (el.offsetWidth === width) return;
      width = el.offsetWidth;
      scheduleDraw();
    });
    ro.observe(el);
    onCleanup(() => ro.disconnect());
  });
  createEffect(() => {
    o.version();
    mode();
    scheduleDraw();
  });

  /** The box grows with the text (no inner scrolling, so the overlay needs no scroll sync). */
  function autoGrow(el: HTMLTextAreaElement, cs: CSSStyleDeclaration) {
    const borders = parseFloat(cs.borderTopWidth) + parseFloat(cs.borderBottomWidth);
    // Shrinking first (height: auto) can shorten the page for a moment: keep the reader where they are.
    const y = window.scrollY;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight + borders}px`;
    if (window.scrollY !== y) window.scrollTo({ top: y });
  }

  // A name flag shows while its owner moves or types, then folds away so it does not cover the text.
  const FLAG_MS = 4000;
  const moved = new Map<number, { key: string; at: number }>();
  let quietTimer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(quietTimer));
  function flagShown(p: Peer, now: number): boolean {
    const seen = moved.get(p.clientId);
    if (!seen || seen.key !== p.cursorKey) {
      moved.set(p.clientId, { key: p.cursorKey, at: now });
      return true;
    }
    return now - seen.at < FLAG_MS;
  }

  function draw() {
    const el = ta();
    if (!el || !overlay) return;
    const cs = getComputedStyle(el);
    autoGrow(el, cs);
    const value = el.value;
    // Mid-composition the box and the document differ for a moment: draw when they agree again.
    if (value !== o.handle().text.toString()) return;
    for (const p of ['fontFamily', 'fontSize', 'fontWeight', 'lineHeight', 'letterSpacing', 'tabSize', 'textIndent', 'paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft', 'borderTopWidth', 'borderRightWidth', 'borderBottomWidth', 'borderLeftWidth'] as const) {
      overlay.style[p] = cs[p];
    }
    const others = mode() === 'write' || mode() === 'read' ? o.peers().filter((p) => !p.self && !p.readOnly && p.head !== null) : [];
    const clamp = (n: number) => Math.max(0, Math.min(value.length, n));
    const points = new Set<number>([0, value.length]);
    for (const p of others) {
      points.add(clamp(p.head!));
      if (p.anchor !== null) points.add(clamp(p.anchor));
    }
    const sorted = [...points].sort((a, b) => a - b);
    const now = Date.now();
    const loud = new Set(others.filter((p) => flagShown(p, now)).map((p) => p.clientId));
    clearTimeout(quietTimer);
    if (loud.size) quietTimer = setTimeout(scheduleDraw, FLAG_MS + 50);
    const nodes: Node[] = [];
    for (let i = 0; i < sorted.length; i++) {
      const at = sorted[i];
      for (const p of others) if (clamp(p.head!) === at) nodes.push(caret(p, !loud.has(p.clientId)));
      if (i + 1 >= sorted.length) break;
      const next = sorted[i + 1];
      const segment = value.slice(at, next);
      const cover = others.find((p) => p.anchor !== null && p.anchor !== p.head && Math.min(p.anchor, p.head!) <= at && next <= Math.max(p.anchor, p.head!));
      if (cover) {
        const span = document.createElement('span');
        span.className = 'so-sel';
        span.style.backgroundColor = `${cover.color}33`;
        span.textContent = segment;
        nodes.push(span);
      } else nodes.push(document.createTextNode(segment));
    }
    // A final line break makes a line in a textarea but not in a div unless something follows it.
    nodes.push(document.createTextNode('\u200b'));
    overlay.replaceChildren(...nodes);
    // A name flag on the first line would cover the label: put it under the caret there.
    // …and one that would stick out on the right opens to the left of its caret.
    for (const c of overlay.querySelectorAll<HTMLElement>('.so-caret')) {
      c.classList.toggle('below', c.offsetTop < parseFloat(cs.paddingTop) + 4);
      const flag = c.querySelector<HTMLElement>('.so-flag');
      if (flag) c.classList.toggle('leftward', c.offsetLeft + flag.offsetWidth > overlay.clientWidth - 2);
    }
  }

  function caret(p: Peer, quiet: boolean): HTMLElement {
    const c = document.createElement('span');
    c.className = quiet ? 'so-caret quiet' : 'so-caret';
    c.dataset.peer = p.name;
    c.style.setProperty('--c', p.color);
    c.append('\u2060');
    const flag = document.createElement('span');
    flag.className = 'so-flag';
    flag.textContent = p.name;
    c.append(flag);
    return c;
  }

  const statusText = () => {
    const m = mode();
    if (m === 'frozen') return t('opinion.status.frozen');
    if (m === 'refused') return t('opinion.status.refused');
    const c = conn();
    if (c === 'offline') return o.unsent() ? t('opinion.status.offlineUnsent') : t('opinion.status.offline');
    if (c === 'connecting') return o.unsent() ? t('opinion.status.connectingUnsent') : t('opinion.status.connecting');
    return m === 'read' ? t('opinion.status.readLive') : t('opinion.status.synced');
  };
  const tone = () => {
    const m = mode();
    if (m === 'frozen') return 'ok';
    if (m === 'refused') return 'bad';
    if (conn() !== 'synced') return o.unsent() ? 'warn' : 'muted';
    return m === 'read' ? 'info' : 'ok';
  };
  const peers = () => o.peers();

  return (
    <div
      class="field shared-opinion"
      classList={{ 'has-error': !!props.error, frozen: mode() === 'frozen' }}
      data-testid="shared-opinion"
      data-field={o.field}
      data-mode={mode()}
      data-conn={conn()}
      data-unsent={o.unsent() ? 'true' : 'false'}
    >
      <div class="so-head">
        <label for={id}>
          {props.label}
          <span class="so-tag">{t('opinion.sharedTag')}</span>
        </label>
        <span class={`so-status ${tone()}`} data-testid="opinion-status" role="status">
          <span class="so-dot" aria-hidden="true" />
          {statusText()}
        </span>
      </div>
      <Show
        when={mode() !== 'refused'}
        fallback={
          <div class="notice bad" data-testid="opinion-refused">
            {t('opinion.refused')}
          </div>
        }
      >
        <Show when={mode() === 'frozen'}>
          <div class="notice ok so-frozen-note" data-testid="opinion-frozen">
            {t('opinion.frozenNote')}
          </div>
        </Show>
        <div class="so-box">
          <textarea
            ref={setTa}
            id={id}
            name={o.field}
            rows={mode() === 'write' ? (props.rows ?? 4) : 2}
            maxLength={5000}
            readOnly={mode() !== 'write'}
            aria-readonly={mode() !== 'write' ? 'true' : undefined}
            aria-invalid={props.error ? 'true' : undefined}
            placeholder={mode() === 'write' ? t('opinion.placeholder') : ''}
            data-testid="opinion-text"
          />
          <div class="so-overlay" ref={overlay} aria-hidden="true" />
        </div>
        <Show when={mode() !== 'frozen'}>
          <ul class="so-people" data-testid="opinion-people" aria-label={t('opinion.people')}>
            <For each={peers()}>
              {(p) => (
                <li class="so-person" classList={{ self: p.self, reader: p.readOnly }} data-testid="opinion-peer" data-name={p.name} data-self={p.self ? 'true' : 'false'} style={{ '--c': p.color }}>
                  <span class="so-swatch" aria-hidden="true" />
                  {p.name}
                  <Show when={p.self}>
                    <span class="muted">{t('opinion.me')}</span>
                  </Show>
                  <Show when={!p.self && p.readOnly}>
                    <span class="muted">{t('opinion.viewing')}</span>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
      <Show when={props.error}>
        <div class="field-error">{props.error}</div>
      </Show>
    </div>
  );
}

/** The shared opinions of one material, read-only, for the leader's, chair's and watchers' consoles. */
export function SharedOpinionsDialog(props: { snap: Snapshot; applicant: LiveApplicant; onClose: () => void }) {
  const fields = () => sharedFieldsOf(props.snap);
  const reviewers = () => props.snap.assignments.filter((x: LiveAssignment) => x.meetingApplicantId === props.applicant.meetingApplicantId);
  const nameOf = (meetingExpertId: number) => props.snap.experts.find((e) => e.meetingExpertId === meetingExpertId)?.name ?? '';
  return (
    <Dialog open title={t('opinion.dialogTitle', { code: props.applicant.blindCode })} onClose={props.onClose} wide>
      <div data-testid="shared-opinions-dialog">
        <p class="muted small">
          {t('opinion.writtenBy')}
          <For each={reviewers()}>
            {(x, i) => (
              <>
                {i() > 0 ? '、' : ''}
                {nameOf(x.meetingExpertId)}（{tx(`review.role.${x.role}`)}）
              </>
            )}
          </For>
        </p>
        <For each={fields()}>
          {(field) => {
            const opinion = useOpinionOf(props.snap, props.applicant.meetingApplicantId, field, false);
            return <SharedOpinionField opinion={opinion} label={tx(`review.${field}`)} editable={false} frozen={mainFinished(props.snap, props.applicant.meetingApplicantId)} rows={3} />;
          }}
        </For>
      </div>
    </Dialog>
  );
}

/** The button that opens them (shown once a material is distributed and the meeting shares opinions). */
export function SharedOpinionsButton(props: { snap: Snapshot; applicant: LiveApplicant }) {
  const [open, setOpen] = createSignal(false);
  const distributed = () => props.snap.assignments.some((x) => x.meetingApplicantId === props.applicant.meetingApplicantId);
  return (
    <Show when={sharedFieldsOf(props.snap).length > 0 && distributed()}>
      <button type="button" class="small" onClick={() => setOpen(true)} data-testid="open-shared-opinions">
        {t('opinion.open')}
      </button>
      <Show when={open()}>
        <SharedOpinionsDialog snap={props.snap} applicant={props.applicant} onClose={() => setOpen(false)} />
      </Show>
    </Show>
  );
}
