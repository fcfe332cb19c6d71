// Domain errors and validation messages carry keys and are said in the reader's language at the
// edge: form actions, the JSON vote API, rate limits, plain server answers and socket acks. The
// English text (error.message, what logs and most tests read) stays as it was.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as voteApi from '#app/routes/api.ideas.$id.vote';
import * as newBrand from '#app/routes/brands.new';
import * as ideaPage from '#app/routes/ideas.$id._index/route';
import {
  asTranslate,
  conflict,
  inEnglish,
  issueFieldMessages,
  issueMessage,
  type DomainError,
} from '#app/domain/core/errors';
import { challenges } from '../../db/schema';
import { MESSAGES } from '#app/i18n/messages';
import { LOCALES, type Locale } from '#app/i18n/locales';
import { createLocaleCookie } from '#app/i18n/locale.server';
import { getTranslator } from '#app/i18n/translator';
import { createRateLimits } from '#app/utils/rate-limit.server';
import { intParam, parseInput } from '#app/utils/http.server';
import { translatorForHeaders } from '#app/utils/request-locale.server';
import {
  callAction,
  formRequest,
  makeContext,
  TEST_ORIGIN,
  type TestViewer,
} from '../support/context';
import { useTestDatabase } from '../support/db';
import { makeChallenge, makeIdea, makeUser } from '../support/factories';
import { snapshot } from '../support/assertions';
import { startLiveServer } from '../support/live';

const root = path.resolve(import.meta.dirname, '../..');
const db = useTestDatabase();

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) sources(file, out);
    else if (/\.(ts|tsx)$/.test(name)) out.push(file);
  }
  return out;
}

function lookup(locale: Locale, key: string): unknown {
  const [ns, ...rest] = key.split('.');
  let node: unknown = (MESSAGES[locale] as Record<string, unknown>)[ns!];
  for (const part of rest) node = (node as Record<string, unknown> | undefined)?.[part];
  return node;
}

describe('error keys', () => {
  const used = new Set<string>();
  for (const dir of ['app', 'realtime']) {
    for (const file of sources(path.join(root, dir))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/['"`](errors\.[\w.]+)['"`]/g))
        used.add(m[1]!);
    }
  }

  it('finds the keys the code raises', () => {
    expect(used).toContain('errors.notFound.idea');
    expect(used).toContain('errors.vote.choice');
    expect(used.size).toBeGreaterThan(100);
  });

  it.each(LOCALES)('every key the code uses has a %s message', (locale) => {
    const missing = [...used].filter((key) => {
      const message = lookup(locale, key);
      return typeof message !== 'string' || !message.trim();
    });
    expect(missing).toEqual([]);
  });

  it('renders values and ICU plurals', () => {
    const es = asTranslate(getTranslator('es'));
    const it = asTranslate(getTranslator('it'));
    expect(es('errors.idea.limit', { max: 1 })).toBe(
      'Has llegado al límite de este reto: 1 idea por persona.',
    );
    expect(it('errors.idea.limit', { max: 3 })).toBe(
      'Hai raggiunto il limite di questa sfida: 3 idee a persona.',
    );
    expect(es('errors.challenge.stageOrder', { from: 'open', to: 'voting' })).toBe(
      'Un reto en la etapa «abierto» solo puede pasar a «votación».',
    );
  });

  it('keeps error.message and fieldErrors in English', () => {
    const e = conflict('errors.brand.alreadyMember', { handle: 'ada' }, undefined);
    expect(e.message).toBe('@ada is already a member of this brand.');
    expect(e.render(asTranslate(getTranslator('it'))).error).toBe(
      '@ada fa già parte di questo brand.',
    );
    expect(inEnglish({ key: 'errors.vote.usePostJson' })).toBe(
      'Use POST with {"value": 1 | -1 | 0}.',
    );
  });

  it("maps zod's own English defaults to keys with their values", () => {
    const schema = z.object({ name: z.string().max(4), age: z.number().int() });
    const result = schema.safeParse({ name: 'too long', age: 1.5 });
    const fields = issueFieldMessages(result.error!);
    expect(fields.name).toEqual([{ key: 'errors.field.tooLong', values: { max: 4 } }]);
    expect(fields.age).toEqual([{ key: 'errors.field.notInteger' }]);
    const missing = z.object({ name: z.string() }).safeParse({});
    expect(inEnglish(issueMessage(missing.error!.issues[0]!))).toBe('This field is required.');
    try {
      parseInput(schema, { name: 'too long', age: 2 });
      expect.unreachable();
    } catch (e) {
      expect((e as DomainError).render(asTranslate(getTranslator('es')))).toEqual({
        error: 'Corrige los campos marcados.',
        fieldErrors: { name: ['Escribe como máximo 4 caracteres.'] },
      });
    }
  });
});

describe('at the edge', () => {
  it('answers a refused form in Spanish when the request is in Spanish (400)', async () => {
    const user = await makeUser(db());
    const before = await snapshot(db());
    const result = await callAction(newBrand, {
      request: formRequest('/brands/new', { name: 'X', website: 'ftp://example.com' }),
      context: makeContext(db(), user, { locale: 'es' }),
    });
    expect(result.status).toBe(400);
    expect(result.body.error).toBe('Corrige los campos marcados.');
    expect(result.body.fieldErrors.name).toEqual([
      'Los nombres de marca tienen de 2 a 80 caracteres.',
    ]);
    expect(result.body.values).toMatchObject({ name: 'X' });
    expect(await snapshot(db())).toEqual(before);
  });

  it('says the same refusal in English by default', async () => {
    const user = await makeUser(db());
    const result = await callAction(newBrand, {
      request: formRequest('/brands/new', { name: 'X' }),
      context: makeContext(db(), user),
    });
    expect(result.status).toBe(400);
    expect(result.body.fieldErrors.name).toEqual(['Brand names are 2–80 characters.']);
  });

  it('answers a domain refusal from a page action in Spanish (409)', async () => {
    const owner = await makeUser(db());
    const author = await makeUser(db());
    const challenge = await makeChallenge(db(), owner, { stage: 'open' });
    const idea = await makeIdea(db(), author, challenge.id);
    await db().update(challenges).set({ stage: 'review' }).where(eq(challenges.id, challenge.id));
    const voter = await makeUser(db());
    const result = await callAction(ideaPage, {
      params: { id: String(idea.id) },
      request: formRequest(`/ideas/${idea.id}`, { intent: 'vote', value: '1' }),
      context: makeContext(db(), voter, { locale: 'es' }),
    });
    expect(result.status).toBe(409);
    expect(result.body.error).toBe('La votación de este reto está cerrada.');
  });

  const voteJson = (id: number, body: string, locale: Locale, viewer: TestViewer | null) =>
    callAction(voteApi, {
      params: { id: String(id) },
      request: new Request(`${TEST_ORIGIN}/api/ideas/${id}/vote`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: TEST_ORIGIN },
        body,
      }),
      context: makeContext(db(), viewer, { locale }),
    });

  it('answers the JSON vote API in Italian', async () => {
    const owner = await makeUser(db());
    const author = await makeUser(db());
    const challenge = await makeChallenge(db(), owner, { stage: 'open' });
    const idea = await makeIdea(db(), author, challenge.id);
    const voter = await makeUser(db());

    const anonymous = await voteJson(idea.id, '{"value": 1}', 'it', null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({ error: 'Accedi per votare.' });

    const bad = await voteJson(idea.id, '{"value": "1"}', 'it', voter);
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      error: 'Un voto è 1 (a favore), -1 (contro) o 0 (ritira).',
      fieldErrors: { value: ['Un voto è 1 (a favore), -1 (contro) o 0 (ritira).'] },
    });

    const own = await voteJson(idea.id, '{"value": 1}', 'it', author);
    expect(own.status).toBe(403);
    expect(own.body.error).toBe('Non puoi votare la tua idea.');

    const missing = await voteJson(2_000_000_000, '{"value": 1}', 'it', voter);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('Idea non trovata.');
  });

  it('says a rate limit in Spanish, with the wait and Retry-After', async () => {
    const owner = await makeUser(db());
    const author = await makeUser(db());
    const challenge = await makeChallenge(db(), owner, { stage: 'open' });
    const idea = await makeIdea(db(), author, challenge.id);
    const voter = await makeUser(db());
    const limits = createRateLimits(true);
    // Spend the whole per-minute vote allowance without touching the database.
    for (let i = 0; i < 120; i++) await limits.consume('vote', voter.id);
    const result = await callAction(voteApi, {
      params: { id: String(idea.id) },
      request: new Request(`${TEST_ORIGIN}/api/ideas/${idea.id}/vote`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: TEST_ORIGIN },
        body: '{"value": 1}',
      }),
      context: makeContext(db(), voter, { locale: 'es', limits }),
    });
    expect(result.status).toBe(429);
    expect(result.body.error).toMatch(
      /^Demasiados intentos\. Espera \d+ segundos? y vuelve a intentarlo\.$/,
    );
    expect(Number(result.headers.get('Retry-After'))).toBeGreaterThan(0);
  });

  it('answers a bad id in the page address in Italian (404)', () => {
    try {
      intParam('0x3e', 'errors.notFound.idea', { locale: 'it' });
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ data: { message: 'Idea non trovata.' }, init: { status: 404 } });
    }
  });

  it('picks the language for plain answers and sockets from the cookie, else Accept-Language', async () => {
    const italian = await translatorForHeaders({ 'accept-language': 'fr-FR,fr;q=0.9,it;q=0.8' });
    expect(italian('errors.live.tooMany')).toBe('Troppe richieste: rallenta.');
    const cookie = (await createLocaleCookie(false).serialize('es')).split(';')[0]!;
    const spanish = await translatorForHeaders({ cookie, 'accept-language': 'it' });
    expect(spanish('errors.http.serverError')).toBe(
      'Algo ha fallado por nuestra parte. Inténtalo de nuevo.',
    );
    const unknown = await translatorForHeaders({ 'accept-language': 'xx' });
    expect(unknown('errors.http.serverError')).toBe(
      'Something went wrong on our side. Please try again.',
    );
    const saved = await translatorForHeaders({ 'accept-language': 'es' }, 'it');
    expect(saved('errors.live.sessionEnded')).toBe('La tua sessione è terminata; accedi di nuovo.');
  });

  it('acks a socket in the language of its cookie', async () => {
    const server = await startLiveServer();
    try {
      const cookie = (await createLocaleCookie(false).serialize('es')).split(';')[0]!;
      const client = await server.connect({ cookie });
      expect(await client.subscribe({ rooms: 'none' })).toEqual({
        ok: false,
        error:
          'Una suscripción indica de 1 a 20 salas, cada una como "challenge:12", "idea:34" o "me", con un since numérico.',
      });
      const english = await server.connect();
      expect(await english.subscribe({ rooms: 'none' })).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^A subscription lists/),
      });
    } finally {
      await server.close();
    }
  });
});
