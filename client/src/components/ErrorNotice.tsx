import { Show } from 'solid-js';
import { messageOf, t } from '../i18n';

/** A failed load: the translated message and a retry button. */
export function ErrorNotice(props: { error: unknown; retry?: () => void }) {
  return (
    <div class="error-notice" role="alert">
      <p>{messageOf(props.error)}</p>
      <Show when={props.retry}>
        <button type="button" onClick={() => props.retry!()}>
          {t('app.retry')}
        </button>
      </Show>
    </div>
  );
}

export function Loading() {
  return (
    <div class="loading" aria-busy="true">
      {t('common.loading')}
    </div>
  );
}
