/** Every room event carries the room and its sequence number, so a client can spot a gap. */
export interface RoomEvent<T> {
  room: string;
  seq: number;
  at: string;
  data: T;
}

export interface AckError {
  code: string;
  message: string;
  details?: { path: string; message: string }[];
}

/** Acknowledgement of a client → server event: ok with a value, or a stable error code. */
export type Ack<T = unknown> = { ok: true; data: T } | { ok: false; error: AckError };
export type AckFn<T = unknown> = (res: Ack<T>) => void;

/** Every client → server event has one payload and one acknowledgement. */
export type ClientEvent<P, R> = (payload: P, ack: AckFn<R>) => void;
