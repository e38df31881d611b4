import { Show, Suspense, createMemo } from 'solid-js';
import { useSearchParams } from '@solidjs/router';
import { PageHeader } from '../../components/Layout';
import { Loading } from '../../components/ErrorNotice';
import { t } from '../../i18n';
import { canDo, session } from '../../stores/session';
import { useOrgLive, useOrgTree } from '../../stores/orgs';
import { OrgTree } from './OrgTree';
import { OrgDetail } from './OrgDetail';
import { PendingMoves } from './PendingMoves';
import { ExportButton } from '../after/common';

/**
 * 组织管理: the subtree on the left, the chosen unit on the right (one above the other on a phone,
 * where choosing a unit shows its detail and "back" returns to the tree). The selection lives in
 * the URL (`?id=`), so a reload or a shared link keeps it. The tree follows its units' rooms live.
 */
export default function OrgsPage() {
  const [params, setParams] = useSearchParams();
  const tree = useOrgTree();
  const items = () => tree() ?? [];
  const picked = () => (params.id ? Number(params.id) : null);
  const selected = () => picked() ?? session.org!.id;
  const tab = () => (params.tab === 'moves' && canDo('org:approveMove') ? 'moves' : 'tree');
  // Shallow units first: they announce what happens to their children.
  const liveIds = createMemo(() => [session.org!.id, ...[...(tree.latest ?? [])].sort((a, b) => a.code.length - b.code.length).map((o) => o.id)]);
  useOrgLive(liveIds);

  const select = (id: number) => setParams({ id, tab: undefined });

  return (
    <div class="orgs-page" classList={{ 'has-pick': picked() !== null }}>
      <PageHeader title={t('orgs.title')}>
        <ExportButton path="/orgs/export" label={t('orgs.export')} />
        <Show when={canDo('org:approveMove')}>
          <div class="tabs" role="tablist">
            <button type="button" role="tab" aria-selected={tab() === 'tree'} onClick={() => setParams({ tab: undefined })}>
              {t('orgs.tree')}
            </button>
            <button type="button" role="tab" aria-selected={tab() === 'moves'} onClick={() => setParams({ tab: 'moves' })} data-testid="tab-moves">
              {t('orgs.moves.title')}
            </button>
          </div>
        </Show>
      </PageHeader>
      <Show when={tab() === 'moves'}>
        <Suspense fallback={<Loading />}>
          <PendingMoves onSelect={select} />
        </Suspense>
      </Show>
      <Show when={tab() === 'tree'}>
        <div class="split">
          <aside class="pane tree-pane">
            <Suspense fallback={<Loading />}>
              <OrgTree items={items()} selected={selected()} onSelect={select} />
            </Suspense>
          </aside>
          <section class="pane detail-pane">
            <Suspense fallback={<Loading />}>
              <OrgDetail id={selected()} onSelect={select} onBack={() => setParams({ id: undefined })} />
            </Suspense>
          </section>
        </div>
      </Show>
    </div>
  );
}
