import type { Area } from '../areas';
import { registerCommitteeRoutes } from '../routes/committees/router';
import { registerLibraryRoutes } from '../routes/library/router';
import { registerExpertProfileRoutes } from '../routes/expertProfiles/router';
import { registerMeetingRoutes } from '../routes/meetings/router';
import { registerGroupRoutes } from '../routes/groups/router';
import { registerMeetingExpertRoutes } from '../routes/meetingExperts/router';
import { registerDrawRoutes } from '../routes/draws/router';
import { registerMeetingApplicantRoutes } from '../routes/meetingApplicants/router';
import { registerSetupExportRoutes } from '../routes/setupExports/router';
import { configureSetupFiles } from '../commands/setup/blindOpinions';
import { importsSettled } from '../commands/setup/importExperts';

/** Issue 4: committees, the expert library and the review meetings' setup. */
export const setupArea: Area = {
  name: 'setup',
  routes: (r) => {
    registerCommitteeRoutes(r);
    registerLibraryRoutes(r);
    registerExpertProfileRoutes(r);
    registerMeetingRoutes(r);
    registerGroupRoutes(r);
    registerMeetingExpertRoutes(r);
    registerDrawRoutes(r);
    registerMeetingApplicantRoutes(r);
    registerSetupExportRoutes(r);
  },
  start: async ({ config }) => {
    configureSetupFiles({ dataDir: config.dataDir, maxBytes: config.UPLOAD_MAX_BYTES });
  },
  // Let a running import finish (or fail) before the pool closes.
  stop: async () => {
    await importsSettled();
  },
};
