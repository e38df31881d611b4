import { For, Show } from 'solid-js';
import { A, createAsync } from '@solidjs/router';
import { Badge } from '../../components/Badge';
import { PageHeader } from '../../components/Layout';
import { formatDateTime, t, tx } from '../../i18n';
import { getMyMeetings } from '../../stores/live';
import { meetingStatusTone } from './parts';

/** 我的评审会议 (experts): each meeting with the screens my seat opens. */
export default function MyMeetingsPage() {
  const list = createAsync(() => getMyMeetings());
  return (
    <div class="live-page" data-testid="my-meetings">
      <PageHeader title={t('nav.myMeetings')} />
      <Show when={(list() ?? []).length} fallback={<div class="card muted">{t('mine.none')}</div>}>
        <div class="grid cards">
          <For each={list()}>
            {(m) => (
              <section class="card meeting-card" data-meeting={m.id}>
                <h2>{m.name}</h2>
                <div class="live-sub">
                  <Badge tone={meetingStatusTone(m.status)}>{tx(`live.status.${m.status}`)}</Badge>
                  <span>{formatDateTime(m.startsAt)}</span>
                </div>
                <Show when={m.address}>
                  <p class="muted small">{m.address}</p>
                </Show>
                <p class="small">
                  {tx(`live.title.${m.title}`)}
                  <Show when={m.isGroupLeader}> · {t('live.leader')}</Show>
                </p>
                <div class="toolbar">
                  <A class="button primary" href={`/meetings/${m.id}/expert`}>
                    {t('live.nav.expert')}
                  </A>
                  <Show when={m.isGroupLeader && m.groupId}>
                    <A class="button" href={`/meetings/${m.id}/group/${m.groupId}`}>
                      {t('live.nav.group')}
                    </A>
                  </Show>
                  <Show when={m.title === 'chair' || m.title === 'vice_chair'}>
                    <A class="button" href={`/meetings/${m.id}/chair`}>
                      {t('live.nav.chair')}
                    </A>
                  </Show>
                </div>
              </section>
            )}
          </For>
        </div>
      </Show>
    </div>
  );
}
