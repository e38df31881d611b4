import { Show, onCleanup, onMount, type JSX } from 'solid-js';
import { Portal } from 'solid-js/web';
import { t } from '../i18n';

export interface DialogProps {
  open: boolean;
  title: string;
  onClose: () => void;
  children: JSX.Element;
  footer?: JSX.Element;
  wide?: boolean;
}

/** A modal dialog: Escape and the backdrop close it; focus goes to its first field. */
export function Dialog(props: DialogProps) {
  return (
    <Show when={props.open}>
      <DialogBody {...props} />
    </Show>
  );
}

function DialogBody(props: DialogProps) {
  let panel!: HTMLDivElement;
  const previous = document.activeElement as HTMLElement | null;
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') props.onClose();
  };
  onMount(() => {
    document.addEventListener('keydown', onKey);
    document.body.classList.add('modal-open');
    const first = panel.querySelector<HTMLElement>('input:not([type=hidden]):not([disabled]), select, textarea, button.primary');
    (first ?? panel).focus();
  });
  onCleanup(() => {
    document.removeEventListener('keydown', onKey);
    document.body.classList.remove('modal-open');
    previous?.focus?.();
  });
  return (
    <Portal>
      <div class="backdrop" onClick={(e) => e.target === e.currentTarget && props.onClose()}>
        <div class="dialog" classList={{ wide: props.wide }} role="dialog" aria-modal="true" aria-label={props.title} ref={panel} tabIndex={-1}>
          <header class="dialog-head">
            <h2>{props.title}</h2>
            <button type="button" class="icon-btn" aria-label={t('app.close')} onClick={() => props.onClose()}>
              ×
            </button>
          </header>
          <div class="dialog-body">{props.children}</div>
          <Show when={props.footer}>
            <footer class="dialog-foot">{props.footer}</footer>
          </Show>
        </div>
      </div>
    </Portal>
  );
}
