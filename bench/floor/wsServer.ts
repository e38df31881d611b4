/**
 * The bare `ws` floor's server, a process of its own: clients join a room by `?room=N` in the URL;
 * `run` broadcasts to every room on the schedule, the message serialised once per broadcast.
 */
import { WebSocketServer, type WebSocket } from 'ws';
import { serveWorker, wallMs } from '../lib/proc';
import { broadcastSchedule } from './common';

let wss: WebSocketServer | null = null;
const rooms = new Map<number, Set<WebSocket>>();

serveWorker({
  async start() {
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, clientTracking: false });
    wss.on('connection', (ws, req) => {
      const room = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('room'));
      if (!rooms.has(room)) rooms.set(room, new Set());
      rooms.get(room)!.add(ws);
      ws.on('close', () => rooms.get(room)?.delete(ws));
      ws.on('error', () => undefined);
    });
    await new Promise<void>((r) => wss!.once('listening', () => r()));
    const addr = wss.address();
    return { port: typeof addr === 'object' && addr ? addr.port : 0 };
  },
  connected: () => [...rooms.values()].reduce((a, s) => a + s.size, 0),
  async run({ roomIds, totalRooms, rate, durationMs, payload }: { roomIds: number[]; totalRooms: number; rate: number; durationMs: number; payload: object }) {
    let messages = 0;
    const r = await broadcastSchedule(roomIds, totalRooms, rate, durationMs, (room, seq, due) => {
      const members = rooms.get(room);
      if (!members) return;
      const frame = Buffer.from(JSON.stringify({ ...payload, room, seq, due, t: wallMs() }));
      for (const ws of members) ws.send(frame, { binary: false });
      messages += members.size;
    });
    return { ...r, messages };
  },
  async stop() {
    await new Promise<void>((r) => (wss ? wss.close(() => r()) : r()));
    return true;
  },
});
