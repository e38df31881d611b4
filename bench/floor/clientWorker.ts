/**
 * A worker process holding floor clients (bare `ws` or socket.io-client): each records, for every
 * broadcast it receives, wallMs() now minus the send time the server put in the message.
 */
import WebSocket from 'ws';
import { io, type Socket } from 'socket.io-client';
import { serveWorker, wallMs } from '../lib/proc';
import { packFloats, type ClientSpec } from './common';

let lat: number[] = [];
/** From when the broadcast was due by the schedule (open loop: includes the server falling behind). */
let fromDue: number[] = [];
/** Per delivery, the client's tag (the Socket.IO floor: 1 = it crossed Redis). */
let tags: number[] = [];
const wsClients: WebSocket[] = [];
const sioClients: Socket[] = [];

type Msg = { t?: number; due?: number };
const record = (m: Msg, tag: number) => {
  if (typeof m.t !== 'number') return;
  const now = wallMs();
  lat.push(now - m.t);
  fromDue.push(now - (m.due ?? m.t));
  tags.push(tag);
};

function openWs(c: ClientSpec): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${c.url}/?room=${c.room}`, { perMessageDeflate: false });
    ws.on('message', (data) => record(JSON.parse(data.toString()) as Msg, c.tag ?? 0));
    ws.once('open', () => {
      wsClients.push(ws);
      resolve();
    });
    ws.once('error', reject);
  });
}

function openSio(c: ClientSpec): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = io(c.url, { transports: ['websocket'], forceNew: true, reconnection: false, query: { room: String(c.room) } });
    s.on('floor', (p: Msg) => record(p, c.tag ?? 0));
    s.once('connect', () => {
      sioClients.push(s);
      resolve();
    });
    s.once('connect_error', reject);
  });
}

serveWorker({
  async connect({ kind, clients }: { kind: 'ws' | 'sio'; clients: ClientSpec[] }) {
    const open = kind === 'ws' ? openWs : openSio;
    // A hundred handshakes in flight at a time: fast, without a SYN flood on the servers.
    for (let i = 0; i < clients.length; i += 100) await Promise.all(clients.slice(i, i + 100).map(open));
    return { connected: wsClients.length + sioClients.length };
  },
  received: () => lat.length,
  reset() {
    lat = [];
    fromDue = [];
    tags = [];
    return true;
  },
  latencies() {
    const out = { lat: packFloats(lat), fromDue: packFloats(fromDue), tags: Buffer.from(Uint8Array.from(tags)).toString('base64') };
    lat = [];
    fromDue = [];
    tags = [];
    return out;
  },
  close() {
    for (const ws of wsClients.splice(0)) ws.terminate();
    for (const s of sioClients.splice(0)) s.close();
    return true;
  },
});
