import { t } from '../../i18n';
import { PublicityBoard } from './PublicityPage';

/**
 * 拟送评人员名单公示 and 审查未通过公示 (seed 004 §6.2.7–6.2.8), by a policy-review account: those who
 * passed the second check go on the to-be-reviewed list (then on to the meeting), those who failed on
 * the failure list (then back to the applicant, whose resubmission skips to the second check).
 */
export default function PublishPage() {
  return <PublicityBoard title={t('nav.declPublish')} kinds={['to_review', 'failure']} step="publish" />;
}
