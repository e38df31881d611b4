import type { Transaction } from 'sequelize';
import { db } from '../models';
import { withTransaction } from '../models/db';

const RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);

function isRetryable(e: unknown): boolean {
  const err = e as { parent?: { code?: string }; original?: { code?: string } };
  const code = err?.parent?.code ?? err?.original?.code;
  return code !== undefined && RETRYABLE.has(code);
}

/**
 * Runs a command in one transaction. InnoDB may pick a transaction as a deadlock victim; the whole
 * transaction rolled back, so running it again is safe. Commands never open nested transactions.
 */
export async function inTransaction<T>(fn: (t: Transaction) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await withTransaction(db(), fn);
    } catch (e) {
      if (attempt >= 4 || !isRetryable(e)) throw e;
      await new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 20));
    }
  }
}
