export { realtime, liveStatus, type Subscription, type LiveStatus, type RoomPayload } from './manager';
export { rooms } from '../../../realtime/rooms';
