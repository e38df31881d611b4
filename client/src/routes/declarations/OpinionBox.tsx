import { For, Show } from 'solid-js';
import { createAsync } from '@solidjs/router';
import { t } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { addOpinion, deleteOpinion, getOpinions } from '../../stores/declarations';
import { toast } from '../../stores/toasts';
import { ExportButton } from './parts';

/**
 * 审核意见 with 常用意见 (seed 000 §1.4): pick a saved sentence to add it, save what is written as a
 * new one, remove old ones. Saved per reviewer.
 */
export function OpinionBox(props: { value: string; onValue: (v: string) => void; error?: string; id?: string }) {
  const list = createAsync(() => getOpinions(), { initialValue: [] });
  const add = useRunner(addOpinion);
  const remove = useRunner(deleteOpinion);
  const id = props.id ?? 'review-opinion';
  const append = (text: string) => props.onValue(props.value.trim() ? `${props.value.trim()}\n${text}` : text);
  return (
    <div class="opinion-box field" classList={{ 'has-error': !!props.error }}>
      <div class="opinion-head">
        <label for={id}>{t('decl.opinion')}</label>
        <select
          aria-label={t('decl.commonOpinions')}
          data-testid="common-opinions"
          onChange={(e) => {
            const v = e.currentTarget.value;
            e.currentTarget.value = '';
            if (v) append(v);
          }}
        >
          <option value="">{list()?.length ? t('decl.pickCommon') : t('decl.noCommon')}</option>
          <For each={list() ?? []}>{(o) => <option value={o.text}>{o.text}</option>}</For>
        </select>
      </div>
      <textarea id={id} rows={4} maxLength={2000} value={props.value} onInput={(e) => props.onValue(e.currentTarget.value)} aria-invalid={props.error ? 'true' : undefined} data-testid="opinion" />
      <Show when={props.error}>
        <div class="field-error" role="alert">
          {props.error}
        </div>
      </Show>
      <div class="opinion-tools">
        <button
          type="button"
          class="small"
          disabled={!props.value.trim() || props.value.trim().length > 500 || add.pending()}
          data-testid="save-common"
          onClick={async () => {
            const res = await add.run(props.value.trim());
            if (res.ok) toast.success(t('decl.commonSaved'));
            else toast.failure(res.error);
          }}
        >
          {t('decl.saveCommon')}
        </button>
        <Show when={list()?.length}>
          <details class="manage-common">
            <summary class="small">{t('decl.manageCommon')}</summary>
            <div class="actions-row left">
              <ExportButton path="/opinions/export" />
            </div>
            <ul class="plain-list">
              <For each={list() ?? []}>
                {(o) => (
                  <li>
                    <span>{o.text}</span>
                    <button type="button" class="small danger-text" disabled={remove.pending()} onClick={() => void remove.run(o.id)}>
                      {t('decl.remove')}
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </details>
        </Show>
      </div>
    </div>
  );
}
