// Unsubscribe tokens: signed for one person and one scope ('all' or a topic) at one time. A valid
// one moves the scope's digest topics to the app only; a forged, tampered or other person's token
// verifies as nothing; a replay changes nothing more, nor does an old link undo a newer choice.
import { describe, expect, it } from 'vitest';
import { testClock } from '#app/domain/core/clock';
import { preferencesOf } from '#app/domain/notifications/preferences.server';
import {
  readUnsubscribeToken,
  unsubscribe,
  unsubscribeToken,
  type UnsubscribeClaim,
} from '#app/domain/notifications/unsubscribe.server';
import { purposeKey } from '#app/utils/mail.server';
import { snapshot } from '../../support/assertions';
import { useTestDatabase } from '../../support/db';
import { makeUser } from '../../support/factories';
import { hearsAbout } from '../../support/notification-preferences';

const db = useTestDatabase();
const KEY = purposeKey('unsubscribe/v1', 'a server secret for the tests, long enough');
const AT = new Date('2031-02-03T04:05:06Z');

async function digestPerson(clock = testClock(new Date(AT.getTime() - 60_000))) {
  const person = await makeUser(db());
  await hearsAbout(db(), person.id, ['comments', 'votes'], 'digest', { clock });
  return person;
}

describe('a token', () => {
  it('reads back as who, what and when it was issued for', () => {
    const token = unsubscribeToken(KEY, { userId: 'abc123', scope: 'votes', issuedAt: AT });
    expect(readUnsubscribeToken(KEY, token)).toEqual({
      userId: 'abc123',
      scope: 'votes',
      issuedAt: new Date('2031-02-03T04:05:06Z'),
    });
  });

  it('is refused forged, tampered with, cut, padded, of another scope or signed with another key', () => {
    const token = unsubscribeToken(KEY, { userId: 'abc123', scope: 'votes', issuedAt: AT });
    const [user, scope, seconds, signature] = token.split('.') as [string, string, string, string];
    const otherKey = purposeKey('unsubscribe/v1', 'another secret entirely, also long');
    const forged = [
      unsubscribeToken(otherKey, { userId: 'abc123', scope: 'votes', issuedAt: AT }),
      // Another purpose's key (same secret) does not sign unsubscribe links.
      unsubscribeToken(purposeKey('cookies', 'a server secret for the tests, long enough'), {
        userId: 'abc123',
        scope: 'votes',
        issuedAt: AT,
      }),
      [`xyz789`, scope, seconds, signature].join('.'),
      [user, 'all', seconds, signature].join('.'),
      [user, scope, String(Number(seconds) + 1), signature].join('.'),
      [user, scope, seconds, signature.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))].join('.'),
      [user, scope, seconds, signature.slice(0, -1)].join('.'),
      [user, scope, seconds].join('.'),
      `${token}.`,
      `${token}x`,
      [user, 'likes', seconds, signature].join('.'),
      '',
      'x'.repeat(10_000),
      `<script>alert(1)</script>`,
    ];
    for (const bad of forged) expect(readUnsubscribeToken(KEY, bad), bad).toBeNull();
    expect(readUnsubscribeToken(KEY, null)).toBeNull();
    expect(readUnsubscribeToken(KEY, ['a', 'b'])).toBeNull();
    expect(readUnsubscribeToken(KEY, 42)).toBeNull();
  });
});

describe('unsubscribing', () => {
  it('moves every digest topic to the app only for "all", and a replay changes nothing', async () => {
    const person = await digestPerson();
    const other = await digestPerson();
    const claim = readUnsubscribeToken(
      KEY,
      unsubscribeToken(KEY, { userId: person.id, scope: 'all', issuedAt: AT }),
    )!;
    const clock = testClock(new Date(AT.getTime() + 60_000));
    expect((await unsubscribe(db(), { claim, clock })).sort()).toEqual(['comments', 'votes']);
    expect((await preferencesOf(db(), person.id)).channels).toMatchObject({
      comments: 'in_app',
      votes: 'in_app',
      replies: 'in_app',
    });
    // Someone else's choices are untouched.
    expect((await preferencesOf(db(), other.id)).channels).toMatchObject({
      comments: 'digest',
      votes: 'digest',
    });
    const before = await snapshot(db());
    expect(await unsubscribe(db(), { claim, clock })).toEqual([]);
    expect(await snapshot(db())).toEqual(before);
  });

  it('moves only its topic for a topic link', async () => {
    const person = await digestPerson();
    const claim: UnsubscribeClaim = { userId: person.id, scope: 'votes', issuedAt: AT };
    expect(await unsubscribe(db(), { claim, clock: testClock(AT) })).toEqual(['votes']);
    expect((await preferencesOf(db(), person.id)).channels).toMatchObject({
      comments: 'digest',
      votes: 'in_app',
    });
  });

  it('does not undo a choice made after the link was issued', async () => {
    const person = await digestPerson();
    const old: UnsubscribeClaim = { userId: person.id, scope: 'all', issuedAt: AT };
    await unsubscribe(db(), { claim: old, clock: testClock(new Date(AT.getTime() + 60_000)) });
    // The person chooses the digest again the next day; the old mail's link is then replayed.
    await hearsAbout(db(), person.id, ['comments'], 'digest', {
      clock: testClock(new Date(AT.getTime() + 86_400_000)),
    });
    const before = await snapshot(db());
    expect(
      await unsubscribe(db(), {
        claim: old,
        clock: testClock(new Date(AT.getTime() + 2 * 86_400_000)),
      }),
    ).toEqual([]);
    expect(await snapshot(db())).toEqual(before);
    expect((await preferencesOf(db(), person.id)).channels.comments).toBe('digest');
  });

  it('for someone who never chose the digest, changes nothing', async () => {
    const person = await makeUser(db());
    const before = await snapshot(db());
    expect(
      await unsubscribe(db(), {
        claim: { userId: person.id, scope: 'all', issuedAt: AT },
        clock: testClock(AT),
      }),
    ).toEqual([]);
    expect(await snapshot(db())).toEqual(before);
  });
});
