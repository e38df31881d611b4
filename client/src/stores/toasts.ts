import { createStore } from 'solid-js/store';
import { messageOf } from '../i18n';

export interface Toast {
  id: number;
  tone: 'success' | 'error' | 'info';
  text: string;
}

const [toasts, setToasts] = createStore<Toast[]>([]);
let nextId = 1;

function push(tone: Toast['tone'], text: string, ms: number) {
  const id = nextId++;
  setToasts((list) => [...list.slice(-4), { id, tone, text }]);
  setTimeout(() => dismiss(id), ms);
}

export function dismiss(id: number) {
  setToasts((list) => list.filter((x) => x.id !== id));
}

export { toasts };

/** Short notices in a corner; errors stay longer. */
export const toast = {
  success: (text: string) => push('success', text, 3500),
  info: (text: string) => push('info', text, 3500),
  error: (text: string) => push('error', text, 8000),
  /** The translated message of anything thrown. */
  failure: (e: unknown) => push('error', messageOf(e), 8000),
};
