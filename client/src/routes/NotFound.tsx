import { A } from '@solidjs/router';
import { t } from '../i18n';

export default function NotFound() {
  return (
    <div class="card narrow center" data-testid="not-found">
      <h1>{t('app.notFound')}</h1>
      <A href="/" class="button primary">
        {t('app.backHome')}
      </A>
    </div>
  );
}

export function Forbidden() {
  return (
    <div class="card narrow center" data-testid="forbidden">
      <h1>{t('error.forbidden')}</h1>
      <A href="/" class="button primary">
        {t('app.backHome')}
      </A>
    </div>
  );
}
