import { Show } from 'solid-js';
import { Dialog } from './Dialog';
import { confirmRequest, settleConfirm } from '../stores/confirm';
import { t } from '../i18n';

/** Renders the pending confirmAction() question, if any. */
export function ConfirmHost() {
  return (
    <Show when={confirmRequest()}>
      {(req) => (
        <Dialog
          open
          title={req().title}
          onClose={() => settleConfirm(false)}
          footer={
            <>
              <button type="button" onClick={() => settleConfirm(false)}>
                {t('common.cancel')}
              </button>
              <button type="button" class={req().danger ? 'danger' : 'primary'} onClick={() => settleConfirm(true)}>
                {req().confirmLabel ?? t('common.confirm')}
              </button>
            </>
          }
        >
          <p>{req().message}</p>
        </Dialog>
      )}
    </Show>
  );
}
