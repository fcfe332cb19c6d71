// One-shot messages ("Idea published") carried across a redirect in a signed, short-lived cookie.
import { createCookie, type Cookie } from '@remix-run/node';

export type Flash = { message: string | null; cookie: Cookie };

export function createFlashCookie(secret: string, secure: boolean): Cookie {
  return createCookie('cocrea_flash', {
    secrets: [secret],
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: 60,
  });
}

export async function readFlash(cookie: Cookie, cookieHeader: string | undefined) {
  const value: unknown = await cookie.parse(cookieHeader ?? null);
  return typeof value === 'string' ? value.slice(0, 200) : null;
}

export async function flashHeader(flash: Flash, message: string) {
  return { 'Set-Cookie': await flash.cookie.serialize(message) };
}

export async function clearFlashHeader(cookie: Cookie) {
  return cookie.serialize('', { maxAge: 0 });
}
