import { createEffect, onCleanup } from 'solid-js';
import { createStore } from 'solid-js/store';
import { action, createAsyncStore, json, query, revalidate } from '@solidjs/router';
import { orgsApi, type CreateOrgInput, type Org, type OrgProfile } from '../api';
import { realtime, rooms, type RoomPayload } from '../realtime';

/** 组织管理 data: the subtree, one organisation's detail, pending moves. */
export const getOrgTree = query(async () => (await orgsApi.tree()).items, 'orgs.tree');
export const getOrg = query((id: number) => orgsApi.get(id), 'orgs.detail');
export const getPendingMoves = query(async () => (await orgsApi.pendingMoves()).items, 'orgs.pendingMoves');

const ORG_KEYS = ['orgs.'];
export const refetchOrgs = () => revalidate(ORG_KEYS);

/** What changed lately (org id → time), so the tree can mark what just arrived live. */
const [live, setLive] = createStore<{ changed: Record<number, number>; lastAt: number }>({ changed: {}, lastAt: 0 });
export { live as orgLive };

let refetchTimer: ReturnType<typeof setTimeout> | undefined;
function onOrgChanged(e: RoomPayload<'org:changed'>) {
  const id = e.data.childId ?? e.data.orgId;
  setLive('changed', id, Date.now());
  setLive('lastAt', Date.now());
  // Several events often come together (approve announces to two rooms): one refetch.
  clearTimeout(refetchTimer);
  refetchTimer = setTimeout(() => void refetchOrgs(), 150);
}

/**
 * The subtree as a store: a refetch (after an action or a live event) is reconciled by id, so
 * rows keep their identity and the tree keeps its open nodes and selection.
 */
export function useOrgTree() {
  return createAsyncStore(() => getOrgTree(), { initialValue: [] as Org[], reconcile: { key: 'id' } });
}

/** Follow the rooms of these organisations (up to `max`); any change there refetches the org area. */
export function useOrgLive(orgIds: () => number[], max = 100) {
  const following = new Map<number, () => void>();
  createEffect(() => {
    const wanted = new Set(orgIds().slice(0, max));
    for (const [id, off] of following) {
      if (!wanted.has(id)) {
        off();
        following.delete(id);
      }
    }
    for (const id of wanted) {
      if (!following.has(id)) {
        following.set(id, realtime.subscribe({ room: rooms.org(id), on: { 'org:changed': onOrgChanged }, resync: () => void refetchOrgs() }));
      }
    }
  });
  onCleanup(() => {
    for (const off of following.values()) off();
    following.clear();
  });
}

const onlyOrgs = <T>(data: T) => json(data, { revalidate: ORG_KEYS });

export const createOrg = action(async (input: CreateOrgInput) => onlyOrgs(await orgsApi.create(input)), 'orgs.create');
export const decideOrg = action(
  async (id: number, approve: boolean, reason?: string) => onlyOrgs(await orgsApi.decide(id, approve, reason)),
  'orgs.decide',
);
export const resetOrgAdminPassword = action(async (id: number) => onlyOrgs(await orgsApi.resetAdminPassword(id)), 'orgs.resetAdmin');
export const disableOrg = action(async (id: number) => onlyOrgs(await orgsApi.disable(id)), 'orgs.disable');
export const submitOrgProfile = action(
  async (id: number, profile: OrgProfile, name?: string) => onlyOrgs(await orgsApi.submitProfile(id, profile, name)),
  'orgs.submitProfile',
);
export const requestOrgMove = action(async (id: number, newParentId: number) => onlyOrgs(await orgsApi.requestMove(id, newParentId)), 'orgs.requestMove');
export const decideOrgMove = action(
  async (id: number, approve: boolean, reason?: string) => onlyOrgs(await orgsApi.decideMove(id, approve, reason)),
  'orgs.decideMove',
);

/** Looks a new parent up by its exact code (not cached: each look-up asks the server). */
export const lookupOrg = (code: string) => orgsApi.lookup(code.trim());

/** Parent id → children, in the server's code order; roots are those whose parent is not in the list. */
export function childrenIndex(items: readonly Org[]) {
  const byParent = new Map<number | null, Org[]>();
  const ids = new Set(items.map((o) => o.id));
  for (const o of items) {
    const key = o.parentId !== null && ids.has(o.parentId) ? o.parentId : null;
    const list = byParent.get(key) ?? [];
    list.push(o);
    byParent.set(key, list);
  }
  return byParent;
}
