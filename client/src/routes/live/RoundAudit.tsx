import { For, Show, createResource, createSignal } from 'solid-js';
import { Badge } from '../../components/Badge';
import { ErrorNotice, Loading } from '../../components/ErrorNotice';
import { t } from '../../i18n';
import { liveApi, type LiveRound, type RoundAudit, type Snapshot } from '../../api/live';
import { applicantLabel } from '../../stores/live';

/**
 * 票源与封存核验: after a round closes, those entitled (the chair and vice chairs, the committee unit,
 * the supervisors) open the ballots as stored. A secret round shows anonymous sheets, numbered in
 * no meaningful order; a named round shows whose sheet each is (results by expert). The tally is
 * recomputed from the sheets and set against the stored one, and the seal digest computed now is
 * set against the one sealed at close: a ballot changed afterwards shows here.
 */
export function RoundAuditPanel(props: { snap: Snapshot; round: LiveRound; hideNames?: boolean }) {
  const [open, setOpen] = createSignal(false);
  const [audit, { refetch }] = createResource(
    () => (open() ? `${props.round.id}:${props.round.status}` : null),
    () => liveApi.roundBallots(props.round.id),
  );
  return (
    <div class="round-audit" data-testid="round-audit-box">
      <div class="toolbar">
        <button type="button" class="small" aria-expanded={open()} onClick={() => setOpen(!open())} data-testid="open-audit">
          {open() ? t('liveAudit.hide') : t('liveAudit.show')}
        </button>
        <Show when={open() && audit()}>
          <button type="button" class="small" onClick={() => void refetch()} data-testid="audit-recheck">
            {t('liveAudit.recheck')}
          </button>
        </Show>
      </div>
      <Show when={open()}>
        <Show when={!audit.error} fallback={<ErrorNotice error={audit.error} retry={() => void refetch()} />}>
          <Show when={audit()} fallback={<Loading />}>
            {(a) => <AuditBody snap={props.snap} audit={a()} hideNames={props.hideNames} />}
          </Show>
        </Show>
      </Show>
    </div>
  );
}

const CHOICE_CLASS: Record<string, string> = { yes: 'yes', no: 'no', abstain: 'abstain' };

function AuditBody(props: { snap: Snapshot; audit: RoundAudit; hideNames?: boolean }) {
  const a = () => props.audit;
  const named = () => a().mode === 'named';
  const codes = () => a().results.map((r) => ({ id: r.meetingApplicantId, ...applicantLabel(props.snap, r.meetingApplicantId, r.blindCode) }));
  const short = (d: string | null) => (d ? `${d.slice(0, 12)}…${d.slice(-8)}` : '—');
  const choiceText = (c: string | undefined) => (c === 'yes' ? t('live.yes') : c === 'no' ? t('live.no') : c === 'abstain' ? t('live.abstain') : '—');
  return (
    <div class="audit-body" data-testid="round-audit" data-mode={a().mode}>
      <div class="seal" data-testid="seal" data-intact={String(a().digest.intact)} classList={{ broken: !a().digest.intact }}>
        <div class="seal-line">
          <Badge tone={a().digest.intact ? 'ok' : 'bad'}>{a().digest.intact ? t('liveAudit.intact') : t('liveAudit.broken')}</Badge>
          <span class="muted small">{t('liveAudit.counts', { sheets: a().sheets.length, voters: a().voters })}</span>
        </div>
        <dl class="seal-digests">
          <dt>{t('liveAudit.sealed')}</dt>
          <dd class="mono" title={a().digest.sealed ?? ''} data-testid="digest-sealed">
            {short(a().digest.sealed)}
          </dd>
          <dt>{t('liveAudit.recomputed')}</dt>
          <dd class="mono" title={a().digest.recomputed} data-testid="digest-recomputed">
            {short(a().digest.recomputed)}
          </dd>
        </dl>
        <p class="muted small">{a().digest.intact ? t('liveAudit.intactHelp') : t('liveAudit.brokenHelp')}</p>
      </div>

      <h3>{t('liveAudit.recount')}</h3>
      <div class="table-wrap">
        <table class="data-table tally" data-testid="audit-tally">
          <thead>
            <tr>
              <th>{t('live.code')}</th>
              <Show when={!props.hideNames}>
                <th>{t('live.name')}</th>
              </Show>
              <th class="num">{t('live.yes')}</th>
              <th class="num">{t('live.no')}</th>
              <th class="num">{t('live.abstain')}</th>
              <th class="num">{t('live.eligible')}</th>
              <th class="num">{t('live.requiredYes')}</th>
              <th>{t('live.result')}</th>
              <th>{t('liveAudit.matches')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={a().results}>
              {(r) => {
                const who = () => applicantLabel(props.snap, r.meetingApplicantId, r.blindCode);
                return (
                  <tr data-applicant={r.meetingApplicantId} data-matches={String(r.matchesStored)}>
                    <td class="mono" data-label={t('live.code')}>
                      {who().code}
                    </td>
                    <Show when={!props.hideNames}>
                      <td data-label={t('live.name')}>{who().name ?? '—'}</td>
                    </Show>
                    <td class="num" data-label={t('live.yes')}>
                      {r.yes}
                    </td>
                    <td class="num" data-label={t('live.no')}>
                      {r.no}
                    </td>
                    <td class="num" data-label={t('live.abstain')}>
                      {r.abstain}
                    </td>
                    <td class="num" data-label={t('live.eligible')}>
                      {r.eligible}
                    </td>
                    <td class="num" data-label={t('live.requiredYes')}>
                      {r.requiredYes}
                    </td>
                    <td data-label={t('live.result')}>
                      <Badge tone={r.passed ? 'ok' : 'bad'}>{r.passed ? t('live.passed') : t('live.failed')}</Badge>
                    </td>
                    <td data-label={t('liveAudit.matches')}>
                      <Badge tone={r.matchesStored ? 'ok' : 'bad'}>{r.matchesStored ? t('liveAudit.same') : t('liveAudit.differs')}</Badge>
                    </td>
                  </tr>
                );
              }}
            </For>
          </tbody>
        </table>
      </div>

      <h3>{named() ? t('liveAudit.byExpert') : t('liveAudit.sheets')}</h3>
      <p class="muted small">{named() ? t('liveAudit.namedHelp') : t('liveAudit.secretHelp')}</p>
      <div class="table-wrap">
        <table class="data-table sheets" data-testid="audit-sheets">
          <thead>
            <tr>
              <th>{named() ? t('liveAudit.voter') : t('liveAudit.sheet')}</th>
              <For each={codes()}>{(c) => <th class="mono">{c.code}</th>}</For>
            </tr>
          </thead>
          <tbody>
            <For each={a().sheets}>
              {(sheet, i) => {
                const voter = () => (sheet as { voter?: { name: string } | null }).voter;
                return (
                  <tr data-sheet={i() + 1} data-voter={voter()?.name ?? ''}>
                    <td data-label={named() ? t('liveAudit.voter') : t('liveAudit.sheet')}>
                      {named() ? (voter()?.name ?? '—') : t('liveAudit.sheetN', { n: i() + 1 })}
                    </td>
                    <For each={codes()}>
                      {(c) => {
                        const choice = () => sheet.ballots.find((b) => b.meetingApplicantId === c.id)?.choice;
                        return (
                          <td class={`choice-cell ${CHOICE_CLASS[choice() ?? ''] ?? 'none'}`} data-label={c.code}>
                            {choiceText(choice())}
                          </td>
                        );
                      }}
                    </For>
                  </tr>
                );
              }}
            </For>
          </tbody>
        </table>
      </div>
    </div>
  );
}
