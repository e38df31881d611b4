import { For, Show, type JSX } from 'solid-js';
import type { DeclarationDetail, SectionKey } from '../../api/declarations';
import { t, tx } from '../../i18n';
import { FileLink, StatusBadge, titleLine } from './parts';
import { fieldLabel, optionLabel } from './SectionForm';
import { SECTION_SPECS, type FieldSpec } from './sectionSpecs';

/**
 * A declaration read-only, section by section, with the field names in the reader's language and
 * every attachment downloadable: what reviewers read beside their opinion box, and what the
 * applicant sees once it is submitted.
 */
export function DeclarationReadOnly(props: { decl: DeclarationDetail; only?: SectionKey | 'settings'; showSettings?: boolean }) {
  const d = () => props.decl;
  const file = (id: number) => d().files.find((f) => f.id === id);
  const files = (ids: unknown) => {
    const list = Array.isArray(ids) ? (ids as number[]) : typeof ids === 'number' ? [ids] : [];
    return (
      <Show when={list.length} fallback={<span class="muted">—</span>}>
        <span class="file-list">
          <For each={list}>{(id) => <FileLink id={id} name={file(id)?.name ?? `#${id}`} size={file(id)?.size} />}</For>
        </span>
      </Show>
    );
  };
  const value = (f: FieldSpec, v: unknown): JSX.Element => {
    if (f.kind === 'files' || f.kind === 'file' || f.kind === 'photo') return files(v);
    if (v === null && f.nullable) return t('decl.untilNow');
    if (v === undefined || v === null || v === '') return <span class="muted">—</span>;
    if (f.kind === 'select') return f.key === 'level' ? tx(`decl.level.${v}`) : optionLabel(String(v));
    // 检索验证地址: the reviewer checks the paper on 知网/万方/维普 (the server only takes those hosts).
    if (f.key === 'verificationUrl' && /^https?:\/\//.test(String(v))) {
      return (
        <a href={String(v)} target="_blank" rel="noopener noreferrer">
          {String(v)}
        </a>
      );
    }
    return String(v);
  };
  const facts = (section: string, fields: FieldSpec[], data: Record<string, unknown>) => (
    <dl class="facts ro-facts">
      <For each={fields}>
        {(f) => (
          <>
            <dt>{fieldLabel(section, f.key)}</dt>
            <dd classList={{ pre: f.kind === 'textarea' }}>{value(f, data[f.key])}</dd>
          </>
        )}
      </For>
    </dl>
  );
  const shown = () => SECTION_SPECS.filter((s) => (props.only ? s.key === props.only : true));
  return (
    <div class="decl-ro" data-testid="declaration-readonly">
      <Show when={props.only === 'settings' || props.showSettings}>
        <section class="ro-section">
          <h3>{t('decl.settings')}</h3>
          <dl class="facts ro-facts">
            <dt>{t('decl.applicant')}</dt>
            <dd>
              {d().applicant.name} <span class="mono muted">{d().idNumber}</span>
            </dd>
            <dt>{t('decl.unit')}</dt>
            <dd>{d().org?.name}</dd>
            <dt>{t('decl.year')}</dt>
            <dd>{d().year}</dd>
            <dt>{t('decl.titleApplied')}</dt>
            <dd>{titleLine(d())}</dd>
            <dt>{t('decl.route')}</dt>
            <dd>{tx(`decl.route.${d().route}`, d().routeName)}</dd>
            <dt>{t('decl.declType')}</dt>
            <dd>{tx(`decl.type.${d().declType}`, d().declTypeName)}</dd>
            <dt>{t('decl.statusLabel')}</dt>
            <dd>
              <StatusBadge status={d().status} label={d().statusName} />
            </dd>
          </dl>
          <Show when={d().policyFirst}>
            {(p) => (
              <p class="notice info small">
                {t('decl.policyFirstResult', { result: tx(`decl.policyResult.${p().result}`, p().result) })}
                <Show when={p().opinion}>：{p().opinion}</Show>
              </p>
            )}
          </Show>
        </section>
      </Show>
      <Show when={props.only !== 'settings'}>
        <For each={shown()}>
          {(spec) => {
            const data = () => d().sections[spec.key] as Record<string, unknown> | undefined;
            return (
              <section class="ro-section" data-section={spec.key}>
                <Show when={!props.only}>
                  <h3>{tx(`decl.section.${spec.key}`)}</h3>
                </Show>
                <Show when={data()} fallback={<p class="muted">{t('decl.notFilled')}</p>}>
                  {(dd) => (
                    <>
                      <Show when={spec.fields?.length}>{facts(spec.key, spec.fields!, dd())}</Show>
                      <Show when={spec.key === 'baseMaterials'}>
                        <dl class="facts ro-facts">
                          <For each={d().requiredMaterials}>
                            {(m) => (
                              <>
                                <dt>
                                  {m.name}
                                  <Show when={m.required}>
                                    <span class="req">*</span>
                                  </Show>
                                </dt>
                                <dd>{files(((dd().materials as Array<{ key: string; fileIds: number[] }>) ?? []).find((x) => x.key === m.key)?.fileIds ?? [])}</dd>
                              </>
                            )}
                          </For>
                        </dl>
                      </Show>
                      <Show when={spec.nested && dd()[spec.nested.key]}>
                        <h4>{fieldLabel(spec.key, spec.nested!.key)}</h4>
                        {facts(spec.key, spec.nested!.fields, dd()[spec.nested!.key] as Record<string, unknown>)}
                      </Show>
                      <For each={spec.lists}>
                        {(l) => {
                          const rows = () => (dd()[l.key] as Record<string, unknown>[] | undefined) ?? [];
                          return (
                            <Show when={rows().length}>
                              <h4>
                                {tx(`decl.list.${spec.key}.${l.key}`, l.key)} <small class="muted">({rows().length})</small>
                              </h4>
                              <ol class="ro-rows">
                                <For each={rows()}>{(r) => <li>{facts(spec.key, l.item, r)}</li>}</For>
                              </ol>
                            </Show>
                          );
                        }}
                      </For>
                    </>
                  )}
                </Show>
              </section>
            );
          }}
        </For>
      </Show>
    </div>
  );
}
