import { Show, createSignal } from 'solid-js';
import { Dialog } from '../../components/Dialog';
import { FormError, TextAreaField, TextField } from '../../components/Field';
import { SecretReveal } from '../../components/SecretReveal';
import { messageOf, t } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { lookupOrg, requestOrgMove } from '../../stores/orgs';

/** Asks for the reason of a refusal (required by the server), then calls `onSubmit`. */
export function ReasonDialog(props: {
  open: boolean;
  title: string;
  onClose: () => void;
  onSubmit: (reason: string) => Promise<{ ok: boolean; error?: unknown }>;
}) {
  const [reason, setReason] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const close = () => {
    setReason('');
    setError(null);
    props.onClose();
  };
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (!reason().trim()) return setError(t('field.required'));
    setBusy(true);
    const r = await props.onSubmit(reason().trim());
    setBusy(false);
    if (r.ok) close();
    else setError(messageOf(r.error));
  };
  return (
    <Dialog open={props.open} title={props.title} onClose={close}>
      <form onSubmit={submit} novalidate>
        <TextAreaField label={t('orgs.reject.reason')} value={reason()} onValue={setReason} maxLength={500} required error={error() ?? undefined} />
        <div class="dialog-actions">
          <button type="button" onClick={close}>
            {t('common.cancel')}
          </button>
          <button type="submit" class="danger" disabled={busy()}>
            {t('common.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Shows a one-time password once (reset results). */
export function SecretDialog(props: { secret: { title: string; username: string; password: string } | null; onClose: () => void }) {
  return (
    <Dialog open={!!props.secret} title={props.secret?.title ?? ''} onClose={props.onClose}>
      <Show when={props.secret}>
        {(s) => (
          <>
            <SecretReveal username={s().username} password={s().password} />
            <div class="dialog-actions">
              <button type="button" class="primary" onClick={() => props.onClose()}>
                {t('common.done')}
              </button>
            </div>
          </>
        )}
      </Show>
    </Dialog>
  );
}

/** 主管部门更改: find the new parent by its exact code, then ask to move under it. */
export function MoveDialog(props: { open: boolean; orgId: number; onClose: (requested: boolean) => void }) {
  const [code, setCode] = createSignal('');
  const [found, setFound] = createSignal<{ id: number; code: string; name: string } | null>(null);
  const [lookupError, setLookupError] = createSignal<string | null>(null);
  const [looking, setLooking] = createSignal(false);
  const runner = useRunner(requestOrgMove);
  const close = (requested = false) => {
    setCode('');
    setFound(null);
    setLookupError(null);
    runner.clear();
    props.onClose(requested);
  };
  const lookup = async () => {
    setFound(null);
    setLookupError(null);
    if (!/^\d{2,40}$/.test(code().trim())) return setLookupError(t('error.code_format'));
    setLooking(true);
    try {
      setFound(await lookupOrg(code()));
    } catch (e) {
      setLookupError(messageOf(e));
    } finally {
      setLooking(false);
    }
  };
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const target = found();
    if (!target) return void lookup();
    const r = await runner.run(props.orgId, target.id);
    if (r.ok) close(true);
  };
  return (
    <Dialog open={props.open} title={t('orgs.move.title')} onClose={() => close()}>
      <form onSubmit={submit} novalidate>
        <div class="inline-field">
          <TextField
            label={t('orgs.move.code')}
            inputmode="numeric"
            value={code()}
            onValue={(v) => {
              setCode(v);
              setFound(null);
            }}
            error={lookupError() ?? runner.fields().newParentId}
          />
          <button type="button" onClick={lookup} disabled={looking()}>
            {t('orgs.move.lookup')}
          </button>
        </div>
        <Show when={found()}>{(f) => <div class="notice ok">{t('orgs.move.found', { name: f().name, code: f().code })}</div>}</Show>
        <FormError message={runner.formMessage()} />
        <div class="dialog-actions">
          <button type="button" onClick={() => close()}>
            {t('common.cancel')}
          </button>
          <button type="submit" class="primary" disabled={!found() || runner.pending()}>
            {t('orgs.move.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
