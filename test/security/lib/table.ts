import type { ActorKey, World } from './world';

/**
 * One row of the role matrix: a route called on one resource of the world, and who may.
 *
 * - `allow`: the actors that must get past authorization: a 2xx, or a domain refusal that comes
 *   after it (400 on a minimal body, 409, 410, 413, 422, 423).
 * - everyone else must be denied: 401, 403, or 404 where the server hides that the resource exists.
 * - `refuses`: actors outside `allow` that may instead get a domain refusal (409/422), because the
 *   thing they name in the body is someone else's (a unit publicity of another unit's
 *   declarations) or because the resource is not at their step. They must never get a 2xx.
 *
 * The expectation is written here as data, from DESIGN §2 and the seeds, never computed from the
 * server's own policy functions (or the test could not fail).
 */
export interface Case {
  allow: readonly ActorKey[];
  refuses?: readonly ActorKey[];
  /** What distinguishes this row from the route's other rows (the resource, the state). */
  label?: string;
  /** Path params; with `fresh`, called for each allowed actor (and once for all the others). */
  params?: (w: World, actor: ActorKey) => Record<string, string | number> | Promise<Record<string, string | number>>;
  query?: (w: World) => Record<string, string | number | boolean>;
  /** A JSON body (absent: the schema's minimal example); called per request, so it may be fresh. */
  body?: (w: World, actor: ActorKey) => unknown;
  /** A multipart body instead of JSON. */
  form?: (w: World, actor: ActorKey) => FormData;
  /**
   * Each allowed actor acts on a resource of its own, made by `params` (the first allowed call
   * would otherwise delete it, or move it past the second one's step); those denied share one.
   */
  fresh?: boolean;
  /** Rows run in phase order (stable): a flow's next step after the one it needs. */
  phase?: number;
  /** A 2xx that did nothing is not a success (a batch answering per item). */
  tookEffect?: (body: any) => boolean;
}

export type Table = Record<string, Case | Case[]>;

export const rows = (c: Case | Case[]): Case[] => (Array.isArray(c) ? c : [c]);
