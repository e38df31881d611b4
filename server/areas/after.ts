import type { Area } from '../areas';
import { registerResultRoutes } from '../routes/after/results/router';
import { registerAppealRoutes } from '../routes/after/appeals/router';
import { registerFilingRoutes } from '../routes/after/filings/router';
import { registerIssuingRoutes } from '../routes/after/issuing/router';
import { registerCertificateRoutes } from '../routes/after/certificates/router';
import { registerBlacklistRoutes } from '../routes/after/blacklist/router';
import { registerStatisticsRoutes } from '../routes/after/statistics/router';
import { registerCalendarRoutes } from '../routes/after/calendar/router';
import { registerPublicRoutes } from '../routes/after/public/router';
import { checkPdfFont } from '../exports/after/font';

/**
 * Issue 7, after the meeting: result publicity with public reports, re-checks and complaints,
 * filing, issuing units and certificates (PDF, public check, ministry report, import), the
 * blacklist's management and public notice, statistics, meeting closure. See areas/after.md.
 */
export const afterArea: Area = {
  name: 'after',
  routes: (r) => {
    registerResultRoutes(r);
    registerAppealRoutes(r);
    registerFilingRoutes(r);
    registerIssuingRoutes(r);
    registerCertificateRoutes(r);
    registerBlacklistRoutes(r);
    registerStatisticsRoutes(r);
    registerCalendarRoutes(r);
    registerPublicRoutes(r);
  },
  async start() {
    checkPdfFont();
  },
};
