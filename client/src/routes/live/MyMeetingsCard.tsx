import { For, Show, Suspense } from 'solid-js';
import { A, createAsync } from '@solidjs/router';
import { Badge } from '../../components/Badge';
import { formatDateTime, t, tx } from '../../i18n';
import { getMyMeetings } from '../../stores/live';
import { session } from '../../stores/session';
import type { MyMeeting } from '../../api/live';
import { meetingStatusTone } from './parts';

/** Where a person goes first in a meeting: experts to their workspace, everyone else to the monitor. */
export const entryOf = (m: MyMeeting) => (m.as === 'expert' ? `/meetings/${m.id}/expert` : `/meetings/${m.id}/monitor`);

/** 首页卡片: the meetings I take part in that are not over yet. */
export default function MyMeetingsCard() {
  const list = createAsync(() => getMyMeetings());
  const current = () => (list() ?? []).filter((m) => m.status !== 'closed').slice(0, 5);
  const more = () => (session.account?.role === 'expert' ? '/meetings/mine' : '/meetings/watch');
  return (
    <section class="card" data-testid="home-meetings">
      <h2>{session.account?.role === 'expert' ? t('nav.myMeetings') : t('nav.meetingMonitor')}</h2>
      <Suspense fallback={<p class="muted">{t('common.loading')}</p>}>
        <Show when={current().length} fallback={<p class="muted">{t('mine.none')}</p>}>
          <ul class="plain-list meeting-links">
            <For each={current()}>
              {(m) => (
                <li>
                  <A href={entryOf(m)}>{m.name}</A>
                  <span class="badges">
                    <Badge tone={meetingStatusTone(m.status)}>{tx(`live.status.${m.status}`)}</Badge>
                  </span>
                  <div class="muted small">{formatDateTime(m.startsAt)}</div>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <A href={more()} class="small">
          {t('mine.all')}
        </A>
      </Suspense>
    </section>
  );
}
