import crypto from 'node:crypto';
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
  async start({ config, realtime }) {
    const redis = realtime.redis;
    const node = crypto.randomUUID();
    // One node announces a round's count per interval (see roundProgress.ts); while Redis is away, every node does.
    const claim = redis
      ? async (ids: number[], ms: number) => {
          const p = redis.pipeline();
          for (const id of ids) p.set(`${config.REDIS_PREFIX}:progress:${id}`, node, 'PX', ms, 'NX');
          const res = (await p.exec()) ?? [];
          return new Set(ids.filter((_, i) => res[i]?.[1] === 'OK' || res[i]?.[0]));
        }
      : undefined;
    configureVoting({ progressIntervalMs: config.ROOM_PROGRESS_INTERVAL_MS, maxBatch: config.BALLOT_BATCH_MAX, parallel: config.BALLOT_BATCH_PARALLEL }, claim);
  },
  stop: stopVoting,
};
