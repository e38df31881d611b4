export { realtime, liveStatus, type Subscription, type LiveStatus, type RoomPayload, type SendPayload, type SendResult } from './manager';
export { rooms } from '../../../realtime/rooms';
