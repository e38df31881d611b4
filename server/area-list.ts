import type { Area } from './areas';
import { declarationsArea } from './areas/declarations';
import { meetingArea } from './areas/meeting';
import { setupArea } from './areas/setup';
import { collabArea } from '../realtime/collab/area';
import { afterArea } from './areas/after';

/**
 * The product's areas beyond the foundation, in start order. Each area adds one import and one
 * entry here; nothing else in the server needs to know about it.
 */
export const areas: Area[] = [declarationsArea, setupArea, meetingArea, collabArea, afterArea];
