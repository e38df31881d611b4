import { For, Show, createContext, createSignal, useContext } from 'solid-js';
import type { DeclarationDetail, SectionKey, StoredFile } from '../../api/declarations';
import { messageOf, t } from '../../i18n';
import { uploadDeclarationFile } from '../../stores/declarations';
import { FileLink } from './parts';

/** What every section form of one declaration shares: the declaration, its files, whether it may change. */
export interface EditorContext {
  decl: () => DeclarationDetail;
  editable: () => boolean;
  file: (id: number) => StoredFile | undefined;
  addFile: (f: StoredFile) => void;
}
export const EditorCtx = createContext<EditorContext>();
export const useEditor = () => useContext(EditorCtx)!;

const ACCEPT: Record<string, string> = { pdf: 'application/pdf,.pdf', image: 'image/jpeg,image/png,.jpg,.jpeg,.png', any: 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png' };

/**
 * Attachments of one field: the files already attached (their names download them), a button to
 * upload more, and the server's refusal (a disguised or oversize file, not a PDF) right under it.
 * `single` keeps one file (the work summary's PDF, the photo).
 */
export function FilesInput(props: {
  label: string;
  ids: number[];
  onIds: (ids: number[]) => void;
  section: SectionKey | 'photo';
  slot?: string;
  single?: boolean;
  accept?: 'pdf' | 'image' | 'any';
  error?: string;
  required?: boolean;
  hint?: string;
  testid?: string;
}) {
  const ed = useEditor();
  const [busy, setBusy] = createSignal(false);
  const [problem, setProblem] = createSignal<string | null>(null);
  const id = `up-${Math.random().toString(36).slice(2, 8)}`;
  const pick = async (input: HTMLInputElement) => {
    const chosen = [...(input.files ?? [])];
    input.value = '';
    if (!chosen.length) return;
    setBusy(true);
    setProblem(null);
    try {
      const added: number[] = [];
      for (const f of props.single ? chosen.slice(0, 1) : chosen) {
        const stored = await uploadDeclarationFile(ed.decl().id, props.section, f, props.slot);
        ed.addFile(stored);
        added.push(stored.id);
      }
      props.onIds(props.single ? added : [...props.ids, ...added]);
    } catch (e) {
      setProblem(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const error = () => problem() ?? props.error;
  return (
    <div class="field files-field" classList={{ 'has-error': !!error() }} data-testid={props.testid ?? `files-${props.slot ?? props.section}`}>
      <label for={id}>
        {props.label}
        <Show when={props.required}>
          <span class="req" aria-hidden="true">
            *
          </span>
        </Show>
      </label>
      <ul class="file-chips">
        <For each={props.ids} fallback={<li class="muted small">{t('decl.noFiles')}</li>}>
          {(fid) => {
            const f = () => ed.file(fid);
            return (
              <li class="file-chip">
                <FileLink id={fid} name={f()?.name ?? `#${fid}`} size={f()?.size} />
                <Show when={ed.editable()}>
                  <button type="button" class="icon-btn small" aria-label={t('decl.removeFile')} title={t('decl.removeFile')} onClick={() => props.onIds(props.ids.filter((x) => x !== fid))}>
                    ×
                  </button>
                </Show>
              </li>
            );
          }}
        </For>
      </ul>
      <Show when={ed.editable()}>
        <div class="upload-line">
          <label class="button small file-btn" classList={{ disabled: busy() }}>
            {busy() ? t('decl.uploading') : props.single && props.ids.length ? t('decl.replaceFile') : t('decl.upload')}
            <input
              id={id}
              type="file"
              class="sr-only"
              accept={ACCEPT[props.accept ?? 'any']}
              multiple={!props.single}
              disabled={busy()}
              onInput={(e) => e.stopPropagation()}
              onChange={(e) => void pick(e.currentTarget)}
            />
          </label>
        </div>
        <Show when={props.hint && !error()}>
          <div class="hint">{props.hint}</div>
        </Show>
      </Show>
      <Show when={error()}>
        <div class="field-error" role="alert" data-testid="upload-error">
          {error()}
        </div>
      </Show>
    </div>
  );
}
