// The vote benchmark's load, checked for correctness: 50 people vote at once through two server
// processes on one PostgreSQL database (each votes on several ideas, some change their vote or
// withdraw it, their requests alternating between the processes). Afterwards every idea's counts
// equal its vote rows, every vote is the last one its voter was told was accepted, and the vote
// events replay, idea by idea in log order, to the same counts. Needs PostgreSQL (DATABASE_URL):
// on PGlite one process owns the database. The ledger's cached totals are checked exact too.
import { asc, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/client.server';
import { events, ideas, votes } from '../../db/schema';
import { createAuth, startSession } from '#app/auth/lucia.server';
import { makeChallenge, makeIdea, makeUser, type TestUser } from '../support/factories';
import { cacheMismatches, makeOpposer } from '../support/reputation';
import { freshPostgres, startServer, type ServerProcess } from '../support/server';

const VOTERS = 50;
const IDEAS = 6;
/** Every voter votes on this many ideas: the first two, which everyone shares, and others. */
const IDEAS_PER_VOTER = 4;

type Step = { ideaId: number; value: -1 | 0 | 1 };

/** A voter's plan: support or oppose each of their ideas, then change some and withdraw some. */
function planFor(voter: number, ideaIds: number[]): Step[] {
  const mine = [
    ideaIds[0]!,
    ideaIds[1]!,
    ...Array.from(
      { length: IDEAS_PER_VOTER - 2 },
      (_, k) => ideaIds[2 + ((voter + k) % (IDEAS - 2))]!,
    ),
  ];
  const steps: Step[] = mine.map((ideaId, k) => ({
    ideaId,
    value: (voter + k) % 3 === 0 ? -1 : 1,
  }));
  for (const [k, ideaId] of mine.entries()) {
    if ((voter + k) % 4 === 0) steps.push({ ideaId, value: steps[k]!.value === 1 ? -1 : 1 });
    if ((voter + k) % 5 === 0) steps.push({ ideaId, value: 0 });
  }
  return steps;
}

describe.skipIf(!process.env.DATABASE_URL)('votes through two server processes', () => {
  let pg: Awaited<ReturnType<typeof freshPostgres>>;
  let database: Database;
  let servers: ServerProcess[] = [];
  const ideaIds: number[] = [];
  let voters: (TestUser & { cookie: string })[] = [];

  beforeAll(async () => {
    pg = await freshPostgres();
    database = openDatabase({ url: pg!.url, max: 10 });
    await database.migrate();
    const db = database.db;
    const owner = await makeUser(db);
    const author = await makeUser(db);
    const challenge = await makeChallenge(db, owner, { stage: 'open', maxIdeasPerUser: IDEAS });
    for (let i = 0; i < IDEAS; i++) ideaIds.push((await makeIdea(db, author, challenge.id)).id);
    const auth = createAuth(db, { secureCookies: false });
    voters = await Promise.all(
      Array.from({ length: VOTERS }, async () => {
        const user = await makeOpposer(db);
        return { ...user, cookie: (await startSession(auth, user.id)).split(';')[0]! };
      }),
    );
    servers = await Promise.all([
      startServer({ databaseUrl: pg!.url }),
      startServer({ databaseUrl: pg!.url }),
    ]);
  }, 120_000);

  afterAll(async () => {
    if (process.env.DEBUG_VOTE_LOAD) for (const s of servers) console.log(s.output().slice(-6000));
    await Promise.all(servers.map((s) => s.stop()));
    await database?.close();
    await pg?.drop();
  }, 60_000);

  it('keeps every count exact and the events replaying to it', async () => {
    // What each voter was last told was accepted, by idea.
    const accepted = new Map<string, -1 | 0 | 1>();
    const refusals: string[] = [];
    let requests = 0;
    let busyRetries = 0;
    await Promise.all(
      voters.map(async (voter, v) => {
        for (const [k, step] of planFor(v, ideaIds).entries()) {
          const server = servers[(v + k) % servers.length]!;
          // Every vote lands on one author, whose ledger rows every vote locks till its commit: on
          // a loaded machine one may wait past the lock timeout and be told "busy, retry after 1 s"
          // (409 + Retry-After), writing nothing. A client does as told, a few times at most.
          for (let attempt = 0; ; attempt++) {
            const response = await fetch(`${server.url}/api/ideas/${step.ideaId}/vote`, {
              method: 'POST',
              headers: {
                'Content-Type': 'application/json',
                Cookie: voter.cookie,
                Origin: server.url,
              },
              body: JSON.stringify({ value: step.value }),
            });
            const body = (await response.json().catch(() => ({}))) as { error?: string };
            const retryAfter = Number(response.headers.get('Retry-After'));
            if (response.status === 409 && retryAfter > 0 && attempt < 5) {
              busyRetries++;
              await new Promise((r) => setTimeout(r, retryAfter * 1000));
              continue;
            }
            if (response.ok) {
              requests++;
              accepted.set(`${voter.id} ${step.ideaId}`, step.value);
            } else refusals.push(`HTTP ${response.status} ${body.error}`);
            break;
          }
        }
      }),
    );
    if (busyRetries) console.log(`vote-load: ${busyRetries} busy answers retried`);
    // Every step is a real change, so nothing may be refused (past its retries, busy says so here).
    expect(refusals).toEqual([]);

    const db = database.db;
    const rows = await db
      .select({ ideaId: votes.ideaId, userId: votes.userId, value: votes.value })
      .from(votes)
      .where(inArray(votes.ideaId, ideaIds));
    const expected = [...accepted]
      .filter(([, value]) => value !== 0)
      .map(([key, value]) => `${key} ${value}`)
      .sort();
    expect(rows.map((r) => `${r.userId} ${r.ideaId} ${r.value}`).sort()).toEqual(expected);

    const stored = await db
      .select({ id: ideas.id, support: ideas.supportCount, oppose: ideas.opposeCount })
      .from(ideas)
      .where(inArray(ideas.id, ideaIds));
    for (const idea of stored) {
      const mine = rows.filter((r) => r.ideaId === idea.id);
      expect(idea, `idea ${idea.id}`).toEqual({
        id: idea.id,
        support: mine.filter((r) => r.value === 1).length,
        oppose: mine.filter((r) => r.value === -1).length,
      });
    }

    // The log: one event per accepted request. A vote appends its event while it holds the idea's
    // lock, so an idea's events are in id order as they were applied: replayed in that order,
    // each carries the counts it produced, and the last ones are the stored counts.
    const log = await db
      .select({ id: events.id, type: events.type, ideaId: events.ideaId, payload: events.payload })
      .from(events)
      .where(inArray(events.type, ['vote.cast', 'vote.changed', 'vote.withdrawn']))
      .orderBy(asc(events.id));
    expect(log).toHaveLength(requests);
    for (const idea of stored) {
      let support = 0;
      let oppose = 0;
      for (const event of log.filter((e) => e.ideaId === idea.id)) {
        const { from, to, supportCount, opposeCount } = event.payload as Record<string, number>;
        support += Number(to === 1) - Number(from === 1);
        oppose += Number(to === -1) - Number(from === -1);
        expect({ supportCount, opposeCount }, `event ${event.id}`).toEqual({
          supportCount: support,
          opposeCount: oppose,
        });
      }
      expect({ support, oppose }).toEqual({ support: idea.support, oppose: idea.oppose });
    }

    // The ledger under the same load: every cached total equals the sum of its entries.
    expect(await cacheMismatches(db)).toEqual([]);
  }, 90_000);
});
