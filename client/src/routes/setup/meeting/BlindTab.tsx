import { For, Show, createMemo, createSignal } from 'solid-js';
import { createAsync } from '@solidjs/router';
import { Badge } from '../../../components/Badge';
import { Dialog } from '../../../components/Dialog';
import { FormError, TextField } from '../../../components/Field';
import { formatDateTime, t } from '../../../i18n';
import { useRunner } from '../../../lib/useRunner';
import { confirmAction } from '../../../stores/confirm';
import { toast } from '../../../stores/toasts';
import { addBlindOpinion, getApplicants, getBlindOpinions, removeBlindOpinion } from '../../../stores/setup';
import type { Applicant, BlindOpinion, MeetingDetail } from '../../../api/setup';
import { FileButton } from '../common';

/**
 * 盲评意见上传 (seed 004 §6.2.10.2): before the meeting, the outside reviewers' opinions per applicant —
 * a reviewer code (never a name), agree or disagree, a score and the signed PDF.
 */
export function BlindTab(props: { m: MeetingDetail }) {
  const editable = () => props.m.can.includes('meeting:setup');
  const applicants = createAsync(() => getApplicants(props.m.id));
  const opinions = createAsync(() => getBlindOpinions(props.m.id));
  const [uploading, setUploading] = createSignal<Applicant | null>(null);
  const remove = useRunner(removeBlindOpinion);
  // One memo joins the two lists, so each row gets its opinions as plain data: rows rebuilt while a
  // revalidation is in flight would otherwise keep reading the opinions from before it.
  const rows = createMemo(() => {
    const all = opinions() ?? [];
    return (applicants() ?? []).map((a) => ({ a, opinions: all.filter((o) => o.meetingApplicantId === a.id) }));
  });
  const doRemove = async (o: BlindOpinion) => {
    if (!(await confirmAction({ title: t('setup.blind.remove'), message: t('setup.blind.removeConfirm', { code: o.reviewerCode }), danger: true }))) return;
    const res = await remove.run(o.id);
    res.ok ? toast.success(t('setup.blind.removed')) : toast.failure(res.error);
  };
  return (
    <section class="card" data-testid="blind-tab">
      <h2>{t('setup.tab.blind')}</h2>
      <p class="hint">{props.m.options.blindReview ? t('setup.blind.hint') : t('setup.blind.hintOff')}</p>
      <ul class="blind-list">
        <For each={rows()} fallback={<li class="muted">{t('setup.applicant.none')}</li>}>
          {({ a, opinions: list }) => (
            <li data-applicant={a.id}>
              <div class="blind-head">
                <span class="mono">{a.blindCode}</span>
                <strong>{a.name}</strong>
                <span class="muted small">{a.orgName}</span>
                <Badge tone={list.length ? 'ok' : 'muted'}>{t('setup.blind.count', { n: list.length })}</Badge>
                <Show when={editable()}>
                  <button type="button" class="small" onClick={() => setUploading(a)}>
                    {t('setup.blind.upload')}
                  </button>
                </Show>
              </div>
              <Show when={list.length}>
                <ul class="plain-list blind-opinions">
                  <For each={list}>
                    {(o) => (
                      <li>
                        <span class="mono">{o.reviewerCode}</span>
                        <Badge tone={o.conclusion === 'agree' ? 'ok' : 'bad'}>{t(o.conclusion === 'agree' ? 'setup.blind.agree' : 'setup.blind.disagree')}</Badge>
                        <Show when={o.score !== null}>
                          <span>{t('setup.blind.score', { n: o.score ?? '' })}</span>
                        </Show>
                        <Show when={o.note}>
                          <span class="muted small">{o.note}</span>
                        </Show>
                        <span class="muted small">{formatDateTime(o.createdAt)}</span>
                        <Show when={o.fileId}>
                          <FileButton path={`/blind-opinions/${o.id}/file`}>{t('setup.blind.view')}</FileButton>
                        </Show>
                        <Show when={editable()}>
                          <button type="button" class="small danger" onClick={() => doRemove(o)}>
                            {t('setup.remove')}
                          </button>
                        </Show>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </li>
          )}
        </For>
      </ul>
      <Dialog open={!!uploading()} title={t('setup.blind.uploadFor', { code: uploading()?.blindCode ?? '' })} onClose={() => setUploading(null)}>
        <BlindForm applicant={uploading()!} onClose={() => setUploading(null)} />
      </Dialog>
    </section>
  );
}

function BlindForm(props: { applicant: Applicant; onClose: () => void }) {
  const [code, setCode] = createSignal('');
  const [conclusion, setConclusion] = createSignal<'agree' | 'disagree'>('agree');
  const [score, setScore] = createSignal('');
  const [note, setNote] = createSignal('');
  const [file, setFile] = createSignal<File | null>(null);
  const add = useRunner(addBlindOpinion);
  const submit = async (e: Event) => {
    e.preventDefault();
    const res = await add.run(props.applicant.id, { reviewerCode: code().trim(), conclusion: conclusion(), score: score().trim() || undefined, note: note().trim() || undefined }, file());
    if (res.ok) {
      toast.success(t('setup.blind.uploaded'));
      props.onClose();
    }
  };
  return (
    <form novalidate onSubmit={submit}>
      <TextField label={t('setup.blind.reviewerCode')} value={code()} onValue={setCode} required maxLength={40} hint={t('setup.blind.codeHint')} error={add.fields().reviewerCode} />
      <div class="check-row" role="radiogroup">
        <label class="check">
          <input type="radio" name="conclusion" checked={conclusion() === 'agree'} onChange={() => setConclusion('agree')} />
          <span>{t('setup.blind.agree')}</span>
        </label>
        <label class="check">
          <input type="radio" name="conclusion" checked={conclusion() === 'disagree'} onChange={() => setConclusion('disagree')} />
          <span>{t('setup.blind.disagree')}</span>
        </label>
      </div>
      <TextField label={t('setup.blind.scoreLabel')} type="number" min="0" max="100" value={score()} onValue={setScore} error={add.fields().score} />
      <TextField label={t('setup.note')} value={note()} onValue={setNote} maxLength={2000} error={add.fields().note} />
      <label class="field">
        <span>{t('setup.blind.file')}</span>
        <input type="file" accept="application/pdf,.pdf" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
        <Show when={add.fields().file}>
          <span class="field-error">{add.fields().file}</span>
        </Show>
      </label>
      <FormError message={add.formMessage()} />
      <div class="dialog-actions">
        <button type="button" onClick={props.onClose}>
          {t('common.cancel')}
        </button>
        <button type="submit" class="primary" disabled={!code().trim() || add.pending()}>
          {t('setup.blind.upload')}
        </button>
      </div>
    </form>
  );
}
