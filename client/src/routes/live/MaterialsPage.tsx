import { For, Show, createResource, type JSX } from 'solid-js';
import { A, useParams } from '@solidjs/router';
import { PageHeader } from '../../components/Layout';
import { Badge } from '../../components/Badge';
import { materialsApi, type Materials } from '../../api/materials';
import { errorText, t } from '../../i18n';
import { ApiError } from '../../api/error';
import { toast } from '../../stores/toasts';

/**
 * 评审材料: the declaration an expert reviews, read-only, section by section. The server has
 * already taken out names and employers in a blind meeting; this page shows what it gets.
 */
function Value(props: { value: unknown; labels: Record<string, string> }): JSX.Element {
  const v = props.value;
  if (v === null || v === undefined || v === '') return <span class="muted">—</span>;
  if (Array.isArray(v)) {
    return (
      <ol class="material-list">
        <For each={v}>{(item) => <li><Value value={item} labels={props.labels} /></li>}</For>
      </ol>
    );
  }
  if (typeof v === 'object') {
    return (
      <dl class="facts compact">
        <For each={Object.entries(v as Record<string, unknown>)}>
          {([k, x]) => (
            <>
              <dt>{props.labels[k] ?? k}</dt>
              <dd><Value value={x} labels={props.labels} /></dd>
            </>
          )}
        </For>
      </dl>
    );
  }
  return <span>{String(v)}</span>;
}

export default function MaterialsPage() {
  const params = useParams();
  const [data] = createResource(() => Number(params.applicantId), (id) => materialsApi.get(id));
  const open = (fileId: number) =>
    materialsApi.open(Number(params.applicantId), fileId).catch((e) => toast.error(e instanceof ApiError ? errorText(e.code) : String(e)));
  return (
    <div class="live-page" data-testid="materials">
      <PageHeader title={t('materials.title')}>
        <A class="button" href={`/meetings/${params.id}/expert`}>{t('materials.back')}</A>
      </PageHeader>
      <Show when={!data.error} fallback={<div class="card error">{data.error instanceof ApiError ? errorText(data.error.code) : t('app.retry')}</div>}>
        <Show when={data()}>
          {(m: () => Materials) => (
            <>
              <section class="card">
                <div class="material-head">
                  <span class="mono code big-code">{m().blindCode}</span>
                  <Show when={m().name} fallback={<Badge tone="info">{t('expert.nameHidden')}</Badge>}>
                    <strong>{m().name}</strong>
                  </Show>
                </div>
                <p class="muted small">
                  {m().qualification ?? ''} {m().specialty ? `· ${m().specialty}` : ''}
                  <Show when={m().blind}> · {t('materials.blindNote')}</Show>
                </p>
              </section>
              <For each={m().sections}>
                {(s) => (
                  <section class="card" data-section={s.key}>
                    <h2>{s.label}</h2>
                    <Value value={s.data} labels={m().fieldLabels} />
                  </section>
                )}
              </For>
              <section class="card">
                <h2>{t('materials.files')}</h2>
                <Show when={m().files.length} fallback={<p class="muted">—</p>}>
                  <ul class="file-list">
                    <For each={m().files}>
                      {(f) => (
                        <li>
                          <button type="button" class="link" onClick={() => open(f.id)} data-file={f.id}>
                            {f.name}
                          </button>
                          <span class="muted small"> {Math.ceil(f.size / 1024)} KB</span>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
              </section>
            </>
          )}
        </Show>
      </Show>
    </div>
  );
}
