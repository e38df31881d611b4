import type http from 'node:http';
import type { Sequelize } from 'sequelize';
import type { Routes } from './http/route';
import type { IO, ZSocket } from '../realtime/handle';
import type { Realtime } from '../realtime';
import type { Config } from './config';

/**
 * An area of the product (declarations, meetings, drafting, …) plugs in here: its REST routes, its
 * socket handlers and anything it runs beside the server (the Yjs endpoint). The foundation's own
 * routes (auth, orgs, accounts) are wired in app.ts.
 */
export interface Area {
  name: string;
  routes?: (r: Routes) => void;
  sockets?: (io: IO, socket: ZSocket) => void;
  start?: (ctx: { server: http.Server; sequelize: Sequelize; realtime: Realtime; config: Config }) => Promise<void>;
  stop?: () => Promise<void>;
}

