// Knowing when events have committed, so readers of the log can be woken without a NOTIFY in
// every writing transaction (docs/decisions/013-parallel-event-log.md). `db.transaction` is
// wrapped: each outermost transaction runs in its own AsyncLocalStorage scope, appendEvent marks
// the scope, and the wrapper signals once the transaction has committed.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db } from './client.server';

/**
 * What a commit tells the log's readers: `events`, it appended events; `horizon`, it appended none
 * but held back the log's horizon while it ran (a consumer's batch), so a reader that found events
 * waiting behind it can read them now. Readers that were not waiting have nothing to do for it.
 */
export type CommitNews = 'events' | 'horizon';

type Scope = { wake: CommitNews | null };

// Kept on globalThis under registered symbols: the Remix build bundles its own copy of this module
// (appendEvent runs there), while server.ts opens the database with the source copy.
const SCOPES = Symbol.for('cocrea.db.commitScopes');
const SIGNAL = Symbol.for('cocrea.db.eventsCommitted');

const holder = globalThis as { [SCOPES]?: AsyncLocalStorage<Scope> };
const scopes: AsyncLocalStorage<Scope> = (holder[SCOPES] ??= new AsyncLocalStorage<Scope>());

/**
 * Calls `onEventsCommitted` after every outermost transaction of `db` that appended events (or
 * asked to wake the readers) has committed. Nested transactions are savepoints of the outer one
 * and share its scope; a transaction that rolls back (its promise rejects) signals nothing.
 */
export function watchCommits(db: Db, onEventsCommitted: (news: CommitNews) => void) {
  if (Object.hasOwn(db, SIGNAL)) return;
  const begin = db.transaction.bind(db);
  const transaction = async (...args: Parameters<typeof begin>) => {
    const scope: Scope = { wake: null };
    const result = await scopes.run(scope, () => begin(...args));
    if (scope.wake) onEventsCommitted(scope.wake);
    return result;
  };
  Object.defineProperty(db, 'transaction', { value: transaction, writable: true });
  // Used when an event is appended outside any transaction: its statement has committed already.
  Object.defineProperty(db, SIGNAL, { value: onEventsCommitted });
}

/**
 * Wakes the readers of the log once `tx` commits (at once outside a transaction). appendEvent
 * calls it (`events`); so does a transaction that held back the log's horizon for a while without
 * appending (a consumer's batch: `horizon`), since readers may be waiting for it to end.
 */
export function wakeLogReadersAfterCommit(tx: Db, news: CommitNews = 'events') {
  const direct = (tx as unknown as { [SIGNAL]?: (news: CommitNews) => void })[SIGNAL];
  if (direct) return direct(news);
  const scope = scopes.getStore();
  if (scope && scope.wake !== 'events') scope.wake = news;
}
