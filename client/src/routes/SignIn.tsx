import { Show, createSignal } from 'solid-js';
import { Navigate, useAction, useSearchParams, useSubmission } from '@solidjs/router';
import { PlainFrame } from '../components/Layout';
import { FormError, TextField } from '../components/Field';
import { errorText, messageOf, t } from '../i18n';
import { session, signIn } from '../stores/session';

/** Only same-app paths, never another origin (an open redirect). */
export function safeNext(next: string | string[] | undefined): string {
  const v = Array.isArray(next) ? next[0] : next;
  return v && v.startsWith('/') && !v.startsWith('//') && !v.startsWith('/login') ? v : '/';
}

/** Ending codes that say more than "sign in again". */
const INFORMATIVE = new Set(['account_disabled', 'account_expired', 'token_revoked', 'token_reused']);

export default function SignIn() {
  const [params] = useSearchParams();
  const [username, setUsername] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [missing, setMissing] = createSignal<{ username?: string; password?: string }>({});
  const run = useAction(signIn);
  const submission = useSubmission(signIn);

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const m = {
      ...(username().trim() ? {} : { username: t('field.required') }),
      ...(password() ? {} : { password: t('field.required') }),
    };
    setMissing(m);
    if (m.username || m.password) return;
    submission.clear?.();
    // Where to go next is decided below once the session is in: forced change first.
    run(username(), password()).catch(() => undefined);
  };

  return (
    <PlainFrame>
      <Show when={session.status === 'signedIn'}>
        <Navigate href={session.mustChangePassword ? '/password' : safeNext(params.next)} />
      </Show>
      <form class="card auth-card" onSubmit={submit} novalidate data-testid="sign-in">
        <h1>{t('signIn.title')}</h1>
        <p class="muted">{t('signIn.subtitle')}</p>
        <Show when={session.endedCode && !submission.error}>
          <div class="notice warn" role="status">
            {t('app.sessionEnded')}
            <Show when={INFORMATIVE.has(session.endedCode!)}>
              <br />
              <small>{errorText(session.endedCode!)}</small>
            </Show>
          </div>
        </Show>
        <TextField
          label={t('signIn.username')}
          name="username"
          autocomplete="username"
          autocapitalize="off"
          spellcheck={false}
          value={username()}
          onValue={setUsername}
          error={missing().username}
          required
        />
        <TextField
          label={t('signIn.password')}
          name="password"
          type="password"
          autocomplete="current-password"
          value={password()}
          onValue={setPassword}
          error={missing().password}
          required
        />
        <FormError message={submission.error ? messageOf(submission.error) : null} />
        <button type="submit" class="primary block" disabled={submission.pending}>
          {submission.pending ? t('signIn.submitting') : t('signIn.submit')}
        </button>
        <p class="muted small">{t('signIn.forgot')}</p>
      </form>
    </PlainFrame>
  );
}
