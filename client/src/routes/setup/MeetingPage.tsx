import { For, Match, Show, Switch, createEffect, createSignal } from 'solid-js';
import { A, createAsync, useNavigate, useSearchParams } from '@solidjs/router';
import { Badge } from '../../components/Badge';
import { PageHeader } from '../../components/Layout';
import { formatDateTime, hasKey, t, tx } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { confirmAction } from '../../stores/confirm';
import { session } from '../../stores/session';
import { toast } from '../../stores/toasts';
import { deleteMeeting, getMeeting, useSetupLive } from '../../stores/setup';
import type { MeetingDetail, Readiness } from '../../api/setup';
import { MeetingForm } from './MeetingForm';
import { ExportButton, StatusBadge, Tabs, fractionText, one } from './common';
import { GroupsTab } from './meeting/GroupsTab';
import { ApplicantsTab } from './meeting/ApplicantsTab';
import { ExpertsTab } from './meeting/ExpertsTab';
import { RecusalsTab } from './meeting/RecusalsTab';
import { PlanTab } from './meeting/PlanTab';
import { StandardTab } from './meeting/StandardTab';
import { BlindTab } from './meeting/BlindTab';

const TABS = ['overview', 'groups', 'applicants', 'experts', 'recusals', 'plan', 'standard', 'blind'] as const;
type Tab = (typeof TABS)[number];

/**
 * 评审会议设置: one meeting's setup, tab by tab — 分组, 参评材料分组, 专家 (手工/随机抽取/委托, 主任, 组长,
 * 登录信息), 回避, 评审方案, 评分标准, 盲评意见 — with what still keeps it from `ready`. Once ready or
 * running it hands over to the live consoles. The staff room keeps it current.
 */
export default function MeetingPage() {
  const [params, setParams] = useSearchParams();
  const id = () => Number(one(params.id)) || 0;
  const tab = () => ((TABS as readonly string[]).includes(one(params.tab) ?? '') ? (one(params.tab) as Tab) : 'overview');
  const meeting = createAsync(() => (id() ? getMeeting(id()) : Promise.resolve(undefined)));
  const follow = useSetupLive(id, () => !!meeting() && (meeting()!.can.includes('meeting:setup') || session.account?.role === 'supervisor'));
  createEffect(() => {
    if (meeting()) follow();
  });
  return (
    <div class="setup-page meeting-setup" data-testid="meeting-setup">
      <Show when={meeting()} fallback={<p class="muted">{t('common.loading')}</p>}>
        {(m) => (
          <>
            <MeetingHead m={m()} />
            <Tabs
              tabs={TABS}
              current={tab()}
              label={(x) => t(`setup.tab.${x}`)}
              onSelect={(x) => setParams({ tab: x === 'overview' ? undefined : x })}
              badge={(x) => <TabMark m={m()} tab={x} />}
            />
            <Switch>
              <Match when={tab() === 'overview'}>
                <Overview m={m()} />
              </Match>
              <Match when={tab() === 'groups'}>
                <GroupsTab m={m()} />
              </Match>
              <Match when={tab() === 'applicants'}>
                <ApplicantsTab m={m()} />
              </Match>
              <Match when={tab() === 'experts'}>
                <ExpertsTab m={m()} />
              </Match>
              <Match when={tab() === 'recusals'}>
                <RecusalsTab m={m()} />
              </Match>
              <Match when={tab() === 'plan'}>
                <PlanTab m={m()} />
              </Match>
              <Match when={tab() === 'standard'}>
                <StandardTab m={m()} />
              </Match>
              <Match when={tab() === 'blind'}>
                <BlindTab m={m()} />
              </Match>
            </Switch>
          </>
        )}
      </Show>
    </div>
  );
}

/** A dot on a tab whose part still blocks the meeting. */
function TabMark(props: { m: MeetingDetail; tab: Tab }) {
  const codes: Partial<Record<Tab, string[]>> = {
    groups: ['no_groups', 'group_without_leader'],
    applicants: ['no_applicants', 'applicants_ungrouped'],
    experts: ['group_too_small', 'no_chair', 'too_many_vice_chairs', 'committee_even', 'too_few_reviewers'],
    plan: ['plan_not_approved'],
    standard: ['standard_not_confirmed'],
  };
  const blocked = () => props.m.readiness.blocking.some((p) => codes[props.tab]?.includes(p.code));
  return (
    <Show when={blocked()}>
      <span class="tab-dot" aria-label={t('setup.readiness.todo')} title={t('setup.readiness.todo')} />
    </Show>
  );
}

function MeetingHead(props: { m: MeetingDetail }) {
  const navigate = useNavigate();
  const [editing, setEditing] = createSignal(false);
  const remove = useRunner(deleteMeeting);
  const m = () => props.m;
  const can = (a: string) => m().can.includes(a);
  const live = () => m().status === 'ready' || m().status === 'running';
  const doDelete = async () => {
    if (!(await confirmAction({ title: t('setup.meeting.delete'), message: t('setup.meeting.deleteConfirm', { name: m().name }), danger: true }))) return;
    const res = await remove.run(m().id);
    if (res.ok) {
      toast.success(t('setup.meeting.deleted'));
      navigate('/setup/meetings');
    } else toast.failure(res.error);
  };
  return (
    <>
      <p class="crumbs">
        <A href="/setup/meetings">{t('nav.setupMeetings')}</A>
      </p>
      <PageHeader title={m().name}>
        <Show when={can('meeting:setup')}>
          <button type="button" onClick={() => setEditing(true)} data-testid="edit-meeting">
            {t('setup.meeting.edit')}
          </button>
        </Show>
        <Show when={can('meeting:delete') && m().status !== 'running'}>
          <button type="button" class="danger" onClick={doDelete} disabled={remove.pending()}>
            {t('setup.meeting.delete')}
          </button>
        </Show>
      </PageHeader>
      <div class="meeting-sub">
        <StatusBadge family="meetingStatus" status={m().status} />
        <span>
          {formatDateTime(m().startsAt)} – {formatDateTime(m().endsAt)}
        </span>
        <Show when={m().address}>
          <span>{m().address}</span>
        </Show>
        <span class="muted">{m().committees.map((c) => c.name).join('、')}</span>
      </div>
      <Show when={live()}>
        <div class="notice ok handover" data-testid="handover">
          <span>{m().status === 'running' ? t('setup.handover.running') : t('setup.handover.ready')}</span>
          <span class="row-actions">
            <A class="button small primary" href={`/meetings/${m().id}/chair`} data-testid="open-console">
              {t('setup.handover.console')}
            </A>
            <A class="button small" href={`/meetings/${m().id}/monitor`}>
              {t('setup.handover.monitor')}
            </A>
            <a class="button small" href={`/meetings/${m().id}/screen`} target="_blank" rel="noopener">
              {t('setup.handover.screen')}
            </a>
          </span>
        </div>
      </Show>
      <MeetingForm open={editing()} meeting={m()} onClose={() => setEditing(false)} />
    </>
  );
}

/** Each problem the server names, in the current language (its own Chinese message as fallback). */
export function problemText(p: Readiness['blocking'][number], m: MeetingDetail) {
  const group = m.groups.find((g) => g.id === p.groupId)?.name ?? '';
  const key = `setup.problem.${p.code}`;
  return hasKey(key) ? t(key, { group, count: p.count ?? '' }) : p.message;
}

export function ReadinessPanel(props: { m: MeetingDetail }) {
  const r = () => props.m.readiness;
  return (
    <section class="card readiness" data-testid="readiness">
      <header class="card-head">
        <h2>{t('setup.readiness.title')}</h2>
        <Show when={r().ready} fallback={<Badge tone="warn">{t('setup.readiness.notReady', { n: r().blocking.length })}</Badge>}>
          <Badge tone="ok">{t('setup.readiness.ready')}</Badge>
        </Show>
      </header>
      <Show when={r().blocking.length}>
        <ul class="problems blocking" data-testid="blocking">
          <For each={r().blocking}>{(p) => <li data-code={p.code}>{problemText(p, props.m)}</li>}</For>
        </ul>
      </Show>
      <Show when={r().warnings.length}>
        <ul class="problems warnings" data-testid="warnings">
          <For each={r().warnings}>{(p) => <li data-code={p.code}>{problemText(p, props.m)}</li>}</For>
        </ul>
      </Show>
      <p class="muted small">{t('setup.readiness.committeeSize', { n: r().committeeSize })}</p>
    </section>
  );
}

function Overview(props: { m: MeetingDetail }) {
  const m = () => props.m;
  const o = () => m().options;
  const v = () => m().voteRules;
  const yes = (b: boolean) => (b ? t('common.yes') : t('common.no'));
  return (
    <div class="overview-grid">
      <div class="overview-col">
        <ReadinessPanel m={m()} />
        <Show when={m().can.includes('meeting:export')}>
          <section class="card">
            <h2>{t('setup.exports.title')}</h2>
            <div class="export-row">
              <ExportButton path={`/meetings/${m().id}/exports/experts`} label={t('setup.exports.experts')} testid="export-experts" />
              <ExportButton path={`/meetings/${m().id}/exports/applicants`} label={t('setup.exports.applicants')} testid="export-applicants" />
              <ExportButton path={`/meetings/${m().id}/exports/results`} query={{ result: 'passed' }} label={t('setup.exports.passed')} testid="export-passed" />
              <ExportButton path={`/meetings/${m().id}/exports/results`} query={{ result: 'failed' }} label={t('setup.exports.failed')} testid="export-failed" />
            </div>
          </section>
        </Show>
      </div>
      <div class="overview-col">
        <section class="card">
          <h2>{t('setup.meeting.basics')}</h2>
          <dl class="facts">
            <dt>{t('setup.meeting.time')}</dt>
            <dd>
              {formatDateTime(m().startsAt)} – {formatDateTime(m().endsAt)}
            </dd>
            <dt>{t('setup.meeting.address')}</dt>
            <dd>{m().address ?? '—'}</dd>
            <dt>{t('setup.meeting.committees')}</dt>
            <dd>{m().committees.map((c) => `${c.name}（${c.code}）`).join('、')}</dd>
            <dt>{t('setup.meeting.staff')}</dt>
            <dd>{t('setup.meeting.staffCount', { n: m().staffAccountIds.length })}</dd>
            <dt>{t('setup.tab.groups')}</dt>
            <dd>{m().groups.length ? m().groups.map((g) => `${g.name}（${g.experts}/${g.size}）`).join('、') : '—'}</dd>
            <dt>{t('setup.plan.title')}</dt>
            <dd>
              <StatusBadge family="planStatus" status={m().planStatus} /> {tx(`setup.planKind.${m().planKind}`)}
            </dd>
            <dt>{t('setup.standard.title')}</dt>
            <dd>
              <StatusBadge family="standardStatus" status={m().standardStatus} />
            </dd>
            <Show when={m().notes}>
              <dt>{t('setup.meeting.notes')}</dt>
              <dd class="pre">{m().notes}</dd>
            </Show>
          </dl>
        </section>
        <section class="card">
          <h2>{t('setup.meeting.options')}</h2>
          <dl class="facts options-facts" data-testid="options">
            <dt>{t('setup.option.blindReview')}</dt>
            <dd>{yes(o().blindReview)}</dd>
            <dt>{t('setup.option.defense')}</dt>
            <dd>{yes(o().defense)}</dd>
            <dt>{t('setup.option.ballotMode')}</dt>
            <dd>{t(o().ballotMode === 'named' ? 'setup.ballot.named' : 'setup.ballot.secret')}</dd>
            <dt>{t('setup.option.signInBy')}</dt>
            <dd>{tx(`setup.signIn.${o().signInBy}`)}</dd>
            <dt>{t('setup.option.groupVote')}</dt>
            <dd>{yes(o().requireGroupVote)}</dd>
            <dt>{t('setup.option.autoClose')}</dt>
            <dd>{yes(o().closeWhenAllVoted)}</dd>
            <dt>{t('setup.option.enforceOdd')}</dt>
            <dd>{yes(o().enforceOddCommittee)}</dd>
            <dt>{t('setup.rule.quorum')}</dt>
            <dd>
              {t('setup.rule.ofMembers')} {fractionText(v().quorum.fraction)} {v().quorum.inclusive ? t('setup.rule.inclusiveShort') : t('setup.rule.exclusiveShort')}
            </dd>
            <dt>{t('setup.rule.pass')}</dt>
            <dd>
              {tx(`setup.rule.base.${v().pass.base}`)} {fractionText(v().pass.fraction)} {v().pass.inclusive ? t('setup.rule.inclusiveShort') : t('setup.rule.exclusiveShort')}
            </dd>
          </dl>
        </section>
      </div>
    </div>
  );
}
