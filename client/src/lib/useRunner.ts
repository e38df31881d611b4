import { createSignal } from 'solid-js';
import { useAction, type Action } from '@solidjs/router';
import { fieldErrors, messageOf } from '../i18n';

/**
 * Runs a router action from one component with that component's own pending/error state
 * (useSubmission is shared by every user of an action, so two dialogs would see each other's
 * errors). The action still revalidates the queries it names.
 */
export function useRunner<T extends unknown[], U>(act: Action<T, U>) {
  const call = useAction(act);
  const [pending, setPending] = createSignal(false);
  const [error, setError] = createSignal<unknown>(null);
  type R = Awaited<ReturnType<typeof call>>;
  async function run(...args: T): Promise<{ ok: true; value: R } | { ok: false; error: unknown }> {
    setPending(true);
    setError(null);
    try {
      return { ok: true, value: await call(...(args as Parameters<typeof call>)) };
    } catch (e) {
      setError(e);
      return { ok: false, error: e };
    } finally {
      setPending(false);
    }
  }
  return {
    run,
    pending,
    error,
    clear: () => setError(null),
    /** Field name → translated message. */
    fields: () => fieldErrors(error()),
    /** The form-level message, only when no field carries the error. */
    formMessage: () => (error() && Object.keys(fieldErrors(error())).length === 0 ? messageOf(error()) : null),
  };
}
