import { Match, Show, Switch, createResource, createSignal } from 'solid-js';
import { useSearchParams } from '@solidjs/router';
import { publicApi, type Verification } from '../../api/after';
import { isApiError } from '../../api';
import { messageOf, t } from '../../i18n';
import { PublicFrame } from './PublicParts';
import { one } from './common';

type Outcome = { kind: 'found'; v: Verification } | { kind: 'missing' } | { kind: 'error'; message: string };

/**
 * 证书核验 for anyone: the code printed on a certificate (or carried by its QR code as ?code=)
 * says whether it is valid, revoked, or not a certificate of this system at all.
 */
export default function VerifyPage() {
  const [params, setParams] = useSearchParams();
  const [code, setCode] = createSignal(one(params.code) ?? '');
  const [result] = createResource(
    () => one(params.code)?.trim() || null,
    async (c): Promise<Outcome> => {
      try {
        return { kind: 'found', v: await publicApi.verify(c) };
      } catch (e) {
        if (isApiError(e) && (e.code === 'certificate_not_found' || e.status === 404)) return { kind: 'missing' };
        return { kind: 'error', message: messageOf(e) };
      }
    },
  );
  const submit = (e: Event) => {
    e.preventDefault();
    if (code().trim()) setParams({ code: code().trim().toUpperCase() });
  };
  return (
    <PublicFrame>
      <section class="verify">
        <h1>{t('after.verifyTitle')}</h1>
        <p class="muted">{t('after.verifyIntro')}</p>
        <form class="card verify-form" onSubmit={submit} role="search" data-testid="verify-form">
          <label for="verify-code">{t('after.verifyCode')}</label>
          <div class="inline-field">
            <input id="verify-code" name="code" autocomplete="off" autocapitalize="characters" spellcheck={false} placeholder="XXXX-XXXX-XXXX-XXXX" value={code()} onInput={(e) => setCode(e.currentTarget.value)} />
            <button type="submit" class="primary">
              {t('after.verifyButton')}
            </button>
          </div>
        </form>
        <Show when={result.loading}>
          <p class="muted">{t('common.loading')}</p>
        </Show>
        <Show when={!result.loading && result()}>
          {(o) => (
            <Switch>
              <Match when={o().kind === 'found' && (o() as { v: Verification }).v}>
                {(v) => (
                  <div class={`card verdict ${v().status}`} data-testid="verdict" data-status={v().status}>
                    <p class="verdict-head">{v().status === 'valid' ? t('after.verdict.valid') : t('after.verdict.revoked', { on: v().revokedOn ?? '' })}</p>
                    <dl class="facts">
                      <dt>{t('after.name')}</dt>
                      <dd data-testid="verified-name">{v().name}</dd>
                      <dt>{t('after.idNumber')}</dt>
                      <dd class="mono">{v().maskedIdNumber}</dd>
                      <dt>{t('after.employer')}</dt>
                      <dd>{v().employerName ?? '—'}</dd>
                      <dt>{t('after.qualification')}</dt>
                      <dd>
                        {v().seriesName} · {v().qualificationName}（{v().levelName}）
                      </dd>
                      <Show when={v().specialtyName}>
                        <dt>{t('after.specialty')}</dt>
                        <dd>{v().specialtyName}</dd>
                      </Show>
                      <dt>{t('after.certNumber')}</dt>
                      <dd class="mono">{v().number}</dd>
                      <dt>{t('after.issuingUnit')}</dt>
                      <dd>{v().issuingUnit ?? '—'}</dd>
                      <dt>{t('after.issuedOn')}</dt>
                      <dd>{v().issuedOn}</dd>
                    </dl>
                  </div>
                )}
              </Match>
              <Match when={o().kind === 'missing'}>
                <div class="card verdict missing" data-testid="verdict" data-status="missing">
                  <p class="verdict-head">{t('after.verdict.missing')}</p>
                  <p>{t('after.verdict.missingHint')}</p>
                </div>
              </Match>
              <Match when={o().kind === 'error'}>
                <div class="notice bad" role="alert">
                  {(o() as { message: string }).message}
                </div>
              </Match>
            </Switch>
          )}
        </Show>
      </section>
    </PublicFrame>
  );
}
