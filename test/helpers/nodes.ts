import { serverEnv } from './env';
import { startServerProcess, type FreshProc } from './freshProcess';

export type SpawnedNode = FreshProc;

/**
 * A second (third…) server process sharing this run's MariaDB database, Redis prefix and signing
 * keys, for tests of behaviour across nodes.
 */
export function spawnNode(extraEnv: Record<string, string> = {}): Promise<SpawnedNode> {
  return startServerProcess({ ...process.env, ...serverEnv(extraEnv) }, { ms: 60_000 });
}
