import { For, Index, Show, createMemo } from 'solid-js';
import { createStore, produce, unwrap, type SetStoreFunction } from 'solid-js/store';
import type { SectionKey } from '../../api/declarations';
import { FieldFrame, FormError } from '../../components/Field';
import { t, tx } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { saveSection } from '../../stores/declarations';
import { toast } from '../../stores/toasts';
import { FilesInput, useEditor } from './FilesInput';
import { emptyRow, fromRow, specOf, toRow, type FieldSpec, type FormRow, type SectionSpec } from './sectionSpecs';

/** One section's form as it is being typed; kept per section while the page is open. */
export interface SectionState {
  fields: FormRow;
  lists: Record<string, FormRow[]>;
  nested: FormRow | null;
  materials: Record<string, number[]>;
  dirty: boolean;
}

export type SectionStore = [SectionState, SetStoreFunction<SectionState>];

export function initialState(spec: SectionSpec, data: unknown): SectionState {
  const d = (data ?? {}) as Record<string, unknown>;
  const lists: Record<string, FormRow[]> = {};
  for (const l of spec.lists ?? []) lists[l.key] = Array.isArray(d[l.key]) ? (d[l.key] as Record<string, unknown>[]).map((r) => toRow(l.item, r)) : [];
  const materials: Record<string, number[]> = {};
  if (spec.key === 'baseMaterials') for (const m of (d.materials as Array<{ key: string; fileIds: number[] }> | undefined) ?? []) materials[m.key] = m.fileIds;
  const nestedData = spec.nested ? (d[spec.nested.key] as Record<string, unknown> | undefined) : undefined;
  return {
    fields: toRow(spec.fields ?? [], data ? d : undefined),
    lists,
    nested: spec.nested && nestedData ? toRow(spec.nested.fields, nestedData) : null,
    materials,
    dirty: false,
  };
}

export const newSectionStore = (spec: SectionSpec, data: unknown): SectionStore => createStore(initialState(spec, data));

function payloadOf(spec: SectionSpec, s: SectionState): unknown {
  if (spec.key === 'baseMaterials') {
    return { materials: Object.entries(s.materials).filter(([, ids]) => ids.length).map(([key, fileIds]) => ({ key, fileIds })) };
  }
  const out: Record<string, unknown> = fromRow(spec.fields ?? [], s.fields);
  for (const l of spec.lists ?? []) out[l.key] = s.lists[l.key].map((r) => fromRow(l.item, r));
  if (spec.nested && s.nested) out[spec.nested.key] = fromRow(spec.nested.fields, s.nested);
  return out;
}

/** A field's label: the section's own wording first (`decl.f.papers.title`), then the common one. */
export const fieldLabel = (section: string, key: string) => tx(`decl.f.${section}.${key}`, tx(`decl.f.${key}`, key));
export const optionLabel = (v: string) => tx(`decl.opt.${v}`, v);

/**
 * One section of the wizard, drawn from its spec, saved on its own as a draft. The server's 400
 * details land next to the fields they name (`items.0.xuexinCode`).
 */
export function SectionForm(props: { section: SectionKey; store: SectionStore; onSaved: () => void }) {
  const ed = useEditor();
  const spec = () => specOf(props.section);
  const [s, set] = props.store;
  const run = useRunner(saveSection);
  const err = (path: string) => run.fields()[path];
  const touch = () => set('dirty', true);
  const save = async () => {
    const res = await run.run(ed.decl().id, props.section, payloadOf(spec(), unwrap(s)));
    if (res.ok) {
      set('dirty', false);
      toast.success(t('decl.sectionSaved', { name: tx(`decl.section.${props.section}`) }));
      props.onSaved();
    }
  };
  const otherErrors = createMemo(() => {
    // Errors whose field is not on the form (a list as a whole, a file id) still show, at the bottom.
    const shown = new Set<string>();
    for (const f of spec().fields ?? []) shown.add(f.key);
    for (const l of spec().lists ?? []) s.lists[l.key].forEach((_r, i) => l.item.forEach((f) => shown.add(`${l.key}.${i}.${f.key}`)));
    for (const f of spec().nested?.fields ?? []) shown.add(`${spec().nested!.key}.${f.key}`);
    return Object.entries(run.fields())
      .filter(([k]) => !shown.has(k) && !k.startsWith('materials.'))
      .map(([k, v]) => `${k}: ${v}`);
  });
  return (
    <form
      class="section-form"
      data-testid={`section-${props.section}`}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onInput={touch}
    >
      <Show when={spec().fields?.length}>
        <div class="form-grid">
          <For each={spec().fields}>
            {(f) => <Control section={props.section} field={f} row={s.fields} error={err(f.key)} onValue={(v) => set('fields', f.key, v)} />}
          </For>
        </div>
      </Show>
      <Show when={props.section === 'baseMaterials'}>
        <Materials state={s} set={set} errors={run.fields()} />
      </Show>
      <Show when={spec().nested}>
        {(n) => (
          <fieldset class="nested">
            <legend>{fieldLabel(props.section, n().key)}</legend>
            <Show
              when={s.nested}
              fallback={
                <Show when={ed.editable()}>
                  <button type="button" class="small" onClick={() => set('nested', emptyRow(n().fields))}>
                    {t('decl.addTransferFrom')}
                  </button>
                </Show>
              }
            >
              <div class="form-grid">
                <For each={n().fields}>
                  {(f) => <Control section={props.section} field={f} row={s.nested!} error={err(`${n().key}.${f.key}`)} onValue={(v) => set('nested', f.key, v)} />}
                </For>
              </div>
              <Show when={ed.editable()}>
                <button type="button" class="small danger-text" onClick={() => set('nested', null)}>
                  {t('decl.remove')}
                </button>
              </Show>
            </Show>
          </fieldset>
        )}
      </Show>
      <For each={spec().lists}>
        {(l) => (
          <fieldset class="list-block" data-testid={`list-${l.key}`}>
            <legend>
              {tx(`decl.list.${props.section}.${l.key}`, l.key)} <small class="muted">({s.lists[l.key].length})</small>
            </legend>
            <Show when={err(l.key)}>
              <div class="field-error">{err(l.key)}</div>
            </Show>
            <Index each={s.lists[l.key]} fallback={<p class="muted small">{t('decl.noRows')}</p>}>
              {(row, i) => (
                <div class="list-row" data-row={i}>
                  <div class="list-row-head">
                    <span class="row-no">{i + 1}</span>
                    <Show when={ed.editable()}>
                      <button
                        type="button"
                        class="small danger-text"
                        onClick={() => {
                          set('lists', l.key, (rows) => rows.filter((_x, j) => j !== i));
                          touch();
                        }}
                      >
                        {t('decl.remove')}
                      </button>
                    </Show>
                  </div>
                  <div class="form-grid">
                    <For each={l.item}>
                      {(f) => <Control section={props.section} field={f} row={row()} error={err(`${l.key}.${i}.${f.key}`)} onValue={(v) => set('lists', l.key, i, f.key, v)} />}
                    </For>
                  </div>
                </div>
              )}
            </Index>
            <Show when={ed.editable() && s.lists[l.key].length < l.max}>
              <button
                type="button"
                class="small add-row"
                data-testid={`add-${l.key}`}
                onClick={() => {
                  set('lists', l.key, (rows) => [...rows, emptyRow(l.item)]);
                  touch();
                }}
              >
                + {tx(`decl.add.${props.section}.${l.key}`, t('decl.addRow'))}
              </button>
            </Show>
          </fieldset>
        )}
      </For>
      <Show when={otherErrors().length}>
        <ul class="field-error plain-list">
          <For each={otherErrors()}>{(x) => <li>{x}</li>}</For>
        </ul>
      </Show>
      <FormError message={run.formMessage()} />
      <Show when={ed.editable()}>
        <div class="form-actions">
          <Show when={s.dirty}>
            <span class="muted small">{t('decl.unsaved')}</span>
          </Show>
          <button type="submit" class="primary" disabled={run.pending()} data-testid="save-section">
            {run.pending() ? t('decl.saving') : t('decl.saveDraft')}
          </button>
        </div>
      </Show>
    </form>
  );
}

/** 申报基础材料: the series' list, required ones marked (seed 000 §2.2 (二)3). */
function Materials(props: { state: SectionState; set: SetStoreFunction<SectionState>; errors: Record<string, string> }) {
  const ed = useEditor();
  return (
    <div class="materials" data-testid="materials">
      <For each={ed.decl().requiredMaterials} fallback={<p class="muted">{t('decl.noMaterials')}</p>}>
        {(m, i) => (
          <FilesInput
            label={m.name}
            required={m.required}
            section="baseMaterials"
            slot={m.key}
            ids={props.state.materials[m.key] ?? []}
            onIds={(ids) => {
              props.set(produce((st) => void (st.materials[m.key] = ids)));
              props.set('dirty', true);
            }}
            error={props.errors[`materials.${i()}.key`] ?? props.errors[`materials.${i()}.fileIds`]}
            testid={`material-${m.key}`}
          />
        )}
      </For>
    </div>
  );
}

/** One input, by kind; read-only when the declaration is locked. */
function Control(props: { section: SectionKey; field: FieldSpec; row: FormRow; error?: string; onValue: (v: string | number[]) => void }) {
  const ed = useEditor();
  const f = () => props.field;
  const id = `c-${props.section}-${f().key}-${Math.random().toString(36).slice(2, 7)}`;
  const label = () => fieldLabel(props.section, f().key);
  const value = () => (props.row[f().key] as string) ?? '';
  const hint = () => tx(`decl.hint.${props.section}.${f().key}`, tx(`decl.hint.${f().key}`, ''));
  const ro = () => !ed.editable();
  if (f().kind === 'files' || f().kind === 'file' || f().kind === 'photo') {
    const ids = () => {
      const v = props.row[f().key];
      if (Array.isArray(v)) return v;
      return v ? [Number(v)] : [];
    };
    const single = f().kind !== 'files';
    return (
      <div class="wide">
        <FilesInput
          label={label()}
          required={f().required}
          section={f().kind === 'photo' ? 'photo' : props.section}
          single={single}
          accept={f().kind === 'photo' ? 'image' : props.section === 'workSummary' ? 'pdf' : 'any'}
          ids={ids()}
          onIds={(list) => props.onValue(single ? (list.length ? String(list[0]) : '') : list)}
          error={props.error}
          hint={hint() || undefined}
          testid={`files-${props.section}-${f().key}`}
        />
      </div>
    );
  }
  return (
    <FieldFrame id={id} label={label()} error={props.error} hint={hint() || undefined} required={f().required} class={f().wide || f().kind === 'textarea' ? 'wide' : ''}>
      {f().kind === 'select' ? (
        <select id={id} name={f().key} disabled={ro()} aria-invalid={props.error ? 'true' : undefined} onChange={(e) => props.onValue(e.currentTarget.value)}>
          <Show when={!f().required || !value()}>
            <option value="" selected={!value()}>
              {t('decl.choose')}
            </option>
          </Show>
          <For each={f().options}>
            {(o) => (
              <option value={o} selected={o === value()}>
                {optionLabel(o)}
              </option>
            )}
          </For>
        </select>
      ) : f().kind === 'textarea' ? (
        <>
          <textarea
            id={id}
            name={f().key}
            rows={props.section === 'workSummary' ? 12 : 3}
            maxLength={f().max}
            readOnly={ro()}
            value={value()}
            aria-invalid={props.error ? 'true' : undefined}
            onInput={(e) => props.onValue(e.currentTarget.value)}
          />
          <Show when={props.section === 'workSummary'}>
            <div class="counter muted small" data-testid="summary-count">
              {t('decl.chars', { n: value().trim().length })}
            </div>
          </Show>
        </>
      ) : (
        <input
          id={id}
          name={f().key}
          type={f().kind === 'date' ? 'date' : f().kind === 'number' ? 'number' : 'text'}
          step={f().decimal ? '0.1' : undefined}
          inputMode={f().kind === 'number' ? (f().decimal ? 'decimal' : 'numeric') : undefined}
          maxLength={f().max}
          readOnly={ro()}
          value={value()}
          aria-invalid={props.error ? 'true' : undefined}
          onInput={(e) => props.onValue(e.currentTarget.value)}
        />
      )}
    </FieldFrame>
  );
}
