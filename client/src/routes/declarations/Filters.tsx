import { For, Show, createMemo, createSignal } from 'solid-js';
import { createAsync, useSearchParams } from '@solidjs/router';
import type { Org } from '../../api/types';
import { t, tx } from '../../i18n';
import { getCatalogue } from '../../stores/declarations';
import { getOrgTree } from '../../stores/orgs';
import { session } from '../../stores/session';
import { one } from './parts';

export const LEVEL_CODES = ['zhenggao', 'fugao', 'zhongji', 'zhuli', 'yuan'] as const;
export const STATUS_CODES = [
  'under_review',
  'awaiting_publicity',
  'in_publicity',
  'awaiting_recommendation',
  'awaiting_assignment',
  'assigned',
  'policy_review',
  'policy_passed',
  'policy_failed',
  'ready_for_meeting',
  'approved',
  'returned',
  'withdrawn',
  'failed',
  'blacklisted',
  'terminated',
  'result_publicity',
  'review_passed',
  'review_failed',
] as const;

/** The list filters kept in the URL: series, level, 申报单位 (subtree), status, name or ID number. */
export function useListFilters() {
  const [params, setParams] = useSearchParams();
  const get = (k: string) => one(params[k]) ?? '';
  return {
    params,
    setParams,
    get,
    page: () => Number(get('page')) || 1,
    query: () => ({
      seriesCode: get('seriesCode') || undefined,
      level: (get('level') || undefined) as (typeof LEVEL_CODES)[number] | undefined,
      orgId: get('orgId') ? Number(get('orgId')) : undefined,
      q: get('q') || undefined,
    }),
    set: (k: string, v: string) => setParams({ [k]: v || undefined, page: undefined }),
  };
}

/** The org tree of the viewer as indented options (units below me), fetched only by those who may read it. */
function orgOptions(list: Org[]) {
  const depth = new Map<number, number>();
  return list.map((o) => {
    const d = o.parentId !== null && depth.has(o.parentId) ? depth.get(o.parentId)! + 1 : 0;
    depth.set(o.id, d);
    return { value: String(o.id), label: `${'\u3000'.repeat(d)}${o.name}` };
  });
}

export function Filters(props: { withStatus?: boolean; withOrg?: boolean }) {
  const f = useListFilters();
  const catalogue = createAsync(() => getCatalogue());
  const tree = createAsync(async () => (props.withOrg !== false && session.account?.role !== 'policy_reviewer' ? getOrgTree() : []), { initialValue: [] });
  const orgs = createMemo(() => orgOptions(tree() ?? []));
  const [q, setQ] = createSignal(f.get('q'));
  const levels = () => {
    const s = catalogue()?.find((x) => x.code === f.get('seriesCode'));
    return s ? s.levels.map((l) => l.level) : LEVEL_CODES;
  };
  return (
    <form
      class="filters card decl-filters"
      data-testid="filters"
      onSubmit={(e) => {
        e.preventDefault();
        f.set('q', q().trim());
      }}
    >
      <select aria-label={t('decl.series')} name="seriesCode" onChange={(e) => f.set('seriesCode', e.currentTarget.value)}>
        <option value="">{t('decl.allSeries')}</option>
        <For each={catalogue() ?? []}>
          {(s) => (
            <option value={s.code} selected={s.code === f.get('seriesCode')}>
              {s.name}
            </option>
          )}
        </For>
      </select>
      <select aria-label={t('decl.level')} name="level" onChange={(e) => f.set('level', e.currentTarget.value)}>
        <option value="">{t('decl.allLevels')}</option>
        <For each={levels()}>
          {(l) => (
            <option value={l} selected={l === f.get('level')}>
              {tx(`decl.level.${l}`)}
            </option>
          )}
        </For>
      </select>
      <Show when={orgs().length > 1}>
        <select aria-label={t('decl.unit')} name="orgId" class="org-select" onChange={(e) => f.set('orgId', e.currentTarget.value)}>
          <option value="">{t('decl.allUnits')}</option>
          <For each={orgs()}>
            {(o) => (
              <option value={o.value} selected={o.value === f.get('orgId')}>
                {o.label}
              </option>
            )}
          </For>
        </select>
      </Show>
      <Show when={props.withStatus}>
        <select aria-label={t('decl.statusLabel')} name="status" onChange={(e) => f.set('status', e.currentTarget.value)}>
          <option value="">{t('decl.allStatuses')}</option>
          <For each={STATUS_CODES}>
            {(s) => (
              <option value={s} selected={s === f.get('status')}>
                {tx(`decl.status.${s}`)}
              </option>
            )}
          </For>
        </select>
      </Show>
      <div class="grow search-box">
        <input type="search" name="q" placeholder={t('decl.searchPlaceholder')} aria-label={t('decl.searchPlaceholder')} value={q()} onInput={(e) => setQ(e.currentTarget.value)} />
        <button type="submit">{t('common.search')}</button>
      </div>
    </form>
  );
}
