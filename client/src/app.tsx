import { Match, Switch, onMount, type JSX } from 'solid-js';
import { Navigate, Router, useLocation, type RouteDefinition, type RouteSectionProps } from '@solidjs/router';
import { Dynamic } from 'solid-js/web';
import { BareFrame, Layout, PlainFrame } from './components/Layout';
import { Toasts } from './components/Toasts';
import { t } from './i18n';
import { orgPending, restoreSession, session } from './stores/session';
import { allowed, isPublicPath, pageAt, pages, type PageEntry } from './routes';
import NotFound, { Forbidden } from './routes/NotFound';

function Splash() {
  return (
    <div class="splash" aria-busy="true">
      <span class="brand">{t('app.name')}</span>
      <span class="muted">{t('app.loading')}</span>
    </div>
  );
}

/**
 * The one place that decides what a visitor may see: public pages as they are; nobody signed in
 * goes to sign-in (and comes back); a forced password change comes before anything; a unit its
 * parent has not approved sees only its profile page.
 */
function Shell(props: RouteSectionProps) {
  const location = useLocation();
  const here = () => location.pathname + location.search;
  const page = () => pageAt(location.pathname);
  return (
    <>
      <Switch>
        <Match when={isPublicPath(location.pathname)}>{props.children}</Match>
        <Match when={session.status === 'loading'}>
          <Splash />
        </Match>
        <Match when={session.status === 'signedOut'}>
          <Navigate href={`/login${here() === '/' ? '' : `?next=${encodeURIComponent(here())}`}`} />
        </Match>
        <Match when={session.mustChangePassword}>
          {location.pathname === '/password' ? <PlainFrame signOut>{props.children}</PlainFrame> : <Navigate href="/password" />}
        </Match>
        <Match when={orgPending() && !page()?.beforeApproval}>
          <Navigate href="/orgs/profile" />
        </Match>
        <Match when={page()?.bare}>
          <BareFrame>{props.children}</BareFrame>
        </Match>
        <Match when={true}>
          <Layout>{props.children}</Layout>
        </Match>
      </Switch>
      <Toasts />
    </>
  );
}

/** A page its role or `can` does not open shows "forbidden" rather than a broken page. */
function guarded(entry: PageEntry) {
  return (props: RouteSectionProps): JSX.Element => (
    <Switch fallback={<Forbidden />}>
      <Match when={entry.public || allowed(entry, session)}>
        <Dynamic component={entry.component} {...props} />
      </Match>
    </Switch>
  );
}

export function App() {
  onMount(() => void restoreSession());
  const routes: RouteDefinition[] = [
    ...pages().map((p) => ({ path: p.path, component: guarded(p) })),
    { path: '*404', component: NotFound },
  ];
  return <Router root={Shell}>{routes}</Router>;
}
