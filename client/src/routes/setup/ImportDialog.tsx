import { For, Match, Show, Switch, createSignal, onCleanup } from 'solid-js';
import { Dialog } from '../../components/Dialog';
import { FormError } from '../../components/Field';
import { lang, messageOf, t, tx } from '../../i18n';
import { toast } from '../../stores/toasts';
import { followImport, refreshSetup } from '../../stores/setup';
import { downloadFile, setupApi, type CommitteeDetail, type ImportJob } from '../../api/setup';

/**
 * 批量新增专家 (seed 000 第三章第二节): 第一步 download the template, 第二步 upload it filled in. The
 * upload shows its own progress, then the server's job (checking every row, then applying them all in
 * one transaction); a file with any bad row applies nothing and lists each row with its reason.
 */
export function ImportDialog(props: { open: boolean; c: CommitteeDetail; onClose: () => void }) {
  return (
    <Dialog open={props.open} title={t('setup.import.title')} onClose={props.onClose} wide>
      <ImportBody c={props.c} onClose={props.onClose} />
    </Dialog>
  );
}

function ImportBody(props: { c: CommitteeDetail; onClose: () => void }) {
  const [file, setFile] = createSignal<File | null>(null);
  const [sent, setSent] = createSignal<{ loaded: number; total: number } | null>(null);
  const [job, setJob] = createSignal<ImportJob | null>(null);
  const [error, setError] = createSignal<unknown>(null);
  let stop: (() => void) | null = null;
  onCleanup(() => stop?.());

  const template = async () => {
    try {
      await downloadFile(`/committees/${props.c.id}/experts/template`, undefined, 'template.xlsx');
    } catch (e) {
      toast.failure(e);
    }
  };
  const upload = async () => {
    const f = file();
    if (!f) return;
    setError(null);
    setJob(null);
    setSent({ loaded: 0, total: f.size });
    try {
      const started = await setupApi.startImport(props.c.id, f, (loaded, total) => setSent({ loaded, total }));
      setJob(started);
      const follow = followImport(started, setJob);
      stop = follow.stop;
      const end = await follow.done;
      if (end.status === 'done') {
        toast.success(t('setup.import.doneToast', { n: Number(end.result?.addedToLibrary ?? end.total) }));
        refreshSetup();
      }
    } catch (e) {
      setError(e);
      setSent(null);
    }
  };
  const pct = (a: number, b: number) => (b > 0 ? Math.min(100, Math.round((a / b) * 100)) : 0);
  const running = () => {
    const j = job();
    return !!sent() && (!j || (j.status !== 'done' && j.status !== 'failed'));
  };
  /** A row's reason: the server's Chinese text, or in English the text of its code. */
  const reason = (e: ImportJob['errors'][number]) => (lang() === 'en' ? tx(`setup.importCode.${e.code}`, e.reason) : e.reason);

  return (
    <div class="import" data-testid="import">
      <ol class="import-steps">
        <li>
          <span>{t('setup.import.step1')}</span>
          <button type="button" onClick={template} data-testid="download-template">
            {t('setup.import.template')}
          </button>
        </li>
        <li>
          <span>{t('setup.import.step2')}</span>
          <input
            type="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
            disabled={running()}
            data-testid="import-file"
          />
          <button type="button" class="primary" disabled={!file() || running()} onClick={upload} data-testid="import-start">
            {t('setup.import.start')}
          </button>
        </li>
      </ol>
      <p class="hint">{t('setup.import.rule')}</p>
      <FormError message={error() ? messageOf(error()) : null} />
      <Show when={sent()}>
        {(s) => (
          <div class="progress-block" classList={{ failed: job()?.status === 'failed' }} data-testid="import-progress">
            <label>
              {t('setup.import.uploading')} <span class="muted small">{pct(s().loaded, s().total)}%</span>
            </label>
            <progress max="100" value={pct(s().loaded, s().total)} />
            <Show when={job()}>
              {(j) => (
                <>
                  <label>
                    <span data-testid="job-status">{tx(`setup.importStatus.${j().status}`, j().status)}</span>{' '}
                    <span class="muted small">{t('setup.import.rows', { done: j().processed, total: j().total })}</span>
                  </label>
                  <progress max="100" value={j().status === 'done' ? 100 : pct(j().processed, j().total)} />
                </>
              )}
            </Show>
          </div>
        )}
      </Show>
      <Show when={job()}>
        {(j) => (
          <Switch>
            <Match when={j().status === 'done'}>
              <p class="notice ok" data-testid="import-done">
                {t('setup.import.done', {
                  n: Number(j().result?.addedToLibrary ?? j().total),
                  experts: Number(j().result?.expertsCreated ?? 0),
                  accounts: Number(j().result?.accountsCreated ?? 0),
                })}
              </p>
            </Match>
            <Match when={j().status === 'failed'}>
              <div class="notice bad" data-testid="import-failed">
                {t('setup.import.failed', { n: j().errorCount })}
              </div>
              <div class="table-wrap import-errors">
                <table class="data-table">
                  <thead>
                    <tr>
                      <th>{t('setup.import.row')}</th>
                      <th>{t('setup.import.column')}</th>
                      <th>{t('setup.import.reason')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={j().errors}>
                      {(e) => (
                        <tr data-testid="import-error">
                          <td data-label={t('setup.import.row')}>{e.row || '—'}</td>
                          <td data-label={t('setup.import.column')}>{e.column || '—'}</td>
                          <td data-label={t('setup.import.reason')} class="wrap primary">
                            {reason(e)}
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
              <Show when={j().errorCount > j().errors.length}>
                <p class="muted small">{t('setup.import.more', { n: j().errorCount - j().errors.length })}</p>
              </Show>
            </Match>
          </Switch>
        )}
      </Show>
      <div class="dialog-actions">
        <button type="button" onClick={props.onClose}>
          {job()?.status === 'done' ? t('common.done') : t('app.close')}
        </button>
      </div>
    </div>
  );
}
