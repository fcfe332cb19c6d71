// The live sockets of a person who deletes their account close as the deletion commits (the
// sign-out notice of each of their sessions, SIGNED_OUT_CHANNEL), and nobody else's do.
import { describe, expect, it } from 'vitest';
import { deleteAccount } from '#app/domain/users/erase.server';
import { LOG_START } from '#app/live/protocol';
import { FACTORY_PASSWORD, makeUser } from '../support/factories';
import { useLiveServer, waitUntil } from '../support/live';

describe('the live sockets of a deleted account', () => {
  const live = useLiveServer();

  it('are closed as the deletion commits, and only theirs', async () => {
    const database = live().db;
    const leaver = await makeUser(database);
    const other = await makeUser(database);
    const theirs = await live().connectAs(leaver.id);
    const again = await live().connectAs(leaver.id);
    const someoneElse = await live().connectAs(other.id);
    for (const client of [theirs, again, someoneElse])
      await client.subscribeOk([{ room: 'me', since: LOG_START }]);
    const closed: string[] = [];
    theirs.socket.once('disconnect', (reason) => closed.push(`theirs:${reason}`));
    again.socket.once('disconnect', (reason) => closed.push(`again:${reason}`));
    await deleteAccount(database, {
      actor: leaver,
      password: FACTORY_PASSWORD,
      content: 'anonymise',
    });
    await waitUntil(() => closed.length === 2, { describe: () => `closed: ${closed.join(', ')}` });
    expect(closed.sort()).toEqual(['again:io server disconnect', 'theirs:io server disconnect']);
    expect(someoneElse.socket.connected).toBe(true);
    expect((await someoneElse.health()).ok).toBe(true);
    // A socket opened with the old session afterwards is anonymous: "me" is denied.
    const cookie = theirs.socket.io.opts.extraHeaders?.cookie;
    const late = await live().connect({ cookie });
    const reply = await late.subscribe([{ room: 'me', since: LOG_START }]);
    expect(reply).toMatchObject({ ok: true, denied: ['me'] });
  });
});
