import { For, Show, createSignal } from 'solid-js';
import { createAsync } from '@solidjs/router';
import type { IssuingUnit } from '../../api/after';
import { Badge } from '../../components/Badge';
import { Dialog } from '../../components/Dialog';
import { FormError, TextField } from '../../components/Field';
import { PageHeader } from '../../components/Layout';
import { t } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { cancelUnit, createRange, createUnit, deleteRange, getIssuingUnits } from '../../stores/after';
import { confirmAction } from '../../stores/confirm';
import { toast } from '../../stores/toasts';
import { ExportButton } from './common';

/**
 * 发证单位编码配置 and 证书编号库 (seed 003 §1.9, §1.16): the office's issuing units and, for each,
 * serial ranges per year. A number is the unit code, the year and a six-digit serial.
 */
export default function IssuingPage() {
  const units = createAsync(() => getIssuingUnits());
  const [adding, setAdding] = createSignal(false);
  const [ranging, setRanging] = createSignal<IssuingUnit | null>(null);
  const cancel = useRunner(cancelUnit);
  const drop = useRunner(deleteRange);
  const doCancel = async (u: IssuingUnit) => {
    const reason = window.prompt(t('after.cancelUnitReason', { name: u.name }));
    if (!reason?.trim()) return;
    const res = await cancel.run(u.id, reason.trim());
    res.ok ? toast.success(t('after.unitCancelled')) : toast.failure(res.error);
  };
  const doDrop = async (id: number) => {
    if (!(await confirmAction({ title: t('after.deleteRange'), message: t('after.deleteRange.confirm'), danger: true }))) return;
    const res = await drop.run(id);
    res.ok ? toast.success(t('after.rangeDeleted')) : toast.failure(res.error);
  };
  return (
    <div class="after-page">
      <PageHeader title={t('after.issuing')}>
        <ExportButton path="/issuing-units/export" />
        <button type="button" class="primary" onClick={() => setAdding(true)} data-testid="add-unit">
          {t('after.addUnit')}
        </button>
      </PageHeader>
      <p class="muted">{t('after.numberFormat')}</p>
      <For each={units()?.items ?? []} fallback={<p class="card muted">{t('after.noUnits')}</p>}>
        {(u) => (
          <section class="card unit-card">
            <header class="card-head">
              <h2>
                <span class="mono">{u.code}</span> {u.name}{' '}
                <Badge tone={u.status === 'active' ? 'ok' : 'muted'}>{u.status === 'active' ? t('after.unitActive') : t('after.unitCancelledBadge')}</Badge>
              </h2>
              <div class="row-actions">
                <Show when={u.status === 'active'}>
                  <button type="button" class="small" onClick={() => setRanging(u)}>
                    {t('after.addRange')}
                  </button>
                  <button type="button" class="small danger-text" onClick={() => doCancel(u)}>
                    {t('after.cancelUnit')}
                  </button>
                </Show>
              </div>
            </header>
            <Show when={u.cancelReason}>
              <p class="muted">{u.cancelReason}</p>
            </Show>
            <Show when={u.ranges.length} fallback={<p class="muted">{t('after.noRanges')}</p>}>
              <table class="data-table">
                <thead>
                  <tr>
                    <th>{t('after.year')}</th>
                    <th>{t('after.rangeNumbers')}</th>
                    <th>{t('after.used')}</th>
                    <th>{t('after.left')}</th>
                    <th>{t('common.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={u.ranges}>
                    {(r) => (
                      <tr>
                        <td data-label={t('after.year')}>{r.year}</td>
                        <td data-label={t('after.rangeNumbers')} class="mono">
                          {r.firstNumber} – {r.lastNumber}
                        </td>
                        <td data-label={t('after.used')}>{r.used}</td>
                        <td data-label={t('after.left')}>{r.left}</td>
                        <td class="actions">
                          <Show when={r.used === 0}>
                            <button type="button" class="small danger-text" onClick={() => doDrop(r.id)}>
                              {t('after.deleteRange')}
                            </button>
                          </Show>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </Show>
          </section>
        )}
      </For>
      <UnitDialog open={adding()} onClose={() => setAdding(false)} />
      <RangeDialog unit={ranging()} onClose={() => setRanging(null)} />
    </div>
  );
}

function UnitDialog(props: { open: boolean; onClose: () => void }) {
  const [code, setCode] = createSignal('');
  const [name, setName] = createSignal('');
  const run = useRunner(createUnit);
  const submit = async (e: Event) => {
    e.preventDefault();
    const res = await run.run(code().trim(), name().trim());
    if (res.ok) {
      toast.success(t('common.saved'));
      setCode('');
      setName('');
      props.onClose();
    }
  };
  return (
    <Dialog open={props.open} title={t('after.addUnit')} onClose={props.onClose}>
      <form onSubmit={submit}>
        <TextField label={t('after.unitCode')} value={code()} onValue={setCode} name="code" inputmode="numeric" required hint={t('after.unitCodeHint')} error={run.fields().code} />
        <TextField label={t('after.unitName')} value={name()} onValue={setName} name="name" required error={run.fields().name} />
        <FormError message={run.formMessage()} />
        <div class="dialog-actions">
          <button type="submit" class="primary" disabled={run.pending()}>
            {t('common.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function RangeDialog(props: { unit: IssuingUnit | null; onClose: () => void }) {
  const [year, setYear] = createSignal(String(new Date().getFullYear()));
  const [start, setStart] = createSignal('1');
  const [end, setEnd] = createSignal('1000');
  const run = useRunner(createRange);
  const submit = async (e: Event) => {
    e.preventDefault();
    const res = await run.run(props.unit!.id, { year: Number(year()), startSerial: Number(start()), endSerial: Number(end()) });
    if (res.ok) {
      toast.success(t('common.saved'));
      props.onClose();
    }
  };
  return (
    <Dialog open={!!props.unit} title={t('after.addRangeFor', { name: props.unit?.name ?? '' })} onClose={props.onClose}>
      <form onSubmit={submit}>
        <TextField label={t('after.year')} type="number" value={year()} onValue={setYear} name="year" required error={run.fields().year} />
        <div class="row2">
          <TextField label={t('after.startSerial')} type="number" min={1} value={start()} onValue={setStart} name="startSerial" required error={run.fields().startSerial} />
          <TextField label={t('after.endSerial')} type="number" min={1} value={end()} onValue={setEnd} name="endSerial" required error={run.fields().endSerial} />
        </div>
        <FormError message={run.formMessage()} />
        <div class="dialog-actions">
          <button type="submit" class="primary" disabled={run.pending()}>
            {t('after.generateNumbers')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
