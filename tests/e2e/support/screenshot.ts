// Full-page screenshots of the main pages, written by every run to tests/e2e/screenshots/ (gitignored).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';

export const screenshotsDir = fileURLToPath(new URL('../screenshots/', import.meta.url));

/** Saves a full-page PNG of `page` as tests/e2e/screenshots/<name>.png and returns its path. */
export async function snap(page: Page, name: string): Promise<string> {
  const safe = name
    .trim()
    .replace(/[^a-zA-Z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '');
  if (!safe) throw new Error(`snap(): unusable screenshot name ${JSON.stringify(name)}`);
  await mkdir(screenshotsDir, { recursive: true });
  const file = path.join(screenshotsDir, `${safe}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}
