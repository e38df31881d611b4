import type { Table } from '../lib/table';
import { foundation } from './foundation';
import { declarations } from './declarations';
import { setup } from './setup';
import { live } from './live';
import { after } from './after';

/** The whole role table: one entry per documented route (see roleMatrix.test.ts). */
export const TABLE: Table = { ...foundation, ...declarations, ...setup, ...live, ...after };
