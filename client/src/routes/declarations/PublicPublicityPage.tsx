import { For, Show, createSignal } from 'solid-js';
import { A, createAsync, useSearchParams } from '@solidjs/router';
import { Dialog } from '../../components/Dialog';
import { FormError, TextAreaField, TextField } from '../../components/Field';
import { LangSwitch } from '../../components/Layout';
import { formatDateTime, t, tx } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { getOpenPublicities, getOpenPublicity, reportPublicly } from '../../stores/declarations';
import { one } from './parts';

/**
 * 申报公示 for anyone (no sign-in): the lists whose period runs now (the units' declaration
 * publicity, the committee's to-be-reviewed and failure lists), names, units and titles without ID
 * numbers, and a form to report a problem with a name on a list (举报).
 */
export default function PublicPublicityPage() {
  const [params] = useSearchParams();
  const id = () => Number(one(params.id)) || null;
  return (
    <div class="plain public">
      <header class="plain-head">
        <span class="brand">{t('app.name')}</span>
        <div class="top-right">
          <LangSwitch />
        </div>
      </header>
      <main class="plain-main public-page">{id() ? <One id={id()!} /> : <List />}</main>
    </div>
  );
}

function List() {
  const list = createAsync(() => getOpenPublicities({}));
  return (
    <section data-testid="public-publicities">
      <h1>{t('decl.pub.publicTitle')}</h1>
      <p class="muted">{t('decl.pub.publicIntro')}</p>
      <Show when={list()} fallback={<p class="muted">{t('common.loading')}</p>}>
        <For each={list()!.items} fallback={<p class="card muted">{t('decl.pub.noneOpen')}</p>}>
          {(p) => (
            <A href={`/public/publicities?id=${p.id}`} class="card decl-card" data-testid="public-publicity">
              <strong>{p.title}</strong>
              <span class="muted">
                {tx(`decl.pub.kind.${p.kind}`, p.kindName)} · {p.org?.name}
              </span>
              <span class="small">
                {formatDateTime(p.startsAt)} — {formatDateTime(p.endsAt)} · {t('decl.pub.countN', { n: p.itemCount })}
              </span>
            </A>
          )}
        </For>
      </Show>
    </section>
  );
}

function One(props: { id: number }) {
  const p = createAsync(() => getOpenPublicity(props.id));
  const [reporting, setReporting] = createSignal<{ declarationId: number; name: string } | null>(null);
  const [sent, setSent] = createSignal(false);
  return (
    <Show when={p()} fallback={<p class="muted">{t('common.loading')}</p>}>
      {(x) => (
        <section data-testid="public-publicity-detail">
          <p class="crumbs">
            <A href="/public/publicities">{t('decl.pub.publicTitle')}</A> ›
          </p>
          <h1>{x().title}</h1>
          <p>
            {x().org?.name} · {formatDateTime(x().startsAt)} — {formatDateTime(x().endsAt)}
          </p>
          <Show when={x().content}>
            <p class="lead pre">{x().content}</p>
          </Show>
          <Show when={sent()}>
            <p class="notice ok" role="status">
              {t('decl.pub.reportSent')}
            </p>
          </Show>
          <div class="table-wrap">
            <table class="data-table">
              <thead>
                <tr>
                  <th>{t('decl.applicant')}</th>
                  <th>{t('decl.unit')}</th>
                  <th>{t('decl.titleApplied')}</th>
                  <th>{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={x().items}>
                  {(i) => (
                    <tr>
                      <td class="primary" data-label={t('decl.applicant')}>
                        <strong>{i.name}</strong>
                      </td>
                      <td class="wrap" data-label={t('decl.unit')}>
                        {i.employer}
                      </td>
                      <td class="wrap" data-label={t('decl.titleApplied')}>
                        {[i.seriesName, i.levelName, i.qualificationName].filter(Boolean).join(' · ')}
                        {i.specialtyName ? `（${i.specialtyName}）` : ''}
                      </td>
                      <td class="actions" data-label={t('common.actions')}>
                        <button type="button" class="small" onClick={() => setReporting({ declarationId: i.declarationId, name: i.name })} data-testid="report">
                          {t('decl.pub.report')}
                        </button>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
          <ReportDialog
            publicityId={x().id}
            target={reporting()}
            onClose={() => setReporting(null)}
            onSent={() => {
              setReporting(null);
              setSent(true);
            }}
          />
        </section>
      )}
    </Show>
  );
}

function ReportDialog(props: { publicityId: number; target: { declarationId: number; name: string } | null; onClose: () => void; onSent: () => void }) {
  const [name, setName] = createSignal('');
  const [contact, setContact] = createSignal('');
  const [content, setContent] = createSignal('');
  const run = useRunner(reportPublicly);
  return (
    <Dialog
      open={!!props.target}
      title={t('decl.pub.reportTitle', { name: props.target?.name ?? '' })}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            class="primary"
            disabled={run.pending() || content().trim().length < 10}
            onClick={async () => {
              const res = await run.run(props.publicityId, { declarationId: props.target!.declarationId, reporterName: name().trim() || undefined, contact: contact().trim() || undefined, content: content().trim() });
              if (res.ok) {
                setContent('');
                props.onSent();
              }
            }}
          >
            {t('common.submit')}
          </button>
        </>
      }
    >
      <TextAreaField label={t('decl.pub.reportContent')} value={content()} onValue={setContent} rows={5} maxLength={2000} required hint={t('decl.pub.reportHint')} error={run.fields().content} />
      <div class="row2">
        <TextField label={t('decl.pub.reporterName')} value={name()} onValue={setName} maxLength={50} error={run.fields().reporterName} />
        <TextField label={t('decl.pub.contact')} value={contact()} onValue={setContact} maxLength={100} error={run.fields().contact} />
      </div>
      <FormError message={run.formMessage()} />
    </Dialog>
  );
}
