// Rate limits per account and per IP (rate-limiter-flexible, in process memory).
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from '#app/domain/core/errors';

const specs = {
  signIn: { points: 10, duration: 15 * 60 }, // per IP + handle
  signInIp: { points: 50, duration: 15 * 60 }, // per IP
  signUp: { points: 10, duration: 60 * 60 }, // per IP
  idea: { points: 20, duration: 60 * 60 }, // per account
  comment: { points: 30, duration: 10 * 60 }, // per account
  vote: { points: 120, duration: 60 }, // per account
  flag: { points: 20, duration: 60 * 60 }, // per account
  write: { points: 60, duration: 60 }, // per account, other writes
} as const;

export type LimitName = keyof typeof specs;
export type RateLimits = {
  consume(name: LimitName, key: string): Promise<void>;
  reward(name: LimitName, key: string): Promise<void>;
};

export function createRateLimits(enabled: boolean): RateLimits {
  const limiters = Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [
      name,
      new RateLimiterMemory({ ...spec, keyPrefix: name }),
    ]),
  ) as Record<LimitName, RateLimiterMemory>;
  return {
    async consume(name, key) {
      if (!enabled) return;
      try {
        await limiters[name].consume(key);
      } catch (e) {
        if (!(e instanceof RateLimiterRes)) throw e;
        const seconds = Math.ceil(e.msBeforeNext / 1000);
        throw seconds > 90
          ? new DomainError(
              'RateLimited',
              'errors.rateLimit.minutes',
              { minutes: Math.ceil(seconds / 60) },
              undefined,
              seconds,
            )
          : new DomainError(
              'RateLimited',
              'errors.rateLimit.seconds',
              { seconds },
              undefined,
              seconds,
            );
      }
    },
    async reward(name, key) {
      if (enabled) await limiters[name].delete(key);
    },
  };
}
