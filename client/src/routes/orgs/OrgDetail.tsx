import { For, Show, createSignal } from 'solid-js';
import { A, createAsync } from '@solidjs/router';
import type { CreatedOrg, OrgDetail as Detail } from '../../api';
import { Badge, orgStatusTone } from '../../components/Badge';
import { formatDateTime, t, tx, type MessageKey } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { confirmAction } from '../../stores/confirm';
import { decideOrg, decideOrgMove, disableOrg, getOrg, resetOrgAdminPassword } from '../../stores/orgs';
import { toast } from '../../stores/toasts';
import { CreateOrgDialog } from './CreateOrgDialog';
import { MoveDialog, ReasonDialog, SecretDialog } from './OrgDialogs';

const PROFILE_FIELDS = ['contactName', 'contactPhone', 'email', 'address', 'nature', 'creditCode', 'note'] as const;

/** One organisation: profile, status, and the buttons its `can` allows. */
export function OrgDetail(props: { id: number; onSelect: (id: number) => void; onBack?: () => void }) {
  const detail = createAsync(() => getOrg(props.id));
  return <Show when={detail()}>{(d) => <DetailView org={d()} onSelect={props.onSelect} onBack={props.onBack} />}</Show>;
}

function DetailView(props: { org: Detail; onSelect: (id: number) => void; onBack?: () => void }) {
  const o = () => props.org;
  const can = (a: string) => o().can.includes(a);
  const [creating, setCreating] = createSignal(false);
  const [rejecting, setRejecting] = createSignal(false);
  const [refusingMove, setRefusingMove] = createSignal(false);
  const [moving, setMoving] = createSignal(false);
  const [secret, setSecret] = createSignal<{ title: string; username: string; password: string } | null>(null);
  const decide = useRunner(decideOrg);
  const decideMove = useRunner(decideOrgMove);
  const reset = useRunner(resetOrgAdminPassword);
  const disable = useRunner(disableOrg);

  const approve = async () => {
    const r = await decide.run(o().id, true);
    r.ok ? toast.success(t('orgs.approved')) : toast.failure(r.error);
  };
  const approveMove = async () => {
    const r = await decideMove.run(o().id, true);
    r.ok ? toast.success(t('orgs.moves.approved')) : toast.failure(r.error);
  };
  const resetAdmin = async () => {
    if (!(await confirmAction({ title: t('orgs.action.resetAdmin'), message: t('orgs.reset.confirm', { name: o().name }), danger: true }))) return;
    const r = await reset.run(o().id);
    if (r.ok) setSecret({ title: t('orgs.reset.title'), username: r.value.username, password: r.value.initialPassword });
    else toast.failure(r.error);
  };
  const doDisable = async () => {
    if (!(await confirmAction({ title: t('orgs.action.disable'), message: t('orgs.disable.confirm', { name: o().name }), danger: true }))) return;
    const r = await disable.run(o().id);
    r.ok ? toast.success(t('orgs.disabled')) : toast.failure(r.error);
  };
  const created = (c?: CreatedOrg) => {
    setCreating(false);
    if (c) props.onSelect(c.org.id);
  };

  return (
    <article class="org-detail" data-testid="org-detail" data-org-id={o().id}>
      <header class="detail-head">
        <Show when={props.onBack}>
          <button type="button" class="link-btn back" onClick={() => props.onBack!()}>
            ← {t('common.back')}
          </button>
        </Show>
        <h2>{o().name}</h2>
        <div class="detail-sub">
          <span class="mono">{o().code}</span>
          <Badge tone={orgStatusTone(o().status)}>{tx(`orgStatus.${o().status}`)}</Badge>
        </div>
      </header>

      <div class="toolbar">
        <Show when={can('org:create')}>
          <button type="button" class="primary" onClick={() => setCreating(true)} data-testid="create-child">
            {t('orgs.action.create')}
          </button>
        </Show>
        <Show when={can('org:approve')}>
          <button type="button" class="primary" disabled={decide.pending()} onClick={approve}>
            {t('orgs.action.approve')}
          </button>
          <button type="button" onClick={() => setRejecting(true)}>
            {t('orgs.action.reject')}
          </button>
        </Show>
        <Show when={can('org:approveMove')}>
          <button type="button" class="primary" disabled={decideMove.pending()} onClick={approveMove}>
            {t('orgs.action.approveMove')}
          </button>
          <button type="button" onClick={() => setRefusingMove(true)}>
            {t('orgs.action.rejectMove')}
          </button>
        </Show>
        <Show when={can('org:updateProfile')}>
          <A class="button" href="/orgs/profile">
            {t('orgs.action.editProfile')}
          </A>
        </Show>
        <Show when={can('org:requestMove') && !o().pendingParentId}>
          <button type="button" onClick={() => setMoving(true)}>
            {t('orgs.action.requestMove')}
          </button>
        </Show>
        <Show when={can('org:resetAdminPassword')}>
          <button type="button" disabled={reset.pending()} onClick={resetAdmin}>
            {t('orgs.action.resetAdmin')}
          </button>
        </Show>
        <Show when={can('org:disable') && o().status !== 'disabled'}>
          <button type="button" class="danger" disabled={disable.pending()} onClick={doDisable}>
            {t('orgs.action.disable')}
          </button>
        </Show>
      </div>

      <Show when={o().statusReason}>
        <div class="notice warn">
          {t('orgs.statusReason')}：{o().statusReason}
        </div>
      </Show>
      <Show when={o().pendingParent}>{(p) => <div class="notice info">{t('orgs.move.pendingNote', { name: `${p().name}（${p().code}）` })}</div>}</Show>

      <dl class="facts two-col">
        <dt>{t('orgs.kind')}</dt>
        <dd>{tx(`orgKind.${o().kind}`)}</dd>
        <dt>{t('orgs.category')}</dt>
        <dd>{tx(`orgCategory.${o().category}`)}</dd>
        <Show when={o().level}>
          <dt>{t('orgs.level')}</dt>
          <dd>{tx(`orgLevel.${o().level}`)}</dd>
        </Show>
        <dt>{t('orgs.parent')}</dt>
        <dd>
          <Show when={o().parent} fallback={t('common.none')}>
            {(p) => (
              <button type="button" class="link-btn" onClick={() => props.onSelect(p().id)}>
                {p().name}（{p().code}）
              </button>
            )}
          </Show>
        </dd>
        <dt>{t('orgs.createdAt')}</dt>
        <dd>{formatDateTime(o().createdAt)}</dd>
      </dl>

      <h3>{t('orgs.profile')}</h3>
      <dl class="facts two-col">
        <For each={PROFILE_FIELDS}>
          {(f) => (
            <>
              <dt>{t(`orgs.profile.${f}` as MessageKey)}</dt>
              <dd>{(f === 'nature' && o().profile.nature ? tx(`nature.${o().profile.nature}`) : o().profile[f]) || '—'}</dd>
            </>
          )}
        </For>
      </dl>

      <CreateOrgDialog open={creating()} parent={o()} onClose={created} />
      <ReasonDialog
        open={rejecting()}
        title={t('orgs.reject.title')}
        onClose={() => setRejecting(false)}
        onSubmit={async (reason) => {
          const r = await decide.run(o().id, false, reason);
          if (r.ok) toast.success(t('orgs.rejected'));
          return r;
        }}
      />
      <ReasonDialog
        open={refusingMove()}
        title={t('orgs.moves.rejectTitle')}
        onClose={() => setRefusingMove(false)}
        onSubmit={async (reason) => {
          const r = await decideMove.run(o().id, false, reason);
          if (r.ok) toast.success(t('orgs.moves.rejected'));
          return r;
        }}
      />
      <MoveDialog
        open={moving()}
        orgId={o().id}
        onClose={(requested) => {
          setMoving(false);
          if (requested) toast.success(t('orgs.move.requested'));
        }}
      />
      <SecretDialog secret={secret()} onClose={() => setSecret(null)} />
    </article>
  );
}
