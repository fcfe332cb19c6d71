// A child process for tests/live/ordering.test.ts: `writers` concurrent writers on one PostgreSQL
// database, each running `transactions` transactions that append one or two events with short
// random pauses inside the transaction, so commits interleave and some ids commit after higher
// ones; about one in eight rolls back. Prints one JSON line: the ids committed and rolled back.
//   node --import tsx tests/support/log-writers.ts <database url> <writers> <transactions> <tag>
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase } from '../../db/client.server';
import { appendEvent } from '#app/domain/events/log.server';

const [url, writers, transactions, tag] = process.argv.slice(2);
if (!url || !writers || !transactions || !tag)
  throw new Error('usage: log-writers.ts <database url> <writers> <transactions> <tag>');

const database = openDatabase({ url, max: Number(writers) + 2, sideMax: 2 });
const committed: number[] = [];
const rolledBack: number[] = [];
const pause = () => sleep(Math.floor(Math.random() * 4));

class RolledBack extends Error {}

async function writer(w: number) {
  for (let n = 0; n < Number(transactions); n++) {
    const ids: number[] = [];
    try {
      await database.db.transaction(async (tx) => {
        await pause();
        const events = Math.random() < 0.3 ? 2 : 1;
        for (let i = 0; i < events; i++) {
          ids.push(
            await appendEvent(tx, {
              type: 'user.joined',
              actorId: null,
              payload: { tag, w, n, i },
              at: new Date(),
            }),
          );
          await pause();
        }
        if (Math.random() < 0.125) throw new RolledBack();
      });
      committed.push(...ids);
    } catch (error) {
      if (!(error instanceof RolledBack)) throw error;
      rolledBack.push(...ids);
    }
  }
}

try {
  await Promise.all(Array.from({ length: Number(writers) }, (_, w) => writer(w)));
  process.stdout.write(`${JSON.stringify({ committed, rolledBack })}\n`);
} finally {
  await database.close();
}
