import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { Redis } from 'ioredis';
import { registerCollabRights, type CollabRight } from '../../realtime/collab/rights';
import { collabDocName, type CollabDocRef } from '../../realtime/collab/names';

/**
 * TEST-ONLY rights resolver. The real one belongs to the meeting area (assigned experts write;
 * group leader, chair and supervisors read; recused experts and everyone else none) and comes with
 * its own integration test. Here the test decides: rights live in a Redis hash under this run's
 * prefix, `accountId|docName → write|read`, so the in-process server and spawned nodes (which load
 * this file with `--import`, see `rightsNodeEnv`) answer from the same test-controlled data.
 * Nothing in the server refers to this file.
 */
let redis: Redis | null = null;
const client = () => (redis ??= new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 2 }));
const key = () => `${process.env.REDIS_PREFIX ?? 'zctest'}:collab-test-rights`;

export function installTestRights(): () => void {
  return registerCollabRights(async (actor, doc: CollabDocRef) => {
    const v = await client().hget(key(), `${actor.id}|${collabDocName(doc)}`);
    return v === 'write' || v === 'read' ? v : 'none';
  });
}

export async function setRight(accountId: number, doc: string, right: CollabRight) {
  if (right === 'none') await client().hdel(key(), `${accountId}|${doc}`);
  else await client().hset(key(), `${accountId}|${doc}`, right);
}

export async function closeRightsClient() {
  await redis?.quit().catch(() => undefined);
  redis = null;
}

/** Environment for `spawnNode()`: the node preloads this resolver. */
export function rightsNodeEnv(extra: Record<string, string> = {}): Record<string, string> {
  const preload = pathToFileURL(path.join(import.meta.dirname, 'rights-preload.ts')).href;
  return { NODE_OPTIONS: `--import tsx --import ${preload}`, ...extra };
}
