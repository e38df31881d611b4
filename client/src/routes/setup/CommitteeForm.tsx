import { Index, Show, createMemo, createSignal } from 'solid-js';
import { createStore } from 'solid-js/store';
import { createAsync } from '@solidjs/router';
import { Dialog } from '../../components/Dialog';
import { FormError, TextAreaField, TextField } from '../../components/Field';
import { t } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { toast } from '../../stores/toasts';
import { createCommittee, getOrgs, updateCommittee } from '../../stores/setup';
import type { CommitteeDetail } from '../../api/setup';
import { CheckGroup, PickField, fromLocalInput, levelName, toLocalInput, useSpecialties } from './common';

/**
 * 新增 / 编辑评委会 (seed 000 第三章第一节, seed 003 §1.10): the office gives a committee unit a
 * committee with its own code, series, type (社会化 / 自主), levels, specialties, founding units, fee
 * items, the material deadline (after it, unreceived material counts as not passed) and the period its
 * approval is valid for. Code, series, type and owner stay as created.
 */
export function CommitteeForm(props: { open: boolean; committee?: CommitteeDetail; onClose: () => void; onSaved?: (c: CommitteeDetail) => void }) {
  return (
    <Dialog open={props.open} title={props.committee ? t('setup.committee.edit') : t('setup.committee.create')} onClose={props.onClose} wide>
      <CommitteeFormBody {...props} />
    </Dialog>
  );
}

function CommitteeFormBody(props: { committee?: CommitteeDetail; onClose: () => void; onSaved?: (c: CommitteeDetail) => void }) {
  const c = props.committee;
  const sp = useSpecialties();
  const units = createAsync(() => (c ? Promise.resolve([]) : getOrgs({ kind: 'committee_unit' })));
  const selfUnits = createAsync(() => (c ? Promise.resolve([]) : getOrgs({ kind: 'self_evaluating' })));
  const [code, setCode] = createSignal(c?.code ?? '');
  const [name, setName] = createSignal(c?.name ?? '');
  const [series, setSeries] = createSignal(c?.seriesCode ?? '');
  const [type, setType] = createSignal<'social' | 'self'>(c?.type ?? 'social');
  const [owner, setOwner] = createSignal(c ? String(c.ownerOrgId) : '');
  const [levels, setLevels] = createSignal<string[]>(c?.levels ?? []);
  const [specialties, setSpecialties] = createSignal<string[]>(c?.specialties ?? []);
  const [deadline, setDeadline] = createSignal(toLocalInput(c?.materialDeadline));
  const [validFrom, setValidFrom] = createSignal(c?.validFrom ? toLocalInput(c.validFrom).slice(0, 10) : '');
  const [validUntil, setValidUntil] = createSignal(c?.validUntil ? toLocalInput(c.validUntil).slice(0, 10) : '');
  const [note, setNote] = createSignal(c?.note ?? '');
  const [founders, setFounders] = createStore((c?.foundingUnits ?? []).map((f) => ({ name: f.name, creditCode: f.creditCode ?? '' })));
  const [fees, setFees] = createStore((c?.feeItems ?? []).map((f) => ({ item: f.item, amount: String(f.amount), note: f.note ?? '' })));
  const create = useRunner(createCommittee);
  const update = useRunner(updateCommittee);
  const runner = () => (c ? update : create);
  const err = (f: string) => runner().fields()[f];
  const seriesList = () => sp.catalogue() ?? [];
  const current = createMemo(() => seriesList().find((s) => s.code === series()));
  const ownerOptions = () => [
    { value: '', label: t('setup.chairs.pick') },
    ...[...(units() ?? []), ...(selfUnits() ?? [])]
      .filter((o) => (type() === 'self' ? o.kind === 'self_evaluating' : true))
      .map((o) => ({ value: String(o.id), label: `${o.name}（${o.code}）` })),
  ];
  const dayIso = (d: string) => (d ? new Date(`${d}T00:00:00`).toISOString() : null);

  const submit = async (e: Event) => {
    e.preventDefault();
    const common = {
      name: name().trim(),
      levels: levels() as never,
      specialties: specialties(),
      materialDeadline: fromLocalInput(deadline()),
      validFrom: dayIso(validFrom()),
      validUntil: dayIso(validUntil()),
      note: note().trim() || null,
      foundingUnits: founders.filter((f) => f.name.trim()).map((f) => ({ name: f.name.trim(), creditCode: f.creditCode.trim() || null })),
      feeItems: fees.filter((f) => f.item.trim()).map((f) => ({ item: f.item.trim(), amount: Number(f.amount), note: f.note.trim() || null })),
    };
    const res = c
      ? await update.run(c.id, common)
      : await create.run({ ...common, code: code().trim() || undefined, seriesCode: series(), type: type(), ownerOrgId: Number(owner()) });
    if (res.ok) {
      toast.success(c ? t('common.saved') : t('setup.committee.created'));
      props.onSaved?.(res.value as CommitteeDetail);
      props.onClose();
    }
  };

  return (
    <form novalidate onSubmit={submit} data-testid="committee-form" class="setup-form">
      <Show when={!c}>
        <div class="row2">
          <TextField label={t('setup.committee.code')} name="code" value={code()} onValue={setCode} maxLength={40} hint={t('setup.committee.codeHint')} error={err('code')} />
          <PickField
            label={t('setup.committee.series')}
            name="seriesCode"
            required
            value={series()}
            onValue={(v) => {
              setSeries(v);
              setLevels([]);
              setSpecialties([]);
            }}
            options={[{ value: '', label: t('setup.chairs.pick') }, ...seriesList().map((s) => ({ value: s.code, label: s.name }))]}
            error={err('seriesCode')}
          />
        </div>
        <div class="row2">
          <PickField
            label={t('setup.committee.type')}
            name="type"
            value={type()}
            onValue={setType}
            options={[
              { value: 'social', label: t('setup.committeeType.social') },
              { value: 'self', label: t('setup.committeeType.self') },
            ]}
            error={err('type')}
          />
          <PickField label={t('setup.committee.owner')} name="ownerOrgId" required value={owner()} onValue={setOwner} options={ownerOptions()} error={err('ownerOrgId')} />
        </div>
      </Show>
      <TextField label={t('setup.committee.name')} name="name" value={name()} onValue={setName} required maxLength={200} error={err('name')} />
      <CheckGroup
        label={t('setup.committee.levels')}
        name="levels"
        required
        options={(current()?.levels ?? []).map((l) => ({ value: l.level, label: levelName(l.level) }))}
        value={levels()}
        onValue={setLevels}
        error={err('levels') ?? Object.entries(runner().fields()).find(([k]) => k.startsWith('levels.'))?.[1]}
      />
      <CheckGroup
        label={t('setup.committee.specialties')}
        name="specialties"
        options={(current()?.specialties ?? []).filter((s) => s.status === 'active').map((s) => ({ value: s.code, label: s.name }))}
        value={specialties()}
        onValue={setSpecialties}
        error={err('specialties') ?? Object.entries(runner().fields()).find(([k]) => k.startsWith('specialties'))?.[1]}
      />
      <div class="row3">
        <TextField label={t('setup.committee.deadline')} name="materialDeadline" type="datetime-local" value={deadline()} onValue={setDeadline} hint={t('setup.committee.deadlineHint')} error={err('materialDeadline')} />
        <TextField label={t('setup.committee.validFrom')} name="validFrom" type="date" value={validFrom()} onValue={setValidFrom} error={err('validFrom')} />
        <TextField label={t('setup.committee.validUntil')} name="validUntil" type="date" value={validUntil()} onValue={setValidUntil} error={err('validUntil')} />
      </div>

      <fieldset class="options-box">
        <legend>{t('setup.committee.founders')}</legend>
        <Index each={founders}>
          {(f, i) => (
            <div class="line-row">
              <input placeholder={t('setup.committee.founderName')} aria-label={t('setup.committee.founderName')} value={f().name} onInput={(e) => setFounders(i, 'name', e.currentTarget.value)} />
              <input placeholder={t('setup.committee.creditCode')} aria-label={t('setup.committee.creditCode')} value={f().creditCode} maxLength={18} class="mono" onInput={(e) => setFounders(i, 'creditCode', e.currentTarget.value.toUpperCase())} />
              <button type="button" class="icon-btn" aria-label={t('setup.remove')} onClick={() => setFounders((l) => l.filter((_, j) => j !== i))}>
                ×
              </button>
              <Show when={err(`foundingUnits.${i}.name`) ?? err(`foundingUnits.${i}.creditCode`)}>
                <div class="field-error">{err(`foundingUnits.${i}.name`) ?? err(`foundingUnits.${i}.creditCode`)}</div>
              </Show>
            </div>
          )}
        </Index>
        <button type="button" class="small link-btn" onClick={() => setFounders(founders.length, { name: '', creditCode: '' })}>
          {t('setup.committee.addFounder')}
        </button>
      </fieldset>

      <fieldset class="options-box">
        <legend>{t('setup.committee.fees')}</legend>
        <Index each={fees}>
          {(f, i) => (
            <div class="line-row">
              <input placeholder={t('setup.committee.feeItem')} aria-label={t('setup.committee.feeItem')} value={f().item} onInput={(e) => setFees(i, 'item', e.currentTarget.value)} />
              <input type="number" min="0" step="0.01" class="num" placeholder={t('setup.committee.amount')} aria-label={t('setup.committee.amount')} value={f().amount} onInput={(e) => setFees(i, 'amount', e.currentTarget.value)} />
              <input placeholder={t('setup.note')} aria-label={t('setup.note')} value={f().note} onInput={(e) => setFees(i, 'note', e.currentTarget.value)} />
              <button type="button" class="icon-btn" aria-label={t('setup.remove')} onClick={() => setFees((l) => l.filter((_, j) => j !== i))}>
                ×
              </button>
              <Show when={err(`feeItems.${i}.amount`) ?? err(`feeItems.${i}.item`)}>
                <div class="field-error">{err(`feeItems.${i}.amount`) ?? err(`feeItems.${i}.item`)}</div>
              </Show>
            </div>
          )}
        </Index>
        <button type="button" class="small link-btn" onClick={() => setFees(fees.length, { item: '', amount: '', note: '' })}>
          {t('setup.committee.addFee')}
        </button>
      </fieldset>
      <TextAreaField label={t('setup.note')} value={note()} onValue={setNote} rows={2} maxLength={2000} error={err('note')} />
      <FormError message={runner().formMessage()} />
      <div class="dialog-actions">
        <button type="button" onClick={props.onClose}>
          {t('common.cancel')}
        </button>
        <button type="submit" class="primary" disabled={runner().pending()} data-testid="committee-save">
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}
