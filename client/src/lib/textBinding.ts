import * as Y from 'yjs';

/**
 * A plain `<textarea>` bound to a Y.Text (opinions drafted together). No editor library: an
 * opinion is plain text, and a textarea keeps the platform's input methods, spell check and
 * accessibility.
 *
 * - Local typing: each `input` is turned into one delete + insert on the Y.Text (the common prefix
 *   and suffix of the old and new value, with the caret deciding where a run of equal characters
 *   was typed), in a transaction whose origin is this binding.
 * - Remote changes: the textarea gets the new text and the caret/selection is moved through the
 *   change's delta, so someone typing before my caret does not move me.
 * - IME (拼音 etc.): nothing is written while a composition runs (its intermediate letters are not
 *   text yet); remote changes that arrive meanwhile are held back and the composed text is placed
 *   through them when the composition ends.
 * - Undo/redo go through a Y.UndoManager limited to this binding's own edits, so undo never takes
 *   back what a colleague wrote.
 */
export interface TextBinding {
  /** Re-reads the textarea (after it was resized, for example). */
  refresh(): void;
  /** The local selection as offsets into the text. */
  selection(): { anchor: number; head: number } | null;
  destroy(): void;
}

type Delta = Array<{ insert?: string | object; retain?: number; delete?: number }>;

/** Where an offset of the old text is in the new one after `delta` (an insert at the offset stays after it). */
export function mapOffset(offset: number, delta: Delta): number {
  let old = 0;
  let shift = 0;
  for (const d of delta) {
    if (old > offset) break;
    if (d.retain !== undefined) old += d.retain;
    else if (d.insert !== undefined) {
      if (old < offset) shift += typeof d.insert === 'string' ? d.insert.length : 1;
    } else if (d.delete !== undefined) {
      if (old < offset) shift -= Math.min(d.delete, offset - old);
      old += d.delete;
    }
  }
  return Math.max(0, offset + shift);
}

/** The smallest edit turning `before` into `after`, placed so that it ends at the caret where it can. */
export function diffAt(before: string, after: string, caret: number): { at: number; remove: number; insert: string } | null {
  if (before === after) return null;
  const grow = after.length - before.length;
  const limit = Math.max(0, Math.min(before.length, after.length, caret - Math.max(0, grow)));
  let start = 0;
  while (start < limit && before[start] === after[start]) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before[endB - 1] === after[endA - 1]) {
    endB--;
    endA--;
  }
  return { at: start, remove: endB - start, insert: after.slice(start, endA) };
}

export interface BindOptions {
  textarea: HTMLTextAreaElement;
  text: Y.Text;
  /** After every change to what the textarea shows (for overlays and auto-height). */
  onRender?: () => void;
  /** After the local caret or selection moved, or the text around it changed. */
  onSelection?: () => void;
}

export function bindTextarea(opts: BindOptions): TextBinding {
  const ta = opts.textarea;
  const text = opts.text;
  const doc = text.doc!;
  const origin = { binding: 'textarea' };
  const undo = new Y.UndoManager(text, { trackedOrigins: new Set([origin]), captureTimeout: 600 });
  /** What the textarea showed after the last sync, i.e. the Y.Text as of then. */
  let shown = text.toString();
  let composing = false;
  /** Remote deltas that arrived during a composition, in order. */
  let held: Delta[] = [];

  ta.value = shown;
  opts.onRender?.();

  const focused = () => document.activeElement === ta;

  function writeLocal(edit: { at: number; remove: number; insert: string }) {
    doc.transact(() => {
      if (edit.remove > 0) text.delete(edit.at, edit.remove);
      if (edit.insert) text.insert(edit.at, edit.insert);
    }, origin);
  }

  function onInput(e: Event) {
    if (composing || (e as InputEvent).isComposing) return;
    const edit = diffAt(shown, ta.value, ta.selectionEnd);
    shown = ta.value;
    if (edit) writeLocal(edit);
    opts.onRender?.();
    opts.onSelection?.();
  }

  function onCompositionStart() {
    composing = true;
    held = [];
  }

  function onCompositionEnd() {
    composing = false;
    const value = ta.value;
    const edit = diffAt(shown, value, ta.selectionEnd);
    const deltas = held;
    held = [];
    if (deltas.length === 0) {
      shown = value;
      if (edit) writeLocal(edit);
      opts.onRender?.();
      opts.onSelection?.();
      return;
    }
    // Others wrote while this was being composed: place the composed text through their changes.
    let caret = ta.selectionEnd;
    if (edit) {
      let at = edit.at;
      let end = edit.at + edit.remove;
      for (const d of deltas) {
        at = mapOffset(at, d);
        end = Math.max(at, mapOffset(end, d));
      }
      writeLocal({ at, remove: end - at, insert: edit.insert });
      caret = at + edit.insert.length;
    } else {
      for (const d of deltas) caret = mapOffset(caret, d);
    }
    render(caret, caret, ta.selectionDirection);
  }

  function render(start: number, end: number, direction: 'forward' | 'backward' | 'none' | null) {
    shown = text.toString();
    const hadFocus = focused();
    ta.value = shown;
    if (hadFocus) ta.setSelectionRange(start, end, direction ?? 'none');
    opts.onRender?.();
    opts.onSelection?.();
  }

  const observer = (event: Y.YTextEvent, tr: Y.Transaction) => {
    if (tr.origin === origin) return;
    const delta = event.delta as Delta;
    if (composing) {
      held.push(delta);
      return;
    }
    if (ta.value !== shown) {
      // Should not happen (input is handled synchronously); never lose what is in the box.
      const edit = diffAt(shown, ta.value, ta.selectionEnd);
      if (edit) {
        let at = edit.at;
        let end = edit.at + edit.remove;
        at = mapOffset(at, delta);
        end = Math.max(at, mapOffset(end, delta));
        writeLocal({ at, remove: end - at, insert: edit.insert });
      }
    }
    render(mapOffset(ta.selectionStart, delta), mapOffset(ta.selectionEnd, delta), ta.selectionDirection);
  };
  text.observe(observer);

  function onKeyDown(e: KeyboardEvent) {
    if (ta.readOnly || ta.disabled) return;
    const mod = e.ctrlKey || e.metaKey;
    if (!mod) return;
    const key = e.key.toLowerCase();
    if (key === 'z' && !e.shiftKey) {
      e.preventDefault();
      undo.undo();
    } else if ((key === 'z' && e.shiftKey) || key === 'y') {
      e.preventDefault();
      undo.redo();
    }
  }
  function onBeforeInput(e: InputEvent) {
    if (e.inputType === 'historyUndo') {
      e.preventDefault();
      undo.undo();
    } else if (e.inputType === 'historyRedo') {
      e.preventDefault();
      undo.redo();
    }
  }
  const onSelect = () => {
    if (!composing) opts.onSelection?.();
  };
  const onDocSelection = () => {
    if (focused() && !composing) opts.onSelection?.();
  };

  ta.addEventListener('input', onInput);
  ta.addEventListener('compositionstart', onCompositionStart);
  ta.addEventListener('compositionend', onCompositionEnd);
  ta.addEventListener('keydown', onKeyDown);
  ta.addEventListener('beforeinput', onBeforeInput);
  ta.addEventListener('select', onSelect);
  ta.addEventListener('keyup', onSelect);
  ta.addEventListener('mouseup', onSelect);
  ta.addEventListener('focus', onSelect);
  document.addEventListener('selectionchange', onDocSelection);

  return {
    refresh: () => opts.onRender?.(),
    selection: () => {
      if (composing) return null;
      const backward = ta.selectionDirection === 'backward';
      return { anchor: backward ? ta.selectionEnd : ta.selectionStart, head: backward ? ta.selectionStart : ta.selectionEnd };
    },
    destroy() {
      text.unobserve(observer);
      undo.destroy();
      ta.removeEventListener('input', onInput);
      ta.removeEventListener('compositionstart', onCompositionStart);
      ta.removeEventListener('compositionend', onCompositionEnd);
      ta.removeEventListener('keydown', onKeyDown);
      ta.removeEventListener('beforeinput', onBeforeInput);
      ta.removeEventListener('select', onSelect);
      ta.removeEventListener('keyup', onSelect);
      ta.removeEventListener('mouseup', onSelect);
      ta.removeEventListener('focus', onSelect);
      document.removeEventListener('selectionchange', onDocSelection);
    },
  };
}
