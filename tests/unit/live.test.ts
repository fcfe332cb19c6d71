import { describe, expect, it, vi } from 'vitest';
import type { Event } from '../../db/schema';
import { roomsOf } from '../../app/live/protocol';
import { Presence } from '../../realtime/presence.server';
import { roomsForEvent, toLiveEvent } from '../../realtime/router.server';

function event(overrides: Partial<Event>): Event {
  return {
    id: 1,
    type: 'vote.cast',
    actorId: 'u1',
    brandId: 1,
    challengeId: 10,
    ideaId: 20,
    commentId: null,
    subjectUserId: 'u2',
    payload: {},
    createdAt: new Date(),
    ...overrides,
  };
}

describe('live routing', () => {
  it('sends vote counts to the challenge and the idea rooms', () => {
    expect(roomsForEvent(event({ type: 'vote.cast' }))).toEqual(['challenge:10', 'idea:20']);
  });

  it('sends a new idea to its challenge only, and a comment edit to its idea only', () => {
    expect(roomsForEvent(event({ type: 'idea.created' }))).toEqual(['challenge:10']);
    expect(roomsForEvent(event({ type: 'comment.updated' }))).toEqual(['idea:20']);
  });

  it('publishes nothing for events no page listens to', () => {
    expect(roomsForEvent(event({ type: 'user.joined', challengeId: null, ideaId: null }))).toEqual(
      [],
    );
    expect(
      roomsForEvent(event({ type: 'brand.member_added', challengeId: null, ideaId: null })),
    ).toEqual([]);
  });

  it('publishes ids and counts, never titles or bodies', () => {
    const live = toLiveEvent(
      event({
        type: 'idea.created',
        payload: { title: 'Secret title', supportCount: 3, body: 'x' },
      }),
      5,
    );
    expect(live.data).toEqual({ supportCount: 3 });
    expect(JSON.stringify(live)).not.toContain('Secret');
    expect(live.ts).toBe(5);
  });

  it('agrees with the browser about which rooms a message belongs to', () => {
    for (const type of [
      'vote.cast',
      'idea.created',
      'comment.updated',
      'challenge.stage_changed',
    ]) {
      const e = event({ type });
      expect(roomsOf(toLiveEvent(e))).toEqual(roomsForEvent(e));
    }
    expect(
      roomsOf({
        id: 3,
        type: 'notification',
        kind: 'vote',
        ideaId: 1,
        commentId: null,
        actorId: null,
        ts: 0,
      }),
    ).toEqual(['me']);
  });
});

describe('presence', () => {
  it('counts people, not tabs, and announces changes once per burst', async () => {
    vi.useFakeTimers();
    const announced: [string, number][] = [];
    const presence = new Presence('p1', null, (room, n) => announced.push([room, n]), {
      debounceMs: 50,
      heartbeatMs: 1000,
      expireMs: 3000,
    });
    presence.join('challenge:1', 'alice');
    presence.join('challenge:1', 'alice');
    presence.join('challenge:1', 'bob');
    await vi.advanceTimersByTimeAsync(60);
    expect(announced).toEqual([['challenge:1', 2]]);
    presence.leave('challenge:1', 'alice');
    await vi.advanceTimersByTimeAsync(60);
    expect(presence.count('challenge:1')).toBe(2); // alice still has a tab open
    presence.leave('challenge:1', 'alice');
    await vi.advanceTimersByTimeAsync(60);
    expect(presence.count('challenge:1')).toBe(1);
    expect(announced.at(-1)).toEqual(['challenge:1', 1]);
    vi.useRealTimers();
  });

  it('adds counts from other processes and forgets a process that went silent', async () => {
    vi.useFakeTimers();
    let deliver: (payload: string) => void = () => {};
    const bus = {
      notify: async () => {},
      listen: async (_channel: string, cb: (payload: string) => void) => {
        deliver = cb;
        return async () => {};
      },
    };
    const presence = new Presence('p1', bus, () => {}, {
      debounceMs: 10,
      heartbeatMs: 1000,
      expireMs: 3000,
    });
    await presence.start();
    presence.join('challenge:1', 'alice');
    deliver(JSON.stringify({ p: 'p2', r: 'challenge:1', n: 2 }));
    deliver(JSON.stringify({ p: 'p1', r: 'challenge:1', n: 5 })); // its own echo is ignored
    deliver('not json');
    expect(presence.count('challenge:1')).toBe(3);
    await vi.advanceTimersByTimeAsync(3500);
    expect(presence.count('challenge:1')).toBe(1);
    await presence.stop();
    vi.useRealTimers();
  });
});

describe('browser live client', () => {
  it('delivers each room its events above the room cursor, once', async () => {
    const { LiveClient } = await import('../../app/live/live');
    const client = new LiveClient();
    const seen: number[] = [];
    client.subscribe('idea:20', 5, (m) => seen.push(m.id));
    const dispatch = (id: number) =>
      (client as unknown as { dispatch(m: unknown): void }).dispatch(
        toLiveEvent(event({ id, type: 'vote.cast' })),
      );
    dispatch(4); // older than the page's data
    dispatch(6);
    dispatch(6); // replay overlap
    dispatch(7);
    expect(seen).toEqual([6, 7]);
  });

  it('forgets a room when its last listener leaves', async () => {
    const { LiveClient } = await import('../../app/live/live');
    const client = new LiveClient();
    const seen: number[] = [];
    const stop = client.subscribe('challenge:10', 0, (m) => seen.push(m.id));
    stop();
    (client as unknown as { dispatch(m: unknown): void }).dispatch(
      toLiveEvent(event({ id: 9, type: 'idea.created' })),
    );
    expect(seen).toEqual([]);
  });
});
