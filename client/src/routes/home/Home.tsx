import { For, Show } from 'solid-js';
import { A } from '@solidjs/router';
import { Dynamic } from 'solid-js/web';
import { Badge, orgStatusTone } from '../../components/Badge';
import { t, tx } from '../../i18n';
import { session } from '../../stores/session';
import { homeCardsFor, menuFor } from '../registry';

/**
 * 首页 per role: who you are, your organisation, what you may do, shortcuts. Later areas add their
 * own cards (my declaration, my review queue, today's meeting) with registerHomeCard.
 */
export default function Home() {
  const a = () => session.account!;
  const o = () => session.org!;
  const roleLabel = () => (a().role === 'staff' && a().staffKind ? `${tx('role.staff')} · ${tx(`staffKind.${a().staffKind}`)}` : tx(`role.${a().role}`));
  const shortcuts = () => menuFor(session).filter((p) => p.path !== '/');
  return (
    <div class="home" data-testid="home" data-role={a().role}>
      <h1>{t('home.welcome', { name: a().name })}</h1>
      <p class="lead">{tx(`home.intro.${a().role}`)}</p>
      <Show when={o().status === 'disabled'}>
        <div class="notice bad">{t('home.disabled')}</div>
      </Show>
      <div class="grid cards">
        <section class="card">
          <h2>{t('home.you')}</h2>
          <dl class="facts">
            <dt>{t('accounts.name')}</dt>
            <dd>{a().name}</dd>
            <dt>{t('accounts.username')}</dt>
            <dd class="mono">{a().username}</dd>
            <dt>{t('home.role')}</dt>
            <dd>{roleLabel()}</dd>
            <Show when={a().permissions.length}>
              <dt>{t('accounts.permissions')}</dt>
              <dd>
                <ul class="plain-list">
                  <For each={a().permissions}>{(p) => <li>{tx(`perm.${p}`)}</li>}</For>
                </ul>
              </dd>
            </Show>
          </dl>
        </section>
        <section class="card">
          <h2>{t('home.org')}</h2>
          <dl class="facts">
            <dt>{t('orgs.name')}</dt>
            <dd>{o().name}</dd>
            <dt>{t('orgs.code')}</dt>
            <dd class="mono">{o().code}</dd>
            <dt>{t('orgs.kind')}</dt>
            <dd>
              {tx(`orgKind.${o().kind}`)}
              <Show when={o().level}> · {tx(`orgLevel.${o().level}`)}</Show>
            </dd>
            <dt>{t('orgs.status')}</dt>
            <dd>
              <Badge tone={orgStatusTone(o().status)}>{tx(`orgStatus.${o().status}`)}</Badge>
            </dd>
          </dl>
        </section>
        <section class="card">
          <h2>{t('home.can')}</h2>
          <Show when={session.can.length} fallback={<p class="muted">{t('home.nothingYet')}</p>}>
            <ul class="check-list">
              <For each={session.can}>{(c) => <li>{tx(`home.action.${c}`, c)}</li>}</For>
            </ul>
          </Show>
        </section>
        <section class="card">
          <h2>{t('home.shortcuts')}</h2>
          <Show when={shortcuts().length} fallback={<p class="muted">{t('home.nothingYet')}</p>}>
            <div class="shortcuts">
              <For each={shortcuts()}>
                {(p) => (
                  <A class="shortcut" href={p.path}>
                    {t(p.menu!.label)}
                  </A>
                )}
              </For>
            </div>
          </Show>
        </section>
        <For each={homeCardsFor(session)}>{(c) => <Dynamic component={c.component} />}</For>
      </div>
    </div>
  );
}
