import { createMemo, createSignal } from 'solid-js';
import { createAsync } from '@solidjs/router';
import { DataTable, type Column } from '../../components/DataTable';
import { PageHeader } from '../../components/Layout';
import { t } from '../../i18n';
import { getProfileQueue } from '../../stores/setup';
import type { ExpertSummary } from '../../api/setup';
import { ExportButton, StatusBadge, levelName, useSpecialties } from './common';
import { ExpertProfileDialog } from './ExpertProfileDialog';

/**
 * 评委材料审核 (seed 000 第三章第二节(二)): expert profiles waiting at this organisation, which climb
 * from the expert's employer up to its title office, each approving in turn (or returning with an
 * opinion); 查看专家详情 and 流转日志 in the dialog.
 */
export default function ProfileQueuePage() {
  const queue = createAsync(() => getProfileQueue());
  const sp = useSpecialties();
  const [open, setOpen] = createSignal<number | null>(null);
  const columns = createMemo<Column<ExpertSummary>[]>(() => [
    { key: 'name', header: t('setup.expert.name'), primary: true, cell: (e) => <strong>{e.name}</strong> },
    { key: 'employer', header: t('setup.expert.employer'), class: 'wrap', cell: (e) => e.employerName ?? '—' },
    { key: 'specialties', header: t('setup.expert.specialties'), class: 'wrap', cell: (e) => sp.list(e.specialties) },
    { key: 'title', header: t('setup.library.titleName'), cell: (e) => [e.titleLevel ? levelName(e.titleLevel) : '', e.titleName ?? ''].filter(Boolean).join(' ') || '—' },
    { key: 'status', header: t('setup.status'), cell: (e) => <StatusBadge family="profileStatus" status={e.profileStatus} /> },
    {
      key: 'actions',
      header: t('common.actions'),
      class: 'actions',
      cell: (e) => (
        <button type="button" class="small primary" onClick={() => setOpen(e.id)} data-testid={`review-profile-${e.id}`}>
          {t('setup.profile.review')}
        </button>
      ),
    },
  ]);
  return (
    <div class="setup-page" data-testid="profile-queue">
      <PageHeader title={t('nav.setupProfiles')}>
        <ExportButton path="/expert-profiles/queue/export" label={t('setup.export')} />
      </PageHeader>
      <p class="hint">{t('setup.profile.queueHint')}</p>
      <DataTable columns={columns()} rows={queue()?.items ?? []} rowKey={(e) => e.id} empty={t('setup.profile.queueEmpty')} />
      <ExpertProfileDialog expertId={open()} review onClose={() => setOpen(null)} />
    </div>
  );
}
