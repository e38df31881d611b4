import type { Transaction } from 'sequelize';
import { parseCollabDocName } from './names';
import { freezeDocRows, docRow, type FrozenDoc } from './store';

type Listener = (doc: string) => void;
const listeners = new Set<Listener>();

/** The collab engine listens here and tells every node. */
export function onCollabFrozen(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/**
 * Freezes a shared opinion inside the caller's transaction ("finish review"): snapshots its text
 * into `collab_docs.frozen_text` and returns it. Once `t` commits, every node makes the document
 * read-only for all its connections; the database refuses any later write even on a node that has
 * not heard yet. Idempotent: freezing a frozen document returns the stored snapshot.
 */
export async function freezeCollabDoc(docName: string, t: Transaction): Promise<FrozenDoc> {
  if (!parseCollabDocName(docName)) throw new Error(`not a collaborative document: ${docName}`);
  const frozen = await freezeDocRows(docName, 'freeze', t);
  if (!frozen.alreadyFrozen) {
    t.afterCommit(() => {
      for (const l of listeners) l(docName);
    });
  }
  return frozen;
}

/** The frozen snapshot of a document, or null while it is still open (for records and exports). */
export async function frozenCollabText(docName: string, t?: Transaction): Promise<{ frozenAt: Date; text: string } | null> {
  const row = await docRow(docName, t);
  return row?.frozenAt ? { frozenAt: row.frozenAt, text: row.frozenText ?? '' } : null;
}
