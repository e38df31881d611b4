import { serverEnv } from '../../helpers/env';
import { startServerProcess } from '../../helpers/freshProcess';
import type { SpawnedNode } from '../../helpers/nodes';
import { killOnExit } from './children';

/**
 * test/helpers/nodes.ts spawnNode with more patience (on a busy 2-core machine a node can take
 * longer than 30 s to load and migrate), and killed with the test process.
 */
export function startNode(extraEnv: Record<string, string>, timeoutMs = 120_000): Promise<SpawnedNode> {
  return startServerProcess({ ...process.env, ...serverEnv(extraEnv) }, { ms: timeoutMs, onChild: killOnExit });
}
