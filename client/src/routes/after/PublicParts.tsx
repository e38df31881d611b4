import { For, Show, type JSX } from 'solid-js';
import { A, createAsync } from '@solidjs/router';
import { LangSwitch } from '../../components/Layout';
import { t } from '../../i18n';
import { getNotice } from '../../stores/after';
import './../../styles/after.css';

/** The frame of the public pages (no sign-in): brand, the two public services, the language. */
export function PublicFrame(props: { children: JSX.Element }) {
  return (
    <div class="plain public">
      <header class="plain-head">
        <span class="brand">{t('app.name')}</span>
        <nav class="public-nav" aria-label={t('after.publicNav')}>
          <A href="/public/results" activeClass="active">
            {t('after.publicResults')}
          </A>
          <A href="/verify" activeClass="active">
            {t('after.verifyTitle')}
          </A>
        </nav>
        <div class="top-right">
          <LangSwitch />
        </div>
      </header>
      <BlacklistTicker />
      <main class="plain-main public-main">{props.children}</main>
    </div>
  );
}

/**
 * 失信人员处理意见 (seed 002 黑名单: 设专栏滚动显示): entries in force that the offices show, names
 * masked. It scrolls (paused on hover or focus; still for people who ask for less motion).
 */
export function BlacklistTicker() {
  const notice = createAsync(() => getNotice());
  return (
    <Show when={notice()?.items.length}>
      <section class="ticker" aria-label={t('after.noticeTitle')} data-testid="ticker">
        <strong class="ticker-title">{t('after.noticeTitle')}</strong>
        <div class="ticker-window" tabIndex={0}>
          <ul class="ticker-track" style={{ '--ticker-seconds': `${Math.max(20, notice()!.items.length * 8)}s` }}>
            <For each={[...notice()!.items, ...notice()!.items]}>
              {(n, i) => (
                <li aria-hidden={i() >= notice()!.items.length ? 'true' : undefined}>
                  {t('after.noticeItem', { name: n.name, org: n.orgName ?? '', reason: n.reason ?? '', years: n.years, end: n.endsOn })}
                </li>
              )}
            </For>
          </ul>
        </div>
      </section>
    </Show>
  );
}
