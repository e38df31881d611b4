import type { Area } from '../areas';
import { registerRoundRoutes } from '../routes/rounds/router';
import { registerLiveRoutes } from '../routes/live/router';
import { registerRecordRoutes } from '../routes/live/record';
import { registerMaterialRoutes } from '../routes/live/materials';
import { registerMyMeetingsRoute } from '../routes/live/mine';
import { attachMeetingHandlers } from '../../realtime/meeting/handlers';
import { configureVoting, stopVoting } from '../commands/meeting/submitBallot';

export const meetingArea: Area = {
  name: 'meeting',
  routes: (r) => {
    registerLiveRoutes(r);
    registerRoundRoutes(r);
    registerRecordRoutes(r);
    registerMaterialRoutes(r);
    registerMyMeetingsRoute(r);
  },
  sockets: attachMeetingHandlers,
  async start({ config }) {
    configureVoting({ progressIntervalMs: config.ROOM_PROGRESS_INTERVAL_MS, maxBatch: config.BALLOT_BATCH_MAX, parallel: config.BALLOT_BATCH_PARALLEL });
  },
  stop: stopVoting,
};
