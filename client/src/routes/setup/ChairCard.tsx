import { For, Show } from 'solid-js';
import { A, createAsync } from '@solidjs/router';
import { t } from '../../i18n';
import { getMyMeetings } from '../../stores/live';
import { getMeetings } from '../../stores/setup';

/** 首页卡片 for a chair (主任): the meetings whose scoring standard waits for their confirmation. */
export default function ChairCard() {
  const mine = createAsync(() => getMyMeetings());
  const active = createAsync(() => getMeetings({ state: 'active', pageSize: 50 }));
  const waiting = () => {
    const chaired = new Set((mine() ?? []).filter((m) => m.title === 'chair').map((m) => m.id));
    return (active()?.items ?? []).filter((m) => chaired.has(m.id) && m.standardStatus === 'approved');
  };
  return (
    <Show when={waiting().length}>
      <section class="card" data-testid="home-standards">
        <h2>{t('nav.setupStandards')}</h2>
        <ul class="plain-list meeting-links">
          <For each={waiting()}>
            {(m) => (
              <li>
                <A href={`/setup/standards?id=${m.id}`}>{m.name}</A>
                <div class="muted small">{t('setup.chair.waiting')}</div>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}
