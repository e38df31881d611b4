import { For, Show, createSignal } from 'solid-js';
import { useAction, useNavigate, useSubmission } from '@solidjs/router';
import { FormError, TextField } from '../components/Field';
import { PageHeader } from '../components/Layout';
import { fieldErrors, messageOf, t, type MessageKey } from '../i18n';
import { passwordChecks } from '../lib/rules';
import { changePassword, session } from '../stores/session';
import { toast } from '../stores/toasts';

const RULES: { key: 'length' | 'classes' | 'username'; label: MessageKey; error: MessageKey }[] = [
  { key: 'length', label: 'password.rule.length', error: 'error.password_too_short' },
  { key: 'classes', label: 'password.rule.classes', error: 'error.password_too_simple' },
  { key: 'username', label: 'password.rule.username', error: 'error.password_contains_username' },
];

/** 修改密码: forced at first sign-in and after a reset; the rules are shown before typing. */
export default function ChangePassword() {
  const [current, setCurrent] = createSignal('');
  const [next, setNext] = createSignal('');
  const [repeat, setRepeat] = createSignal('');
  const [local, setLocal] = createSignal<Record<string, string>>({});
  const run = useAction(changePassword);
  const submission = useSubmission(changePassword);
  const navigate = useNavigate();
  const checks = () => passwordChecks(next(), session.account?.username ?? '');
  const server = () => fieldErrors(submission.error);
  const err = (f: string) => local()[f] ?? server()[f];

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const c = checks();
    const failed = RULES.find((r) => !c[r.key]);
    const problems: Record<string, string> = {};
    if (!current()) problems.currentPassword = t('field.required');
    if (failed) problems.newPassword = t(failed.error);
    else if (next() !== repeat()) problems.repeat = t('password.mismatch');
    setLocal(problems);
    if (Object.keys(problems).length) return;
    submission.clear?.();
    run(current(), next())
      .then(() => {
        toast.success(t('password.changed'));
        navigate('/', { replace: true });
      })
      .catch(() => undefined);
  };

  return (
    <div class="narrow">
      <PageHeader title={t('password.title')} />
      <form class="card" onSubmit={submit} novalidate data-testid="change-password">
        <Show when={session.mustChangePassword}>
          <div class="notice info">{t('password.forced')}</div>
        </Show>
        <section class="policy" aria-label={t('password.policy')}>
          <h2>{t('password.policy')}</h2>
          <ul>
            <For each={RULES}>
              {(r) => (
                <li classList={{ met: next().length > 0 && checks()[r.key], unmet: next().length > 0 && !checks()[r.key] }}>
                  <span aria-hidden="true" class="tick">
                    {next().length > 0 && checks()[r.key] ? '✓' : '•'}
                  </span>
                  {t(r.label)}
                </li>
              )}
            </For>
          </ul>
        </section>
        <TextField label={t('password.current')} name="currentPassword" type="password" autocomplete="current-password" value={current()} onValue={setCurrent} error={err('currentPassword')} required />
        <TextField label={t('password.new')} name="newPassword" type="password" autocomplete="new-password" value={next()} onValue={setNext} error={err('newPassword')} required />
        <TextField label={t('password.repeat')} name="repeat" type="password" autocomplete="new-password" value={repeat()} onValue={setRepeat} error={err('repeat')} required />
        <FormError message={submission.error && !Object.keys(server()).length ? messageOf(submission.error) : null} />
        <button type="submit" class="primary block" disabled={submission.pending}>
          {t('password.submit')}
        </button>
      </form>
    </div>
  );
}
