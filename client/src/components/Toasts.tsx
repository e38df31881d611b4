import { For } from 'solid-js';
import { dismiss, toasts } from '../stores/toasts';
import { t } from '../i18n';

export function Toasts() {
  return (
    <div class="toasts" aria-live="polite">
      <For each={toasts}>
        {(item) => (
          <div class={`toast ${item.tone}`} role={item.tone === 'error' ? 'alert' : 'status'}>
            <span>{item.text}</span>
            <button type="button" class="icon-btn" aria-label={t('app.close')} onClick={() => dismiss(item.id)}>
              ×
            </button>
          </div>
        )}
      </For>
    </div>
  );
}
