import { ErrorBoundary, For, Show, Suspense, createEffect, createSignal, on, onCleanup, type JSX } from 'solid-js';
import { A, useLocation } from '@solidjs/router';
import { lang, t, toggleLang, tx } from '../i18n';
import { session, signOut } from '../stores/session';
import { menuFor } from '../routes/registry';
import { liveStatus } from '../realtime';
import { ConfirmHost } from './ConfirmHost';
import { ErrorNotice, Loading } from './ErrorNotice';

function LiveDot() {
  const online = () => liveStatus() === 'online';
  return (
    <span class="live-dot" classList={{ online: online(), off: liveStatus() === 'off' }} title={online() ? t('app.live.online') : t('app.live.offline')} role="status">
      <span class="sr-only">{online() ? t('app.live.online') : t('app.live.offline')}</span>
    </span>
  );
}

export function LangSwitch() {
  return (
    <button type="button" class="lang-btn" title={t('app.langTitle')} lang={lang() === 'zh-CN' ? 'en' : 'zh-CN'} onClick={toggleLang} data-testid="lang-switch">
      {t('app.lang')}
    </button>
  );
}

/** The signed-in shell: top bar, menu (a drawer on a phone), the page. */
export function Layout(props: { children: JSX.Element }) {
  const [open, setOpen] = createSignal(false);
  const location = useLocation();
  createEffect(on(() => location.pathname, () => setOpen(false), { defer: true }));
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && open()) setOpen(false);
  };
  document.addEventListener('keydown', onKey);
  onCleanup(() => document.removeEventListener('keydown', onKey));
  const menu = () => menuFor(session);
  // A menu path that prefixes another entry's (/orgs and /orgs/profile) is active only on itself.
  const exact = (path: string) => path === '/' || menu().some((o) => o.path.startsWith(`${path}/`));
  const who = () => {
    const a = session.account;
    if (!a) return '';
    const role = a.role === 'staff' && a.staffKind ? `${tx(`staffKind.${a.staffKind}`)}` : tx(`role.${a.role}`);
    return `${a.name} · ${role}`;
  };

  return (
    <div class="shell">
      <header class="topbar">
        <button type="button" class="menu-btn" aria-expanded={open()} aria-controls="sidenav" onClick={() => setOpen(!open())} data-testid="menu-button">
          <span aria-hidden="true">☰</span>
          <span class="menu-btn-label">{t('app.menu')}</span>
        </button>
        <A href="/" class="brand">
          {t('app.name')}
        </A>
        <div class="top-right">
          <LiveDot />
          <span class="who" title={session.org?.name}>
            <span class="who-name">{who()}</span>
            <span class="who-org">{session.org?.name}</span>
          </span>
          <LangSwitch />
          <button type="button" class="link-btn signout" onClick={() => void signOut()}>
            {t('app.signOut')}
          </button>
        </div>
      </header>
      <div class="frame">
        <Show when={open()}>
          <div class="nav-scrim" onClick={() => setOpen(false)} />
        </Show>
        <nav id="sidenav" class="sidenav" classList={{ open: open() }} aria-label={t('app.menu')}>
          <div class="nav-user">
            <strong>{session.account?.name}</strong>
            <span>{session.org?.name}</span>
          </div>
          <ul>
            <For each={menu()}>
              {(p) => (
                <li>
                  <A href={p.path} end={exact(p.path)} activeClass="active">
                    {t(p.menu!.label)}
                  </A>
                </li>
              )}
            </For>
          </ul>
          <div class="nav-foot">
            <LangSwitch />
            <button type="button" class="link-btn" onClick={() => void signOut()}>
              {t('app.signOut')}
            </button>
          </div>
        </nav>
        <main class="content" id="main">
          <ErrorBoundary fallback={(err, reset) => <ErrorNotice error={err} retry={reset} />}>
            <Suspense fallback={<Loading />}>{props.children}</Suspense>
          </ErrorBoundary>
        </main>
      </div>
      <ConfirmHost />
    </div>
  );
}

/** The frame of pages outside the signed-in shell (sign-in, forced password change). */
export function PlainFrame(props: { children: JSX.Element; signOut?: boolean }) {
  return (
    <div class="plain">
      <header class="plain-head">
        <span class="brand">{t('app.name')}</span>
        <div class="top-right">
          <LangSwitch />
          <Show when={props.signOut}>
            <button type="button" class="link-btn" onClick={() => void signOut()}>
              {t('app.signOut')}
            </button>
          </Show>
        </div>
      </header>
      <main class="plain-main">{props.children}</main>
    </div>
  );
}

/** A signed-in page with no shell at all (the big screen): errors and loading still handled. */
export function BareFrame(props: { children: JSX.Element }) {
  return (
    <div class="bare">
      <ErrorBoundary fallback={(err, reset) => <ErrorNotice error={err} retry={reset} />}>
        <Suspense fallback={<Loading />}>{props.children}</Suspense>
      </ErrorBoundary>
    </div>
  );
}

export function PageHeader(props: { title: string; children?: JSX.Element }) {
  return (
    <div class="page-head">
      <h1>{props.title}</h1>
      <div class="page-actions">{props.children}</div>
    </div>
  );
}
