import { createSignal } from 'solid-js';
import { t } from '../i18n';

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard API needs a secure context; fall back to a selection copy.
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.appendChild(ta);
    ta.select();
    const ok = document.execCommand('copy');
    ta.remove();
    return ok;
  }
}

/** A one-time initial password with its username and a copy button. */
export function SecretReveal(props: { username: string; password: string; title?: string }) {
  const [copied, setCopied] = createSignal(false);
  const copy = async () => {
    if (await copyText(`${t('orgs.secret.username')}: ${props.username}\n${t('orgs.secret.password')}: ${props.password}`)) {
      setCopied(true);
      setTimeout(() => setCopied(false), 2500);
    }
  };
  return (
    <div class="secret" data-testid="secret">
      {props.title && <h3>{props.title}</h3>}
      <dl>
        <dt>{t('orgs.secret.username')}</dt>
        <dd class="mono" data-testid="secret-username">
          {props.username}
        </dd>
        <dt>{t('orgs.secret.password')}</dt>
        <dd class="mono big" data-testid="secret-password">
          {props.password}
        </dd>
      </dl>
      <button type="button" class="primary" onClick={copy}>
        {copied() ? t('common.copied') : t('common.copy')}
      </button>
      <p class="warn">{t('orgs.secret.once')}</p>
    </div>
  );
}
