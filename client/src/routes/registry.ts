import type { Component } from 'solid-js';
import type { RouteSectionProps } from '@solidjs/router';
import type { Role } from '../api/types';
import type { MessageKey } from '../i18n';
import type { SessionState } from '../stores/session';

/**
 * Where every area adds its pages and menu entries: one `registerPage` call per page, in the area's
 * own `routes/<area>/pages.ts`, imported once from `routes/index.ts`. Access is by role and by the
 * server's `can` list; the server checks again on every call.
 */
export interface PageEntry {
  path: string;
  component: Component<RouteSectionProps>;
  /** Roles that may open it; absent: every role. */
  roles?: readonly Role[];
  /** Any one of these `can` actions (from GET /api/auth/me) opens it; absent: no action needed. */
  can?: readonly string[];
  /** A further condition on the session (the kind of organisation, a staff permission). */
  when?: (s: Pick<SessionState, 'account' | 'org' | 'can'>) => boolean;
  /** Open to an organisation that its parent has not approved yet (and to a disabled one). */
  beforeApproval?: boolean;
  /** Shown without the signed-in shell (sign-in). */
  public?: boolean;
  /** Signed in, but without the shell's top bar and menu (the projector page). */
  bare?: boolean;
  menu?: { label: MessageKey; order: number; icon?: string };
}

export interface HomeCard {
  id: string;
  roles?: readonly Role[];
  can?: readonly string[];
  when?: (s: Pick<SessionState, 'account' | 'org' | 'can'>) => boolean;
  order: number;
  component: Component;
}

const pageList: PageEntry[] = [];
const homeCards: HomeCard[] = [];

export function registerPage(entry: PageEntry) {
  if (pageList.some((p) => p.path === entry.path)) throw new Error(`page ${entry.path} registered twice`);
  pageList.push(entry);
}

/** A card on the home page of some roles (later areas: my declaration, my review queue, today's meeting). */
export function registerHomeCard(card: HomeCard) {
  homeCards.push(card);
}

export const pages = (): readonly PageEntry[] => pageList;

type Access = Pick<PageEntry, 'roles' | 'can' | 'beforeApproval' | 'when'>;

export function allowed(entry: Access, s: Pick<SessionState, 'account' | 'org' | 'can'>): boolean {
  if (!s.account || !s.org) return false;
  if (s.org.status !== 'active' && !entry.beforeApproval) return false;
  if (entry.roles && !entry.roles.includes(s.account.role)) return false;
  if (entry.can && !entry.can.some((a) => s.can.includes(a))) return false;
  if (entry.when && !entry.when(s)) return false;
  return true;
}

export function menuFor(s: Pick<SessionState, 'account' | 'org' | 'can'>): PageEntry[] {
  return pageList.filter((p) => p.menu && !p.public && allowed(p, s)).sort((a, b) => a.menu!.order - b.menu!.order);
}

export function homeCardsFor(s: Pick<SessionState, 'account' | 'org' | 'can'>): HomeCard[] {
  return homeCards.filter((c) => allowed(c, s)).sort((a, b) => a.order - b.order);
}

/** The registered page a pathname opens (`/meetings/:id/chair` matches `/meetings/7/chair`). */
export function pageAt(pathname: string): PageEntry | undefined {
  const parts = pathname.replace(/\/+$/, '').split('/');
  return (
    pageList.find((p) => p.path === pathname) ??
    pageList.find((p) => {
      const want = p.path.split('/');
      return want.length === parts.length && want.every((w, i) => w.startsWith(':') || w === parts[i]);
    })
  );
}

export const isPublicPath = (path: string) => pageList.some((p) => p.public && p.path === path);
