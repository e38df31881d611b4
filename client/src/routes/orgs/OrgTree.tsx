import { For, Show, createMemo, createSignal } from 'solid-js';
import { createStore } from 'solid-js/store';
import type { Org } from '../../api';
import { Badge, orgStatusTone } from '../../components/Badge';
import { t, tx } from '../../i18n';
import { childrenIndex, orgLive } from '../../stores/orgs';

const RECENT_MS = 15_000;

/** 组织机构树: expandable, filterable; marks units that changed live a moment ago. */
export function OrgTree(props: { items: readonly Org[]; selected: number | null; onSelect: (id: number) => void }) {
  const [filter, setFilter] = createSignal('');
  const [open, setOpen] = createStore<Record<number, boolean>>({});
  const index = createMemo(() => childrenIndex(props.items));
  const byId = createMemo(() => new Map(props.items.map((o) => [o.id, o])));
  /** The selected unit's ancestors start open, so a selection is always visible. */
  const ancestors = createMemo(() => {
    const set = new Set<number>();
    let cur = props.selected !== null ? byId().get(props.selected) : undefined;
    while (cur?.parentId != null && byId().has(cur.parentId)) {
      set.add(cur.parentId);
      cur = byId().get(cur.parentId);
    }
    return set;
  });
  const isOpen = (o: Org, depth: number) => open[o.id] ?? (depth < 1 || ancestors().has(o.id));
  const matches = createMemo(() => {
    const f = filter().trim().toLowerCase();
    if (!f) return null;
    return props.items.filter((o) => o.name.toLowerCase().includes(f) || o.code.startsWith(f));
  });
  const recent = (id: number) => Date.now() - (orgLive.changed[id] ?? 0) < RECENT_MS;

  const Row = (p: { org: Org; depth: number; hasChildren: boolean }) => (
    <div class="tree-row" classList={{ selected: props.selected === p.org.id, recent: recent(p.org.id) }} style={{ '--depth': p.depth }}>
      <Show when={p.hasChildren} fallback={<span class="tree-toggle spacer" />}>
        <button
          type="button"
          class="tree-toggle"
          aria-label={isOpen(p.org, p.depth) ? '−' : '+'}
          aria-expanded={isOpen(p.org, p.depth)}
          onClick={() => setOpen(p.org.id, !isOpen(p.org, p.depth))}
        >
          {isOpen(p.org, p.depth) ? '▾' : '▸'}
        </button>
      </Show>
      <button type="button" class="tree-label" aria-current={props.selected === p.org.id ? 'true' : undefined} onClick={() => props.onSelect(p.org.id)} data-code={p.org.code}>
        <span class="tree-name">{p.org.name}</span>
        <span class="tree-code mono">{p.org.code}</span>
        <Show when={p.org.status !== 'active'}>
          <Badge tone={orgStatusTone(p.org.status)}>{tx(`orgStatus.${p.org.status}`)}</Badge>
        </Show>
        <Show when={p.org.pendingParentId}>
          <Badge tone="warn">{t('orgs.pendingParent')}</Badge>
        </Show>
      </button>
    </div>
  );

  const Node = (p: { org: Org; depth: number }) => {
    const kids = () => index().get(p.org.id) ?? [];
    return (
      <li role="treeitem" aria-expanded={kids().length ? isOpen(p.org, p.depth) : undefined} aria-selected={props.selected === p.org.id}>
        <Row org={p.org} depth={p.depth} hasChildren={kids().length > 0} />
        <Show when={kids().length && isOpen(p.org, p.depth)}>
          <ul role="group">
            <For each={kids()}>{(c) => <Node org={c} depth={p.depth + 1} />}</For>
          </ul>
        </Show>
      </li>
    );
  };

  return (
    <div class="org-tree" data-testid="org-tree">
      <input class="tree-filter" type="search" placeholder={t('orgs.filter')} aria-label={t('orgs.filter')} value={filter()} onInput={(e) => setFilter(e.currentTarget.value)} />
      <Show
        when={matches()}
        fallback={
          <ul role="tree" aria-label={t('orgs.tree')}>
            <For each={index().get(null) ?? []}>{(o) => <Node org={o} depth={0} />}</For>
          </ul>
        }
      >
        {(list) => (
          <ul role="tree" aria-label={t('orgs.tree')}>
            <For each={list()} fallback={<li class="muted pad">{t('common.empty')}</li>}>
              {(o) => (
                <li role="treeitem">
                  <Row org={o} depth={0} hasChildren={false} />
                </li>
              )}
            </For>
          </ul>
        )}
      </Show>
    </div>
  );
}
