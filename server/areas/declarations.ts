import type { Area } from '../areas';
import { registerCatalogueRoutes } from '../routes/catalogue/router';
import { registerCommitteeRoutes } from '../routes/committees/router';
import { registerDeclarationRoutes } from '../routes/declarations/router';
import { registerReviewRoutes } from '../routes/review/router';
import { registerPublicityRoutes } from '../routes/publicity/router';
import { registerPlanRoutes } from '../routes/plans/router';
import { configureFiles } from '../commands/declarations/files';
// Registers who may join review queues `queue:{orgId}:{step}`.
import '../../realtime/declaration/access';

/**
 * Issue 3: the title catalogue and review paths, committees (minimal), declarations and their
 * review up the organisation tree, publicity, recommendation, plans, transfers, blacklist.
 * Announcements go out through `announce` inside each command; no socket handlers of its own.
 */
export const declarationsArea: Area = {
  name: 'declarations',
  routes: (r) => {
    registerCatalogueRoutes(r);
    registerCommitteeRoutes(r);
    registerDeclarationRoutes(r);
    registerReviewRoutes(r);
    registerPublicityRoutes(r);
    registerPlanRoutes(r);
  },
  async start({ config }) {
    configureFiles({ dataDir: config.dataDir, maxBytes: config.UPLOAD_MAX_BYTES });
  },
};
