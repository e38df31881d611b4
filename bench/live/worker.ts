/**
 * A load-generator process for the live-meeting benchmark: it holds some of the clients (experts,
 * watchers, waiting applicants) as real socket.io-client connections to the two server nodes,
 * casts ballot sheets when told, and records when each client received which announcement, by
 * this machine's wall clock (the same clock the servers stamp announcements with).
 */
import { io, type Socket } from 'socket.io-client';
import { serveWorker, sleep, wallMs } from '../lib/proc';

export interface ClientSpec {
  id: number;
  token: string;
  url: string;
  rooms: string[];
}

export interface SheetOrder {
  clientId: number;
  roundId: number;
  key: string;
  choices: Array<{ meetingApplicantId: number; choice: 'yes' | 'no' | 'abstain' }>;
  /** Wall-clock time to send it (open loop: sent then, whatever came before). */
  dueAt: number;
  /** Send the same sheet again once answered, through this other client (the same expert on the other node). */
  resendVia?: number;
}

/** One answered sheet: [clientId, roundId, sentAt, answeredAt, ok(1/0), duplicate(1/0)] and the error code if any. */
export type SheetResult = [number, number, number, number, number, number, string?];

type Rec = number[];
const clients = new Map<number, Socket>();
// [clientId, roundId, voted, announcedAt, receivedAt]
let progress: Rec[] = [];
// [clientId, roundId, receivedAt]
let closed: Rec[] = [];
// [clientId, declarationId, announcedAt, receivedAt]
let statuses: Rec[] = [];
let disconnects = 0;

function listen(id: number, s: Socket) {
  s.on('round:progress', (e: { at: string; data: { roundId: number; voted: number } }) => {
    progress.push([id, e.data.roundId, e.data.voted, Date.parse(e.at), wallMs()]);
  });
  s.on('round:closed', (e: { data: { roundId: number } }) => closed.push([id, e.data.roundId, wallMs()]));
  s.on('declaration:status', (e: { at: string; data: { declarationId: number } }) => statuses.push([id, e.data.declarationId, Date.parse(e.at), wallMs()]));
  s.on('disconnect', () => disconnects++);
}

async function open(spec: ClientSpec): Promise<string | null> {
  const s = io(spec.url, { auth: { token: spec.token }, transports: ['websocket'], reconnection: false, forceNew: true });
  try {
    await new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve());
      s.once('connect_error', (e) => reject(e));
    });
    listen(spec.id, s);
    for (const room of spec.rooms) {
      const ack = (await s.timeout(20_000).emitWithAck('room:join' as never, { room } as never)) as { ok: boolean; error?: { code: string } };
      if (!ack.ok) throw new Error(`${room}: ${ack.error?.code}`);
    }
    clients.set(spec.id, s);
    return null;
  } catch (e) {
    s.close();
    return (e as Error).message;
  }
}

async function send(clientId: number, sheet: SheetOrder): Promise<{ ok: boolean; duplicate: boolean; code?: string }> {
  const s = clients.get(clientId);
  if (!s) return { ok: false, duplicate: false, code: 'no_client' };
  try {
    const ack = (await s.timeout(60_000).emitWithAck('ballot:submit' as never, { roundId: sheet.roundId, idempotencyKey: sheet.key, choices: sheet.choices } as never)) as {
      ok: boolean;
      data?: { duplicate: boolean };
      error?: { code: string };
    };
    return ack.ok ? { ok: true, duplicate: !!ack.data?.duplicate } : { ok: false, duplicate: false, code: ack.error?.code };
  } catch {
    return { ok: false, duplicate: false, code: 'no_ack' };
  }
}

serveWorker({
  /** Opens the clients, a few dozen at a time (the handshake checks each token in the database). */
  async connect(body: { clients: ClientSpec[]; parallel: number }) {
    const failures: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: body.parallel }, async () => {
        for (let i = next++; i < body.clients.length; i = next++) {
          const err = await open(body.clients[i]);
          if (err) failures.push(`${body.clients[i].id}: ${err}`);
        }
      }),
    );
    return { connected: clients.size, failures: failures.slice(0, 20), failed: failures.length };
  },

  /** Casts the sheets at their due times; answers when every one is answered. */
  async vote(body: { sheets: SheetOrder[] }) {
    const results: SheetResult[] = [];
    const resent: SheetResult[] = [];
    await Promise.all(
      body.sheets.map(async (sheet) => {
        const wait = sheet.dueAt - wallMs();
        if (wait > 0) await sleep(wait);
        const sentAt = wallMs();
        const a = await send(sheet.clientId, sheet);
        results.push([sheet.clientId, sheet.roundId, sentAt, wallMs(), a.ok ? 1 : 0, a.duplicate ? 1 : 0, ...(a.code ? [a.code] : [])] as SheetResult);
        if (sheet.resendVia !== undefined) {
          const r0 = wallMs();
          const b = await send(sheet.resendVia, sheet);
          resent.push([sheet.resendVia, sheet.roundId, r0, wallMs(), b.ok ? 1 : 0, b.duplicate ? 1 : 0, ...(b.code ? [b.code] : [])] as SheetResult);
        }
      }),
    );
    return { results, resent };
  },

  /** Hands over what was received since the last call. */
  collect() {
    const out = { progress, closed, statuses, disconnects, connected: [...clients.values()].filter((s) => s.connected).length };
    progress = [];
    closed = [];
    statuses = [];
    return out;
  },

  close() {
    for (const s of clients.values()) s.close();
    clients.clear();
    return null;
  },
});
