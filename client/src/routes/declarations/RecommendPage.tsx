import { For, Show, createMemo, createSignal, onCleanup, onMount } from 'solid-js';
import { createAsync } from '@solidjs/router';
import type { Declaration, Recommendation, StoredFile } from '../../api/declarations';
import { DataTable, type Column } from '../../components/DataTable';
import { FormError, TextAreaField, TextField } from '../../components/Field';
import { PageHeader } from '../../components/Layout';
import { formatDateTime, messageOf, t } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { getQueue, getRecommendations, recommend, uploadProof, useQueueLive } from '../../stores/declarations';
import { session } from '../../stores/session';
import { toast } from '../../stores/toasts';
import { ReviewDrawer } from './ReviewDrawer';
import { ExportButton, FileLink, Panel, StatusBadge, titleLine } from './parts';

/**
 * 单位推荐上报 (seed 004 §6.2.3): after publicity the unit ticks whom it recommends, fills in its
 * handling details (经办人, 电话, 推荐意见, 推荐方式, 推荐小组意见, 公示结果) and attaches its proof (单位证明材料);
 * the declarations go up to the next org's handler.
 */
export default function RecommendPage() {
  const queue = createAsync(() => getQueue({ step: 'recommend', page: 1, pageSize: 200 }));
  const history = createAsync(() => getRecommendations({ page: 1 }));
  const live = useQueueLive(() => ['recommend']);
  onMount(() => live.sync());
  onCleanup(() => live.stop());
  const [selected, setSelected] = createSignal<number[]>([]);
  const [openId, setOpenId] = createSignal<number | null>(null);
  const rows = () => queue()?.items ?? [];
  const ticked = () => selected().filter((id) => rows().some((d) => d.id === id));
  const columns = createMemo<Column<Declaration>[]>(() => [
    {
      key: 'tick',
      header: '',
      class: 'tick',
      cell: (d) => (
        <input
          type="checkbox"
          aria-label={t('decl.select', { name: d.applicant.name })}
          checked={selected().includes(d.id)}
          onChange={() => setSelected((s) => (s.includes(d.id) ? s.filter((x) => x !== d.id) : [...s, d.id]))}
        />
      ),
    },
    {
      key: 'name',
      header: t('decl.applicant'),
      primary: true,
      cell: (d) => (
        <button type="button" class="link-btn strong" onClick={() => setOpenId(d.id)}>
          {d.applicant.name}
        </button>
      ),
    },
    { key: 'title', header: t('decl.titleApplied'), class: 'wrap', cell: (d) => titleLine(d) },
    { key: 'type', header: t('decl.declType'), cell: (d) => d.declTypeName },
    { key: 'status', header: t('decl.statusLabel'), cell: (d) => <StatusBadge status={d.status} label={d.statusName} /> },
  ]);
  return (
    <div class="decl-page" data-testid="recommend-page">
      <PageHeader title={t('nav.declRecommend')} />
      <Panel
        title={
          <>
            {t('decl.rec.waiting')} <small class="muted">({rows().length})</small>
          </>
        }
        actions={
          <Show when={rows().length}>
            <button type="button" class="small" onClick={() => setSelected(ticked().length === rows().length ? [] : rows().map((d) => d.id))}>
              {ticked().length === rows().length ? t('decl.clearSelection') : t('decl.selectAll')}
            </button>
          </Show>
        }
      >
        <DataTable columns={columns()} rows={rows()} rowKey={(d) => d.id} empty={t('decl.rec.none')} />
      </Panel>
      <Show when={ticked().length}>
        <RecommendForm ids={ticked()} names={rows().filter((d) => ticked().includes(d.id)).map((d) => d.applicant.name)} onDone={() => setSelected([])} />
      </Show>
      <Panel title={t('decl.rec.history')} actions={<ExportButton path="/recommendations/export" />}>
        <For each={history()?.items ?? []} fallback={<p class="muted">{t('decl.rec.noHistory')}</p>}>
          {(r) => <RecommendationCard r={r} />}
        </For>
      </Panel>
      <Show when={openId()}>{(id) => <ReviewDrawer id={id()} onClose={() => setOpenId(null)} onActed={() => setOpenId(null)} />}</Show>
    </div>
  );
}

function RecommendForm(props: { ids: number[]; names: string[]; onDone: () => void }) {
  const [handlerName, setHandlerName] = createSignal(session.account?.name ?? '');
  const [handlerPhone, setHandlerPhone] = createSignal(session.account?.phone ?? '');
  const [opinion, setOpinion] = createSignal('');
  const [method, setMethod] = createSignal('');
  const [groupOpinion, setGroupOpinion] = createSignal('');
  const [publicityResult, setPublicityResult] = createSignal('');
  const [groupSize, setGroupSize] = createSignal('');
  const [files, setFiles] = createSignal<StoredFile[]>([]);
  const [uploading, setUploading] = createSignal(false);
  const [uploadError, setUploadError] = createSignal<string | null>(null);
  const run = useRunner(recommend);
  const f = () => run.fields();
  const submit = async () => {
    const details: Record<string, unknown> = {};
    if (method().trim()) details.method = method().trim();
    if (groupOpinion().trim()) details.groupOpinion = groupOpinion().trim();
    if (publicityResult().trim()) details.publicityResult = publicityResult().trim();
    if (groupSize().trim()) details.groupSize = Number(groupSize());
    const res = await run.run({ declarationIds: props.ids, handlerName: handlerName().trim(), handlerPhone: handlerPhone().trim(), opinion: opinion().trim(), details, fileIds: files().map((x) => x.id) });
    if (res.ok) {
      toast.success(t('decl.rec.done', { n: props.ids.length }));
      setFiles([]);
      setOpinion('');
      props.onDone();
    }
  };
  return (
    <Panel title={t('decl.rec.formTitle', { n: props.ids.length })} class="batch-bar" testid="recommend-form">
      <p class="muted small">{props.names.join('、')}</p>
      <div class="form-grid">
        <TextField label={t('decl.rec.handlerName')} value={handlerName()} onValue={setHandlerName} required maxLength={50} error={f().handlerName} />
        <TextField label={t('decl.rec.handlerPhone')} value={handlerPhone()} onValue={setHandlerPhone} required maxLength={20} error={f().handlerPhone} />
        <TextField label={t('decl.rec.method')} value={method()} onValue={setMethod} maxLength={100} placeholder={t('decl.rec.methodHint')} error={f()['details.method']} />
        <TextField label={t('decl.rec.groupSize')} value={groupSize()} onValue={setGroupSize} type="number" inputMode="numeric" error={f()['details.groupSize']} />
      </div>
      <TextAreaField label={t('decl.rec.opinion')} value={opinion()} onValue={setOpinion} rows={3} maxLength={2000} required error={f().opinion} />
      <TextAreaField label={t('decl.rec.groupOpinion')} value={groupOpinion()} onValue={setGroupOpinion} rows={2} maxLength={2000} error={f()['details.groupOpinion']} />
      <TextField label={t('decl.rec.publicityResult')} value={publicityResult()} onValue={setPublicityResult} maxLength={500} placeholder={t('decl.rec.publicityResultHint')} error={f()['details.publicityResult']} />
      <div class="field files-field" classList={{ 'has-error': !!uploadError() }}>
        <label for="rec-proof">{t('decl.rec.proof')}</label>
        <ul class="file-chips">
          <For each={files()} fallback={<li class="muted small">{t('decl.noFiles')}</li>}>
            {(x) => (
              <li class="file-chip">
                <FileLink id={x.id} name={x.name} size={x.size} />
                <button type="button" class="icon-btn small" aria-label={t('decl.removeFile')} onClick={() => setFiles((l) => l.filter((y) => y.id !== x.id))}>
                  ×
                </button>
              </li>
            )}
          </For>
        </ul>
        <div class="upload-line">
          <label class="button small file-btn" classList={{ disabled: uploading() }}>
            {uploading() ? t('decl.uploading') : t('decl.upload')}
            <input
              id="rec-proof"
              type="file"
              class="sr-only"
              multiple
              accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"
              onChange={async (e) => {
                const input = e.currentTarget;
                const chosen = [...(input.files ?? [])];
                input.value = '';
                setUploading(true);
                setUploadError(null);
                try {
                  for (const file of chosen) {
                    const stored = await uploadProof(file);
                    setFiles((l) => [...l, stored]);
                  }
                } catch (err) {
                  setUploadError(messageOf(err));
                } finally {
                  setUploading(false);
                }
              }}
            />
          </label>
        </div>
        <Show when={uploadError() ?? f().fileIds}>
          <div class="field-error" role="alert">
            {uploadError() ?? f().fileIds}
          </div>
        </Show>
      </div>
      <FormError message={run.formMessage()} />
      <div class="form-actions">
        <button type="button" class="primary" disabled={run.pending() || !opinion().trim()} onClick={() => void submit()} data-testid="recommend-submit">
          {t('decl.rec.submit')}
        </button>
      </div>
    </Panel>
  );
}

function RecommendationCard(props: { r: Recommendation }) {
  const d = () => props.r.details as Record<string, string | number | undefined>;
  return (
    <details class="rec-card">
      <summary>
        <strong>{formatDateTime(props.r.createdAt)}</strong> · {props.r.org?.name} · {t('decl.rec.people', { n: props.r.declarationIds.length })}
      </summary>
      <dl class="facts">
        <dt>{t('decl.rec.handlerName')}</dt>
        <dd>
          {props.r.handlerName} {props.r.handlerPhone}
        </dd>
        <dt>{t('decl.rec.opinion')}</dt>
        <dd class="pre">{props.r.opinion}</dd>
        <Show when={d().method}>
          <dt>{t('decl.rec.method')}</dt>
          <dd>{d().method}</dd>
        </Show>
        <Show when={d().groupSize}>
          <dt>{t('decl.rec.groupSize')}</dt>
          <dd>{d().groupSize}</dd>
        </Show>
        <Show when={d().groupOpinion}>
          <dt>{t('decl.rec.groupOpinion')}</dt>
          <dd class="pre">{d().groupOpinion}</dd>
        </Show>
        <Show when={d().publicityResult}>
          <dt>{t('decl.rec.publicityResult')}</dt>
          <dd>{d().publicityResult}</dd>
        </Show>
        <dt>{t('decl.rec.proof')}</dt>
        <dd>
          <For each={props.r.files} fallback={<span class="muted">—</span>}>
            {(x) => <FileLink id={x.id} name={x.name} size={x.size} />}
          </For>
        </dd>
      </dl>
    </details>
  );
}
