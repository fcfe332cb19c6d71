#!/usr/bin/env node
// The unit and integration tests in two vitest runs: every file but those that replace a module
// with vi.mock runs with `--no-isolate` (the files of a worker share its module cache, which saves
// importing the app again for each of ~140 files: about 3 of 9 minutes on two cores; such files
// must not leave module state changed), then the mocking files, each in a fresh module cache.
// Extra arguments go to both runs.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vitest = path.join(root, 'node_modules', '.bin', 'vitest');
/** Files that call vi.mock on a module other files import too. */
export const MOCKING = [
  'tests/domain/events/reactions.test.ts',
  'tests/domain/insights/access.test.ts',
];
const extra = process.argv.slice(2);

function run(args) {
  const result = spawnSync(vitest, ['run', ...args, ...extra], { cwd: root, stdio: 'inherit' });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

const shared = run(['--no-isolate', ...MOCKING.flatMap((file) => ['--exclude', file])]);
const isolated = run(MOCKING);
process.exit(shared || isolated);
