import type { ChildProcess } from 'node:child_process';

const children = new Set<ChildProcess>();
let hooked = false;

/**
 * Processes a fault test starts (nodes, nginx, redis-server) die with the test process, even when
 * mocha exits without running the after hooks (`exit: true`, a crash, Ctrl-C).
 */
export function killOnExit(child: ChildProcess) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  if (hooked) return;
  hooked = true;
  process.once('exit', () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });
}
