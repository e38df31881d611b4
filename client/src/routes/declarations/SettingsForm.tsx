import { For, Show, createMemo, createSignal } from 'solid-js';
import { createAsync } from '@solidjs/router';
import type { Declaration, DeclarationType, Level, ReviewRoute, Settings } from '../../api/declarations';
import { FieldFrame, FormError } from '../../components/Field';
import { t, tx } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { createDeclaration, getCatalogue, updateSettings } from '../../stores/declarations';
import { session } from '../../stores/session';
import { specialtyOptions } from './parts';

const ROUTES: ReviewRoute[] = ['review', 'self', 'recognition', 'initial'];
const TYPES: DeclarationType[] = ['normal', 'civil_servant', 'one_step', 'green_channel', 'exceptional', 'transfer', 'high_skill'];

function Pick(props: { label: string; value: string; options: { value: string; label: string }[]; onValue: (v: string) => void; error?: string; required?: boolean; name: string; disabled?: boolean; hint?: string }) {
  const id = `set-${props.name}`;
  return (
    <FieldFrame id={id} label={props.label} error={props.error} required={props.required} hint={props.hint}>
      <select id={id} name={props.name} disabled={props.disabled} aria-invalid={props.error ? 'true' : undefined} onChange={(e) => props.onValue(e.currentTarget.value)}>
        <option value="" selected={!props.value}>
          {t('decl.choose')}
        </option>
        <For each={props.options}>
          {(o) => (
            <option value={o.value} selected={o.value === props.value}>
              {o.label}
            </option>
          )}
        </For>
      </select>
    </FieldFrame>
  );
}

/**
 * 个人申报设置 (seed 000 §2.2 (一)): year, series → level → qualification → specialty from the
 * catalogue, the review route and one of the seven declaration types, each type explained. Creates the
 * declaration, or changes the settings of an editable one.
 */
export function SettingsForm(props: { existing?: Declaration; onDone: (d: Declaration) => void; onCancel?: () => void }) {
  const catalogue = createAsync(() => getCatalogue());
  const e = props.existing;
  const [year, setYear] = createSignal(String(e?.year ?? (session.account?.loginYear || new Date().getFullYear())));
  const [series, setSeries] = createSignal(e?.seriesCode ?? '');
  const [level, setLevel] = createSignal<string>(e?.level ?? '');
  const [qual, setQual] = createSignal(e ? String(e.qualificationId) : '');
  const [spec, setSpec] = createSignal('');
  const [route, setRoute] = createSignal<string>(e?.route ?? 'review');
  const [type, setType] = createSignal<string>(e?.declType ?? 'normal');
  const create = useRunner(createDeclaration);
  const update = useRunner(updateSettings);
  const run = () => (e ? update : create);
  const s = createMemo(() => catalogue()?.find((x) => x.code === series()));
  const lv = createMemo(() => s()?.levels.find((l) => l.level === level()));
  // The specialty of an existing declaration is known by code; find its id once the catalogue is here.
  const specValue = () => spec() || (e?.specialty && s() ? String(s()!.specialties.find((x) => x.code === e.specialty!.code)?.id ?? '') : '');
  const fields = () => run().fields();
  const submit = async () => {
    const body: Settings = {
      year: Number(year()),
      seriesCode: series(),
      level: level() as Level,
      qualificationId: Number(qual()) || 0,
      specialtyId: specValue() ? Number(specValue()) : null,
      route: route() as ReviewRoute,
      declType: type() as DeclarationType,
    };
    const res = e ? await update.run(e.id, { seriesCode: body.seriesCode, level: body.level, qualificationId: body.qualificationId, specialtyId: body.specialtyId, route: body.route, declType: body.declType }) : await create.run(body);
    if (res.ok) props.onDone(res.value as Declaration);
  };
  return (
    <form
      class="settings-form"
      data-testid="settings-form"
      onSubmit={(ev) => {
        ev.preventDefault();
        void submit();
      }}
    >
      <div class="form-grid">
        <FieldFrame id="set-year" label={t('decl.year')} error={fields().year} required>
          <input id="set-year" name="year" type="number" inputMode="numeric" value={year()} disabled={!!e} onInput={(ev) => setYear(ev.currentTarget.value)} />
        </FieldFrame>
        <Pick
          name="seriesCode"
          label={t('decl.series')}
          required
          value={series()}
          options={(catalogue() ?? []).map((x) => ({ value: x.code, label: x.name }))}
          onValue={(v) => {
            setSeries(v);
            setLevel('');
            setQual('');
            setSpec('');
          }}
          error={fields().seriesCode}
        />
        <Pick
          name="level"
          label={t('decl.level')}
          required
          value={level()}
          options={(s()?.levels ?? []).map((l) => ({ value: l.level, label: tx(`decl.level.${l.level}`, l.name) }))}
          onValue={(v) => {
            setLevel(v);
            setQual('');
          }}
          error={fields().level}
        />
        <Pick
          name="qualificationId"
          label={t('decl.qualification')}
          required
          value={qual()}
          options={(lv()?.qualifications ?? []).filter((q) => q.status === 'active').map((q) => ({ value: String(q.id), label: q.name }))}
          onValue={setQual}
          error={fields().qualificationId}
        />
        <Pick name="specialtyId" label={t('decl.specialty')} value={specValue()} options={specialtyOptions(s())} onValue={setSpec} error={fields().specialtyId} />
        <Pick name="route" label={t('decl.route')} required value={route()} options={ROUTES.map((r) => ({ value: r, label: tx(`decl.route.${r}`) }))} onValue={setRoute} error={fields().route} />
      </div>
      <fieldset class="decl-types" data-testid="decl-types">
        <legend>
          {t('decl.declType')}
          <span class="req" aria-hidden="true">
            *
          </span>
        </legend>
        <For each={TYPES}>
          {(x) => (
            <label class="type-option" classList={{ chosen: type() === x }}>
              <input type="radio" name="declType" value={x} checked={type() === x} onChange={() => setType(x)} />
              <span>
                <strong>{tx(`decl.type.${x}`)}</strong>
                <small class="muted block">{tx(`decl.typeHint.${x}`)}</small>
              </span>
            </label>
          )}
        </For>
        <Show when={fields().declType}>
          <div class="field-error">{fields().declType}</div>
        </Show>
      </fieldset>
      <FormError message={run().formMessage()} />
      <div class="form-actions">
        <Show when={props.onCancel}>
          <button type="button" onClick={() => props.onCancel!()}>
            {t('common.cancel')}
          </button>
        </Show>
        <button type="submit" class="primary" disabled={run().pending() || !series() || !level() || !qual()} data-testid="settings-save">
          {e ? t('decl.saveSettings') : t('decl.startDeclaration')}
        </button>
      </div>
    </form>
  );
}
