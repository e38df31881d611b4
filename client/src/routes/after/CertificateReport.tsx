import { For, Show, createSignal } from 'solid-js';
import { createAsync } from '@solidjs/router';
import { download } from '../../api/after';
import { isApiError, type ErrorDetail } from '../../api';
import { formatDateTime, messageOf, t, tx } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { getCertificates, getReports, importCertificates, reportCertificates } from '../../stores/after';
import { confirmAction } from '../../stores/confirm';
import { toast } from '../../stores/toasts';
import { ExportButton } from './common';

/** 证书报送人社部 (seed 003 §1.18): report every unreported valid certificate as one batch. */
export function ReportPanel() {
  const pending = createAsync(() => getCertificates({ reported: 'false', status: 'valid', pageSize: 1 }));
  const batches = createAsync(() => getReports());
  const run = useRunner(reportCertificates);
  const reportAll = async () => {
    if (!(await confirmAction({ title: t('after.reportAll'), message: t('after.reportAll.confirm', { n: pending()?.total ?? 0 }) }))) return;
    const res = await run.run(undefined);
    if (res.ok) {
      const b = res.value as { batch: string; count: number };
      toast.success(t('after.reported', { n: b.count, batch: b.batch }));
      await download('/certificates/export', { batch: b.batch }).catch((e) => toast.failure(e));
    } else toast.failure(res.error);
  };
  return (
    <section class="card">
      <p>{t('after.unreported', { n: pending()?.total ?? 0 })}</p>
      <div class="actions-row left">
        <button type="button" class="primary" disabled={run.pending() || !pending()?.total} onClick={reportAll} data-testid="report-all">
          {t('after.reportAll')}
        </button>
        <ExportButton path="/certificates/export" query={{ reported: 'false', status: 'valid' }} label={t('after.exportUnreported')} />
      </div>
      <div class="card-head">
        <h3>{t('after.batches')}</h3>
        <Show when={batches()?.items.length}>
          <ExportButton class="small" path="/certificates/reports/export" label={t('after.exportBatches')} />
        </Show>
      </div>
      <Show when={batches()?.items.length} fallback={<p class="muted">{t('after.noBatches')}</p>}>
        <ul class="plain-list">
          <For each={batches()!.items}>
            {(b) => (
              <li>
                <span class="mono">{b.batch}</span> · {t('after.batchCount', { n: b.count })} · {formatDateTime(b.reportedAt)}{' '}
                <ExportButton class="small" path="/certificates/export" query={{ batch: b.batch }} />
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}

/** 职称证书导入: the template, an upload, and every bad cell listed when the file is refused. */
export function ImportPanel() {
  const run = useRunner(importCertificates);
  const [errors, setErrors] = createSignal<ErrorDetail[]>([]);
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setErrors([]);
    const res = await run.run(file);
    if (res.ok) toast.success(t('after.imported', { n: (res.value as { imported: number }).imported }));
    else if (isApiError(res.error) && res.error.code === 'import_invalid') setErrors(res.error.details);
    else toast.failure(res.error);
  };
  const where = (d: ErrorDetail) => {
    const [, row, col] = d.path.split('.');
    return row && row !== 'file' ? t('after.rowCol', { row, col: tx(`after.importCol.${col}`, col) }) : t('after.wholeFile');
  };
  return (
    <section class="card">
      <p>{t('after.importHint')}</p>
      <div class="actions-row left">
        <ExportButton path="/certificates/import-template" label={t('after.template')} />
        <label class="button primary file-btn">
          {run.pending() ? t('after.importing') : t('after.chooseFile')}
          <input type="file" class="sr-only" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={(e) => onFile(e.currentTarget.files?.[0])} data-testid="import-file" />
        </label>
      </div>
      <Show when={errors().length}>
        <div class="notice bad" role="alert">
          {t('after.importRefused', { n: errors().length })}
        </div>
        <table class="data-table" data-testid="import-errors">
          <thead>
            <tr>
              <th>{t('after.where')}</th>
              <th>{t('after.problem')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={errors()}>
              {(d) => (
                <tr>
                  <td>{where(d)}</td>
                  <td>{d.code && tx(`after.importError.${d.code}`, '') ? tx(`after.importError.${d.code}`) : d.message}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
      <Show when={run.error() && !isApiError(run.error())}>
        <p class="form-error">{messageOf(run.error())}</p>
      </Show>
    </section>
  );
}
