import type { Area } from './areas';
import { meetingArea } from './areas/meeting';
import { setupArea } from './areas/setup';

/**
 * The product's areas beyond the foundation, in start order. Each area adds one import and one
 * entry here; nothing else in the server needs to know about it.
 */
export const areas: Area[] = [setupArea, meetingArea];
