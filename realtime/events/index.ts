/**
 * The one typed map of Socket.IO events, shared by server and client. Each area adds its own file
 * and one line to each union below.
 */
import type { SessionClientEvents, SessionServerEvents } from './session';
import type { DeclarationServerEvents } from './declaration';
import type { VotingClientEvents, VotingServerEvents } from './voting';
import type { MeetingClientEvents, MeetingServerEvents } from './meeting';
import type { SetupServerEvents } from './setup';
import type { AfterServerEvents } from './after';

export type { RoomEvent, Ack, AckFn } from './common';
export type * from './session';
export type * from './declaration';
export type * from './voting';
export type * from './meeting';
export type * from './setup';
export type * from './after';

export interface ServerToClientEvents
  extends SessionServerEvents,
    DeclarationServerEvents,
    SetupServerEvents,
    VotingServerEvents,
    MeetingServerEvents,
    AfterServerEvents {}
export interface ClientToServerEvents extends SessionClientEvents, VotingClientEvents, MeetingClientEvents {}

/** Events that are announced to a room after a commit (their argument is a RoomEvent). */
export type RoomEventName = {
  [K in keyof ServerToClientEvents]: Parameters<ServerToClientEvents[K]>[0] extends { seq: number; data: unknown } ? K : never;
}[keyof ServerToClientEvents];

export type RoomEventData<E extends RoomEventName> = Parameters<ServerToClientEvents[E]>[0] extends { data: infer D } ? D : never;
