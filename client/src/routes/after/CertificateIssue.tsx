import { For, Show, createMemo, createSignal } from 'solid-js';
import { A, createAsync, useSearchParams } from '@solidjs/router';
import type { CertificateView, ResultItem } from '../../api/after';
import { FormError, TextField } from '../../components/Field';
import { t } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { getFilings, getIssuable, getIssuingUnits, issueCertificates } from '../../stores/after';
import { toast } from '../../stores/toasts';
import { PdfButton, one, PickField } from './common';

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * 证书发放 (seed 003 §1.17): pick a passed filing, tick who gets a certificate (是否发放: 否),
 * pick the issuing unit; numbers come from its range for the year, consecutively.
 */
export function IssuePanel() {
  const [params, setParams] = useSearchParams();
  const filings = createAsync(() => getFilings({ status: 'passed' }));
  const units = createAsync(() => getIssuingUnits());
  const filingId = () => Number(one(params.filing)) || null;
  const issuable = createAsync(async () => (filingId() ? getIssuable(filingId()!) : undefined));
  const [picked, setPicked] = createSignal<Set<number>>(new Set());
  const [unitId, setUnitId] = createSignal('');
  const [issuedOn, setIssuedOn] = createSignal(today());
  const [issued, setIssued] = createSignal<CertificateView[]>([]);
  const run = useRunner(issueCertificates);
  const open = createMemo(() => (issuable()?.items ?? []).filter((i) => !i.certificate || i.certificate.status !== 'valid'));
  const activeUnits = () => (units()?.items ?? []).filter((u) => u.status === 'active');
  const left = (id: string) => {
    const u = activeUnits().find((x) => String(x.id) === id);
    const year = Number(issuedOn().slice(0, 4));
    return u ? u.ranges.filter((r) => r.year === year).reduce((s, r) => s + r.left, 0) : 0;
  };
  const toggle = (i: ResultItem, on: boolean) => {
    const next = new Set(picked());
    on ? next.add(i.declarationId!) : next.delete(i.declarationId!);
    setPicked(next);
  };
  const submit = async () => {
    const res = await run.run({ filingId: filingId()!, issuingUnitId: Number(unitId()), declarationIds: [...picked()], issuedOn: issuedOn() });
    if (res.ok) {
      const items = (res.value as { items: CertificateView[] }).items;
      setIssued(items);
      setPicked(new Set<number>());
      toast.success(t('after.issuedN', { n: items.length }));
    }
  };

  return (
    <section class="card">
      <Show when={filings()}>
      <PickField
        label={t('after.chooseFiling')}
        value={filingId() ? String(filingId()) : ''}
        onValue={(v) => {
          setParams({ filing: v || undefined });
          setPicked(new Set<number>());
          setIssued([]);
        }}
        options={[{ value: '', label: t('after.chooseFilingHint') }, ...(filings()?.items ?? []).filter((f) => f.can.includes('certificate:issue')).map((f) => ({ value: String(f.id), label: `${f.meetingName ?? ''}（${f.filingNumber ?? ''}）` }))]}
      />
      </Show>
      <Show when={filingId() && issuable()}>
        <Show when={open().length} fallback={<p class="muted">{t('after.allIssued')}</p>}>
          <table class="data-table pick-table">
            <thead>
              <tr>
                <th>
                  <input type="checkbox" aria-label={t('common.all')} checked={picked().size === open().length} onChange={(e) => setPicked(new Set(e.currentTarget.checked ? open().map((i) => i.declarationId!) : []))} />
                </th>
                <th>{t('after.name')}</th>
                <th>{t('after.employer')}</th>
                <th>{t('after.qualification')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={open()}>
                {(i) => (
                  <tr>
                    <td>
                      <input type="checkbox" aria-label={i.name} checked={picked().has(i.declarationId!)} onChange={(e) => toggle(i, e.currentTarget.checked)} />
                    </td>
                    <td data-label={t('after.name')}>{i.name}</td>
                    <td data-label={t('after.employer')}>{i.employer}</td>
                    <td data-label={t('after.qualification')}>
                      {i.qualification}（{i.levelName}）
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
          <div class="row2">
            <Show when={units()}>
            <PickField
              label={t('after.issuingUnit')}
              value={unitId()}
              onValue={setUnitId}
              options={[{ value: '', label: t('after.chooseUnit') }, ...activeUnits().map((u) => ({ value: String(u.id), label: `${u.code} ${u.name}` }))]}
              hint={unitId() ? t('after.serialsLeft', { n: left(unitId()) }) : <A href="/after/issuing">{t('after.manageUnits')}</A>}
              error={run.fields().issuingUnitId}
            />
            </Show>
            <TextField label={t('after.issuedOn')} type="date" value={issuedOn()} onValue={setIssuedOn} error={run.fields().issuedOn} />
          </div>
          <FormError message={run.formMessage()} />
          <div class="actions-row">
            <button type="button" class="primary" disabled={run.pending() || picked().size === 0 || !unitId()} onClick={submit} data-testid="issue">
              {t('after.issueN', { n: picked().size })}
            </button>
          </div>
        </Show>
      </Show>
      <Show when={issued().length}>
        <h3>{t('after.justIssued')}</h3>
        <ul class="plain-list">
          <For each={issued()}>
            {(c) => (
              <li>
                <span class="mono">{c.number}</span> {c.name} · {t('after.verifyCode')} <span class="mono">{c.verifyCode}</span>{' '}
                <PdfButton path={`/certificates/${c.id}/pdf`}>{t('after.certPdf')}</PdfButton>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
