import { For, Show, createMemo } from 'solid-js';
import { createAsync } from '@solidjs/router';
import type { Permission, StaffKind } from '../../api';
import { FieldFrame, SelectField } from '../../components/Field';
import { lang, t, tx } from '../../i18n';
import { LEADER_ONLY, PERMISSIONS } from '../../lib/rules';
import { getCatalogue } from '../../stores/declarations';

let uid = 0;

/**
 * 限定系列: ticks over the title catalogue's series. Nothing ticked means every series (the server's
 * empty scope); a code the catalogue no longer lists stays visible so it can be taken off.
 */
export function SeriesChecks(props: { value: string[]; onValue: (v: string[]) => void; label: string; hint?: string; error?: string; required?: boolean; testid?: string }) {
  const id = `series-${++uid}`;
  const catalogue = createAsync(() => getCatalogue());
  const options = createMemo(() => {
    const listed = (catalogue() ?? []).map((s) => ({ code: s.code, name: s.name }));
    const extra = props.value.filter((c) => !listed.some((s) => s.code === c)).map((c) => ({ code: c, name: c }));
    return [...listed, ...extra];
  });
  const toggle = (code: string, on: boolean) => props.onValue(on ? [...props.value, code] : props.value.filter((c) => c !== code));
  return (
    <FieldFrame id={id} label={props.label} error={props.error} hint={props.hint} required={props.required}>
      <div class="checks series-checks" id={id} role="group" aria-label={props.label} data-testid={props.testid} style={{ 'grid-template-columns': 'repeat(auto-fill, minmax(128px, 1fr))' }}>
        <Show when={catalogue()} fallback={<span class="muted">{t('app.loading')}</span>}>
          <For each={options()}>
            {(s) => (
              <label class="check">
                <input type="checkbox" name="seriesScope" value={s.code} checked={props.value.includes(s.code)} onChange={(e) => toggle(s.code, e.currentTarget.checked)} />
                {s.name}
              </label>
            )}
          </For>
        </Show>
      </div>
    </FieldFrame>
  );
}

/** 权限: the permission list of seed 001; leader-only ones are greyed out for a handler. */
export function PermissionChecks(props: { value: Permission[]; onValue: (v: Permission[]) => void; staffKind: StaffKind; error?: string }) {
  const id = `perms-${++uid}`;
  const toggle = (p: Permission, on: boolean) => props.onValue(on ? [...props.value, p] : props.value.filter((x) => x !== p));
  return (
    <FieldFrame id={id} label={t('accounts.permissions')} error={props.error}>
      <div class="checks" id={id} role="group" data-testid="permissions">
        <For each={PERMISSIONS}>
          {(p) => {
            const leaderOnly = LEADER_ONLY.includes(p);
            return (
              <label class="check" classList={{ disabled: leaderOnly && props.staffKind === 'handler' }}>
                <input
                  type="checkbox"
                  value={p}
                  checked={props.value.includes(p)}
                  disabled={leaderOnly && props.staffKind === 'handler'}
                  onChange={(e) => toggle(p, e.currentTarget.checked)}
                />
                {tx(`perm.${p}`)}
                <Show when={leaderOnly}>
                  <small class="muted">（{t('perm.leaderOnly')}）</small>
                </Show>
              </label>
            );
          }}
        </For>
      </div>
    </FieldFrame>
  );
}

/** The series names of a scope for a list cell ("限：卫生、高校教师"), or null for every series. */
export function useSeriesNames() {
  const catalogue = createAsync(() => getCatalogue());
  return (codes: string[]) => {
    if (!codes.length) return null;
    const names = codes.map((c) => catalogue()?.find((s) => s.code === c)?.name ?? c);
    return t('accounts.series.only', { list: names.join(lang() === 'en' ? ', ' : '、') });
  };
}

/** A staff account's kind (经办人/领导), permissions and series limit, as created and as edited. */
export function StaffScopeFields(props: {
  staffKind: StaffKind;
  onKind: (k: StaffKind) => void;
  permissions: Permission[];
  onPermissions: (v: Permission[]) => void;
  series: string[];
  onSeries: (v: string[]) => void;
  error: (field: string) => string | undefined;
}) {
  return (
    <>
      <SelectField
        label={t('accounts.create.staffKind')}
        name="staffKind"
        value={props.staffKind}
        onValue={props.onKind}
        options={(['handler', 'leader'] as const).map((k) => ({ value: k, label: tx(`staffKind.${k}`) }))}
        error={props.error('staffKind')}
      />
      <PermissionChecks value={props.permissions} onValue={props.onPermissions} staffKind={props.staffKind} error={props.error('permissions')} />
      <SeriesChecks label={t('accounts.series.limit')} hint={t('accounts.series.limitHint')} value={props.series} onValue={props.onSeries} error={props.error('seriesScope')} testid="series-limit" />
    </>
  );
}
