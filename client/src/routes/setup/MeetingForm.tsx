import { Show, createSignal } from 'solid-js';
import { createAsync } from '@solidjs/router';
import { Dialog } from '../../components/Dialog';
import { FormError, TextAreaField, TextField } from '../../components/Field';
import { t } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { session } from '../../stores/session';
import { toast } from '../../stores/toasts';
import { createMeeting, getCommittees, getUnitStaff, updateMeeting } from '../../stores/setup';
import type { MeetingDetail, MeetingOptions, VoteRules } from '../../api/setup';
import { CheckGroup, PickField, fractionText, fromLocalInput, parseFraction, toLocalInput } from './common';

const DEFAULT_RULES: VoteRules = { quorum: { fraction: [2, 3], inclusive: true }, pass: { base: 'present', fraction: [2, 3], inclusive: true } };

/**
 * 新增 / 编辑评审会议 (seed 000 第三章第三节): name, start and end, address, staff, the unit's committees
 * (one or more), notes; the options (盲评, 答辩, 无记名/记名) and the vote thresholds of DESIGN §10,
 * defaulting to the national rule (quorum 2/3 of members, pass ≥ 2/3 of those present).
 */
export function MeetingForm(props: { open: boolean; meeting?: MeetingDetail; onClose: () => void; onSaved?: (m: MeetingDetail) => void }) {
  return (
    <Dialog open={props.open} title={props.meeting ? t('setup.meeting.edit') : t('setup.meeting.create')} onClose={props.onClose} wide>
      <MeetingFormBody {...props} />
    </Dialog>
  );
}

function MeetingFormBody(props: { meeting?: MeetingDetail; onClose: () => void; onSaved?: (m: MeetingDetail) => void }) {
  const m = props.meeting;
  const ownerId = m?.ownerOrgId ?? session.org?.id ?? 0;
  const committees = createAsync(() => getCommittees({ ownerOrgId: ownerId, state: 'active', pageSize: 100 }));
  const staff = createAsync(() => getUnitStaff(ownerId));
  const [name, setName] = createSignal(m?.name ?? '');
  const [startsAt, setStartsAt] = createSignal(toLocalInput(m?.startsAt));
  const [endsAt, setEndsAt] = createSignal(toLocalInput(m?.endsAt));
  const [address, setAddress] = createSignal(m?.address ?? '');
  const [notes, setNotes] = createSignal(m?.notes ?? '');
  const [committeeIds, setCommitteeIds] = createSignal<string[]>((m?.committees ?? []).map((c) => String(c.id)));
  const [staffIds, setStaffIds] = createSignal<string[]>((m?.staffAccountIds ?? []).map(String));
  const opts = m?.options;
  const [blind, setBlind] = createSignal(opts?.blindReview ?? false);
  const [defense, setDefense] = createSignal(opts?.defense ?? false);
  const [ballot, setBallot] = createSignal<MeetingOptions['ballotMode']>(opts?.ballotMode ?? 'secret');
  const [signInBy, setSignInBy] = createSignal<MeetingOptions['signInBy']>(opts?.signInBy ?? 'both');
  const [odd, setOdd] = createSignal(opts?.enforceOddCommittee ?? false);
  const [groupVote, setGroupVote] = createSignal(opts?.requireGroupVote ?? true);
  const [autoClose, setAutoClose] = createSignal(opts?.closeWhenAllVoted ?? false);
  const rules = m?.voteRules ?? DEFAULT_RULES;
  const [quorum, setQuorum] = createSignal(fractionText(rules.quorum.fraction));
  const [quorumIncl, setQuorumIncl] = createSignal(rules.quorum.inclusive);
  const [passBase, setPassBase] = createSignal<VoteRules['pass']['base']>(rules.pass.base);
  const [pass, setPass] = createSignal(fractionText(rules.pass.fraction));
  const [passIncl, setPassIncl] = createSignal(rules.pass.inclusive);
  const [localError, setLocalError] = createSignal<Record<string, string>>({});
  const create = useRunner(createMeeting);
  const update = useRunner(updateMeeting);
  const runner = () => (m ? update : create);
  const err = (f: string) => localError()[f] ?? runner().fields()[f];

  const submit = async (e: Event) => {
    e.preventDefault();
    const q = parseFraction(quorum());
    const p = parseFraction(pass());
    const problems: Record<string, string> = {};
    if (!q) problems['voteRules.quorum.fraction'] = t('setup.meeting.fractionHint');
    if (!p) problems['voteRules.pass.fraction'] = t('setup.meeting.fractionHint');
    if (!fromLocalInput(startsAt())) problems.startsAt = t('field.required');
    if (!fromLocalInput(endsAt())) problems.endsAt = t('field.required');
    if (committeeIds().length === 0) problems.committeeIds = t('error.committee_required');
    setLocalError(problems);
    if (Object.keys(problems).length) return;
    const body = {
      name: name().trim(),
      startsAt: fromLocalInput(startsAt())!,
      endsAt: fromLocalInput(endsAt())!,
      address: address().trim() || null,
      notes: notes().trim() || null,
      committeeIds: committeeIds().map(Number),
      staffAccountIds: staffIds().map(Number),
      options: { blindReview: blind(), defense: defense(), ballotMode: ballot(), signInBy: signInBy(), enforceOddCommittee: odd(), requireGroupVote: groupVote(), closeWhenAllVoted: autoClose() },
      voteRules: { quorum: { fraction: q!, inclusive: quorumIncl() }, pass: { base: passBase(), fraction: p!, inclusive: passIncl() } },
    };
    const res = m ? await update.run(m.id, body) : await create.run(body);
    if (res.ok) {
      toast.success(m ? t('common.saved') : t('setup.meeting.created'));
      props.onSaved?.(res.value as MeetingDetail);
      props.onClose();
    }
  };

  const committeeOptions = () => (committees()?.items ?? []).map((c) => ({ value: String(c.id), label: `${c.name}（${c.code}）` }));
  const staffOptions = () => (staff() ?? []).filter((a) => a.role === 'staff' || a.role === 'admin').map((a) => ({ value: String(a.id), label: `${a.name}（${a.username}）` }));

  return (
    <form novalidate onSubmit={submit} data-testid="meeting-form" class="setup-form">
      <TextField label={t('setup.meeting.name')} name="name" value={name()} onValue={setName} required maxLength={200} error={err('name')} />
      <div class="row2">
        <TextField label={t('setup.meeting.startsAt')} name="startsAt" type="datetime-local" value={startsAt()} onValue={setStartsAt} required error={err('startsAt')} />
        <TextField label={t('setup.meeting.endsAt')} name="endsAt" type="datetime-local" value={endsAt()} onValue={setEndsAt} required error={err('endsAt')} />
      </div>
      <TextField label={t('setup.meeting.address')} name="address" value={address()} onValue={setAddress} maxLength={200} error={err('address')} />
      <CheckGroup label={t('setup.meeting.committees')} name="committeeIds" required options={committeeOptions()} value={committeeIds()} onValue={setCommitteeIds} error={err('committeeIds') ?? err('committeeIds.0')} />
      <CheckGroup label={t('setup.meeting.staff')} name="staffAccountIds" options={staffOptions()} value={staffIds()} onValue={setStaffIds} error={err('staffAccountIds') ?? err('staffAccountIds.0')} />
      <TextAreaField label={t('setup.meeting.notes')} name="notes" value={notes()} onValue={setNotes} rows={2} maxLength={5000} error={err('notes')} />

      <fieldset class="options-box">
        <legend>{t('setup.meeting.options')}</legend>
        <div class="check-row">
          <label class="check">
            <input type="checkbox" name="blindReview" checked={blind()} onChange={(e) => setBlind(e.currentTarget.checked)} />
            <span>{t('setup.option.blindReview')}</span>
          </label>
          <label class="check">
            <input type="checkbox" name="defense" checked={defense()} onChange={(e) => setDefense(e.currentTarget.checked)} />
            <span>{t('setup.option.defense')}</span>
          </label>
          <label class="check">
            <input type="checkbox" name="requireGroupVote" checked={groupVote()} onChange={(e) => setGroupVote(e.currentTarget.checked)} />
            <span>{t('setup.option.groupVote')}</span>
          </label>
          <label class="check">
            <input type="checkbox" name="closeWhenAllVoted" checked={autoClose()} onChange={(e) => setAutoClose(e.currentTarget.checked)} />
            <span>{t('setup.option.autoClose')}</span>
          </label>
          <label class="check">
            <input type="checkbox" name="enforceOddCommittee" checked={odd()} onChange={(e) => setOdd(e.currentTarget.checked)} />
            <span>{t('setup.option.enforceOdd')}</span>
          </label>
        </div>
        <div class="row2">
          <PickField
            label={t('setup.option.ballotMode')}
            name="ballotMode"
            value={ballot()}
            onValue={setBallot}
            options={[
              { value: 'secret', label: t('setup.ballot.secret') },
              { value: 'named', label: t('setup.ballot.named') },
            ]}
          />
          <PickField
            label={t('setup.option.signInBy')}
            name="signInBy"
            value={signInBy()}
            onValue={setSignInBy}
            options={[
              { value: 'both', label: t('setup.signIn.both') },
              { value: 'staff', label: t('setup.signIn.staff') },
              { value: 'self', label: t('setup.signIn.self') },
            ]}
          />
        </div>
      </fieldset>

      <fieldset class="options-box">
        <legend>{t('setup.meeting.voteRules')}</legend>
        <div class="rule-row">
          <span class="rule-label">{t('setup.rule.quorum')}</span>
          <span>{t('setup.rule.ofMembers')}</span>
          <input class="fraction" name="quorumFraction" value={quorum()} onInput={(e) => setQuorum(e.currentTarget.value)} aria-label={t('setup.rule.quorum')} aria-invalid={err('voteRules.quorum.fraction') ? 'true' : undefined} />
          <label class="check">
            <input type="checkbox" checked={quorumIncl()} onChange={(e) => setQuorumIncl(e.currentTarget.checked)} />
            <span>{t('setup.rule.inclusive')}</span>
          </label>
        </div>
        <Show when={err('voteRules.quorum.fraction')}>
          <div class="field-error">{err('voteRules.quorum.fraction')}</div>
        </Show>
        <div class="rule-row">
          <span class="rule-label">{t('setup.rule.pass')}</span>
          <select name="passBase" aria-label={t('setup.rule.base')} onChange={(e) => setPassBase(e.currentTarget.value as VoteRules['pass']['base'])}>
            <option value="present" selected={passBase() === 'present'}>
              {t('setup.rule.base.present')}
            </option>
            <option value="members" selected={passBase() === 'members'}>
              {t('setup.rule.base.members')}
            </option>
            <option value="cast" selected={passBase() === 'cast'}>
              {t('setup.rule.base.cast')}
            </option>
          </select>
          <input class="fraction" name="passFraction" value={pass()} onInput={(e) => setPass(e.currentTarget.value)} aria-label={t('setup.rule.pass')} aria-invalid={err('voteRules.pass.fraction') ? 'true' : undefined} />
          <label class="check">
            <input type="checkbox" checked={passIncl()} onChange={(e) => setPassIncl(e.currentTarget.checked)} />
            <span>{t('setup.rule.inclusive')}</span>
          </label>
        </div>
        <Show when={err('voteRules.pass.fraction')}>
          <div class="field-error">{err('voteRules.pass.fraction')}</div>
        </Show>
        <p class="hint">{t('setup.rule.hint')}</p>
      </fieldset>

      <FormError message={runner().formMessage()} />
      <div class="dialog-actions">
        <button type="button" onClick={props.onClose}>
          {t('common.cancel')}
        </button>
        <button type="submit" class="primary" disabled={runner().pending()} data-testid="meeting-save">
          {m ? t('common.save') : t('setup.meeting.create')}
        </button>
      </div>
    </form>
  );
}
