// Hostile input at the HTTP edge, checked on the helpers themselves (fast, no server): redirect
// targets, id spellings, form bodies that are not forms, NUL characters and echoed values.
import { describe, expect, it } from 'vitest';
import { DomainError, invalid, isDomainError } from '#app/domain/core/errors';
import { idField } from '#app/domain/core/fields';
import { intParam, runAction, safeRedirect } from '#app/utils/http.server';

const site = new Request('https://cocrea.example/signin');

// Each of these leads a browser off-site (tabs and new lines are dropped from URLs and a
// backslash is read as a slash), breaks the Location header, or is not a path at all.
const offSite = [
  '/\t/evil.example',
  '/\t\\evil.example',
  '/\\evil.example',
  '//evil.example',
  '/\r\n/evil.example',
  '/\nSet-Cookie: x=1',
  '/..//evil.example',
  '/./\\evil.example',
  'https://evil.example/',
  'http:evil.example',
  'javascript:alert(1)',
  ' /challenges',
  '',
];

describe('safeRedirect', () => {
  it.each(offSite)('refuses %j and falls back', (to) => {
    expect(safeRedirect(to, site)).toBe('/');
    expect(safeRedirect(to, site, '/challenges')).toBe('/challenges');
  });

  it('keeps a path on this site, with its query and fragment', () => {
    expect(safeRedirect('/ideas/12?tab=comments#c3', site)).toBe('/ideas/12?tab=comments#c3');
    expect(safeRedirect('/u/demo_owner', site)).toBe('/u/demo_owner');
  });

  it('percent-encodes what a header cannot carry instead of failing on it', () => {
    expect(safeRedirect('/challenges?q=日本', site)).toBe('/challenges?q=%E6%97%A5%E6%9C%AC');
  });

  it('refuses anything that is not a string', () => {
    expect(safeRedirect(['/a', '/b'], site)).toBe('/');
    expect(safeRedirect(undefined, site)).toBe('/');
  });
});

describe('ids', () => {
  const spellings = ['0x3e', '6.2e1', ' 62', '62 ', '62.0', '+62', '0b111110', 'Infinity', ''];

  it.each(spellings)('a route id %j is not found', (raw) => {
    expect(() => intParam(raw, 'That idea')).toThrow();
    try {
      intParam(raw, 'That idea');
    } catch (e) {
      expect((e as { init?: { status?: number } }).init?.status).toBe(404);
    }
  });

  it.each(spellings)('a form id %j is refused', (raw) => {
    expect(idField('comment').safeParse(raw).success).toBe(false);
  });

  it('still reads plain digits', () => {
    expect(intParam('62')).toBe(62);
    expect(idField('comment').parse('62')).toBe(62);
  });
});

describe('DomainError brand', () => {
  it('is recognised across copies of the module, as the built server has two', () => {
    // What a DomainError from the other copy looks like: a different class, the same brand.
    const twin = Object.assign(new Error('Too many attempts.'), {
      [Symbol.for('cocrea.DomainError')]: true,
      kind: 'RateLimited',
      status: 429,
    });
    expect(twin instanceof DomainError).toBe(false);
    expect(isDomainError(twin)).toBe(true);
    expect(isDomainError(invalid('x'))).toBe(true);
    expect(isDomainError(new Error('x'))).toBe(false);
  });
});

/** What runAction answered: status and the ActionError data. */
async function act(request: Request, body: () => Promise<unknown> = async () => null) {
  const result = (await runAction(request, body)) as {
    init?: { status?: number };
    data?: { error: string; values?: Record<string, unknown> };
  };
  return { status: result.init?.status ?? 200, data: result.data };
}

const post = (body: BodyInit, contentType?: string) =>
  new Request('http://localhost/signin', {
    method: 'POST',
    headers: contentType ? { 'Content-Type': contentType } : {},
    body,
  });

describe('runAction with bodies that are not forms', () => {
  it('answers 415 to JSON, plain text and a missing content type', async () => {
    for (const type of ['application/json', 'text/plain', undefined]) {
      const { status, data } = await act(post('{"login":"x"}', type));
      expect(status).toBe(415);
      expect(data?.error).toMatch(/form/);
    }
  });

  it('answers 400 to a broken multipart body', async () => {
    const { status, data } = await act(
      post(
        '--x\r\nContent-Disposition: form-data; name="login"\r\n\r\nabc',
        'multipart/form-data; boundary=x',
      ),
    );
    expect(status).toBe(400);
    expect(data?.error).toBe('The form could not be read. Please send it again.');
  });

  it('answers 400 to a NUL character in any field, before the action runs', async () => {
    let ran = false;
    const { status } = await act(
      post('login=a%00b&password=secret', 'application/x-www-form-urlencoded'),
      async () => (ran = true),
    );
    expect(status).toBe(400);
    expect(ran).toBe(false);
  });

  it('echoes a refused form back, but never more than the longest field holds', async () => {
    const huge = 'x'.repeat(200_000);
    const { status, data } = await act(
      post(
        new URLSearchParams({ login: huge, password: 'secret', tags: 'a' }),
        'application/x-www-form-urlencoded',
      ),
      async () => {
        throw new DomainError('Invalid', 'Nope.');
      },
    );
    expect(status).toBe(400);
    expect((data?.values?.login as string).length).toBe(20_000);
    expect(data?.values).not.toHaveProperty('password');
  });
});
