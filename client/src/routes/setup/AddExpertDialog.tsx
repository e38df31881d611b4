import { Show, createSignal } from 'solid-js';
import { Dialog } from '../../components/Dialog';
import { FormError, TextField } from '../../components/Field';
import { SecretReveal } from '../../components/SecretReveal';
import { messageOf, t } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { toast } from '../../stores/toasts';
import { addExpert } from '../../stores/setup';
import { setupApi, type AddedExpert, type CommitteeDetail } from '../../api/setup';
import { CheckGroup, LEVELS, PickField, levelName, useSpecialties } from './common';

/** The employer by its organisation code (机构代码): the employer drives conflict detection. */
export function EmployerField(props: { value: { id: number; name: string } | null; onValue: (o: { id: number; name: string } | null) => void; error?: string }) {
  const [code, setCode] = createSignal('');
  const [problem, setProblem] = createSignal<string | null>(null);
  const lookup = async () => {
    setProblem(null);
    props.onValue(null);
    try {
      const o = await setupApi.orgLookup(code().trim());
      props.onValue({ id: o.id, name: o.name });
    } catch (e) {
      setProblem(messageOf(e));
    }
  };
  return (
    <div class="inline-lookup">
      <TextField
        label={t('setup.expert.employerCode')}
        name="employerCode"
        value={code()}
        onValue={setCode}
        required
        error={problem() ?? props.error}
        hint={props.value ? <span class="ok-text" data-testid="employer-name">{props.value.name}</span> : t('setup.expert.employerHint')}
        onBlur={() => code().trim() && !props.value && void lookup()}
      />
      <button type="button" onClick={lookup} disabled={!code().trim()}>
        {t('setup.lookup')}
      </button>
    </div>
  );
}

/** 单个新增专家: by ID number; a new expert account gets a one-time password, shown here once. */
export function AddExpertDialog(props: { open: boolean; c: CommitteeDetail; onClose: () => void }) {
  return (
    <Dialog open={props.open} title={t('setup.library.add')} onClose={props.onClose} wide>
      <AddExpertForm c={props.c} onClose={props.onClose} />
    </Dialog>
  );
}

function AddExpertForm(props: { c: CommitteeDetail; onClose: () => void }) {
  const sp = useSpecialties();
  const [idNumber, setIdNumber] = createSignal('');
  const [name, setName] = createSignal('');
  const [employer, setEmployer] = createSignal<{ id: number; name: string } | null>(null);
  const [specialties, setSpecialties] = createSignal<string[]>([]);
  const [level, setLevel] = createSignal('');
  const [titleName, setTitleName] = createSignal('');
  const [phone, setPhone] = createSignal('');
  const [done, setDone] = createSignal<AddedExpert | null>(null);
  const add = useRunner(addExpert);
  const options = () =>
    sp
      .ofSeries([props.c.seriesCode])
      .filter((s) => props.c.specialties.length === 0 || props.c.specialties.includes(s.code))
      .map((s) => ({ value: s.code, label: s.name }));
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!employer()) return toast.error(t('setup.expert.employerFirst'));
    const res = await add.run(props.c.id, {
      idNumber: idNumber().trim().toUpperCase(),
      name: name().trim(),
      employerOrgId: employer()!.id,
      specialties: specialties(),
      titleLevel: (level() || null) as never,
      titleName: titleName().trim() || null,
      phone: phone().trim() || null,
    });
    if (res.ok) {
      toast.success(t('setup.library.added', { name: res.value.entry.name }));
      if (res.value.initialPassword) setDone(res.value);
      else props.onClose();
    }
  };
  return (
    <Show
      when={!done()}
      fallback={
        <div>
          <p>{t('setup.library.accountMade', { name: done()!.entry.name })}</p>
          <SecretReveal username={done()!.entry.idNumber} password={done()!.initialPassword!} />
          <div class="dialog-actions">
            <button type="button" class="primary" onClick={props.onClose}>
              {t('common.done')}
            </button>
          </div>
        </div>
      }
    >
      <form novalidate onSubmit={submit} data-testid="add-expert-form">
        <div class="row2">
          <TextField label={t('setup.library.idNumber')} name="idNumber" value={idNumber()} onValue={setIdNumber} required maxLength={18} class="mono-input" error={add.fields().idNumber} />
          <TextField label={t('setup.expert.name')} name="name" value={name()} onValue={setName} required maxLength={50} error={add.fields().name} />
        </div>
        <EmployerField value={employer()} onValue={setEmployer} error={add.fields().employerOrgId} />
        <CheckGroup label={t('setup.expert.specialties')} name="specialties" required options={options()} value={specialties()} onValue={setSpecialties} error={add.fields().specialties ?? Object.entries(add.fields()).find(([k]) => k.startsWith('specialties.'))?.[1]} />
        <div class="row3">
          <PickField
            label={t('setup.library.titleLevel')}
            name="titleLevel"
            value={level()}
            onValue={setLevel}
            options={[{ value: '', label: t('common.none') }, ...LEVELS.map((l) => ({ value: l, label: levelName(l) }))]}
          />
          <TextField label={t('setup.library.titleName')} name="titleName" value={titleName()} onValue={setTitleName} maxLength={50} error={add.fields().titleName} />
          <TextField label={t('setup.library.phone')} name="phone" value={phone()} onValue={setPhone} maxLength={20} error={add.fields().phone} />
        </div>
        <FormError message={add.formMessage()} />
        <div class="dialog-actions">
          <button type="button" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" class="primary" disabled={add.pending() || !specialties().length} data-testid="add-expert-save">
            {t('common.save')}
          </button>
        </div>
      </form>
    </Show>
  );
}
