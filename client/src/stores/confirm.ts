import { createSignal } from 'solid-js';

export interface ConfirmRequest {
  title: string;
  message: string;
  confirmLabel?: string;
  danger?: boolean;
  resolve: (ok: boolean) => void;
}

const [pending, setPending] = createSignal<ConfirmRequest | null>(null);
export const confirmRequest = pending;

/** Asks the user; resolves true on confirm. Rendered by <ConfirmHost/> in the layout. */
export function confirmAction(req: Omit<ConfirmRequest, 'resolve'>): Promise<boolean> {
  pending()?.resolve(false);
  return new Promise((resolve) => setPending({ ...req, resolve }));
}

export function settleConfirm(ok: boolean) {
  const p = pending();
  setPending(null);
  p?.resolve(ok);
}
