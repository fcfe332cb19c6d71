#!/usr/bin/env node
// `npm test`: typecheck, lint and format check (at the same time), a production build, unit + integration
// tests, then the end-to-end tests, in that order, stopping at the first failure. Prints a summary with durations at the end.
// Arguments select steps: `node scripts/test.mjs e2e` runs only the build and the e2e tests.
//
// End-to-end tests need Chromium (CHROMIUM_PATH, default /usr/bin/chromium). Without it they are
// skipped with an explanation and the run still passes, except under CI (CI set), where a missing
// Chromium is a failure: CI must never skip them.
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const binDir = path.join(root, 'node_modules', '.bin');
const ci = !!process.env.CI && process.env.CI !== '0' && process.env.CI.toLowerCase() !== 'false';
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const env = { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', CHROMIUM_PATH: chromium };

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const bold = (t) => paint('1', t);
const green = (t) => paint('32', t);
const red = (t) => paint('31', t);
const yellow = (t) => paint('33', t);

/** @type {{ name: string, status: 'passed' | 'failed' | 'skipped' | 'not run', ms: number, note?: string }[]} */
const results = [];
let current = null; // the running child process
const running = new Set(); // children of steps that run together
const runStarted = Date.now();
let interrupted = null; // signal that interrupted the run

function bin(name) {
  const file = path.join(binDir, process.platform === 'win32' ? `${name}.cmd` : name);
  if (!existsSync(file)) throw new Error(`${file} not found: run \`npm install\` first`);
  return file;
}

function heading(text) {
  const line = '='.repeat(Math.max(8, 72 - text.length - 4));
  console.log(`\n${bold(`== ${text} ${line}`)}\n`);
}

function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: 'inherit', shell: false });
    current = child;
    child.once('error', (error) => {
      current = null;
      console.error(red(`Could not start ${command}: ${error.message}`));
      resolve({ code: 1, signal: null });
    });
    child.once('exit', (code, signal) => {
      current = null;
      resolve({ code, signal });
    });
  });
}

/** Runs a command with its output kept, to be printed after it ends (for steps run together). */
function runCaptured(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      env: { ...env, FORCE_COLOR: color ? '1' : '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: false,
    });
    running.add(child);
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.once('error', (error) => {
      running.delete(child);
      resolve({ code: 1, signal: null, output: `Could not start ${command}: ${error.message}\n` });
    });
    child.once('close', (code, signal) => {
      running.delete(child);
      resolve({ code, signal, output: Buffer.concat(chunks).toString() });
    });
  });
}

function formatMs(ms) {
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

function chromiumProblem() {
  try {
    if (!statSync(chromium).isFile()) return `${chromium} is not a file`;
    accessSync(chromium, constants.X_OK);
    return null;
  } catch (error) {
    return error.code === 'ENOENT' ? `no Chromium at ${chromium}` : `${chromium} is not executable`;
  }
}

const allSteps = [
  {
    key: 'typecheck',
    // The three static checks are independent: they run at the same time, their output is printed
    // one after another once all have ended.
    together: true,
    name: 'Typecheck',
    title: 'Typecheck (tsc -p .)',
    cmd: () => [bin('tsc'), ['-p', '.']],
  },
  {
    key: 'lint',
    together: true,
    name: 'Lint',
    title: 'Lint (eslint .)',
    cmd: () => [bin('eslint'), ['.']],
  },
  {
    key: 'format',
    together: true,
    name: 'Format',
    title: 'Format check (prettier --check .)',
    cmd: () => [bin('prettier'), ['--check', '.']],
  },
  {
    // Built before the tests: the multi-process live tests and the end-to-end tests run the real server.
    key: 'build',
    name: 'Build',
    title: 'Production build (remix vite:build)',
    cmd: () => [bin('remix'), ['vite:build']],
  },
  {
    key: 'unit',
    name: 'Unit + integration',
    title: 'Unit and integration tests (vitest run, in two parts: scripts/vitest-all.mjs)',
    cmd: () => [process.execPath, [path.join(root, 'scripts', 'vitest-all.mjs')]],
  },
  {
    key: 'e2e',
    name: 'End-to-end',
    title: 'End-to-end tests (playwright test)',
    e2e: true,
    cmd: () => [bin('playwright'), ['test']],
  },
];

// Optional step selection, e.g. `npm test -- e2e` or `node scripts/test.mjs typecheck lint`.
const keys = [...new Set(allSteps.map((s) => s.key))];
const wanted = process.argv.slice(2);
const unknown = wanted.filter((k) => !keys.includes(k));
if (unknown.length) {
  console.error(
    `Unknown step(s): ${unknown.join(', ')}. Steps: ${keys.join(', ')} (default: all).`,
  );
  process.exit(2);
}
// Tests that run the real server need the build, so asking for them brings it along.
if (wanted.some((k) => k === 'unit' || k === 'e2e') && !wanted.includes('build'))
  wanted.push('build');
const steps = wanted.length ? allSteps.filter((s) => wanted.includes(s.key)) : allSteps;

function printSummary(exitCode) {
  heading('Summary');
  const width = Math.max(...steps.map((s) => s.name.length));
  for (const step of steps) {
    const result = results.find((r) => r.name === step.name) ?? { status: 'not run', ms: 0 };
    const status =
      result.status === 'passed'
        ? green('passed ')
        : result.status === 'failed'
          ? red('FAILED ')
          : result.status === 'skipped'
            ? yellow('SKIPPED')
            : 'not run';
    const time =
      result.status === 'passed' || result.status === 'failed' ? formatMs(result.ms) : '';
    console.log(
      `  ${step.name.padEnd(width)}  ${status}  ${time.padStart(10)}${result.note ? `  ${result.note}` : ''}`,
    );
  }
  // Wall-clock time: steps run together overlap.
  const total = Date.now() - runStarted;
  console.log(`\n  Total ${formatMs(total)}: ${exitCode === 0 ? green('OK') : red('FAILED')}`);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    interrupted = signal;
    // Ctrl-C already reaches the child (same process group); other signals are passed on to it.
    for (const child of signal !== 'SIGINT' ? [current, ...running] : []) {
      if (!child?.pid) continue;
      try {
        process.kill(child.pid, signal);
      } catch {
        // already gone
      }
    }
  });
}

/** Runs consecutive `together` steps at once; prints each one's output in order; false if one failed. */
async function runTogether(group) {
  const outcomes = await Promise.all(
    group.map(async (step) => {
      const started = Date.now();
      let outcome;
      try {
        const [command, args] = step.cmd();
        outcome = await runCaptured(command, args);
      } catch (error) {
        outcome = { code: 1, signal: null, output: `${error.message}\n` };
      }
      return { step, outcome, ms: Date.now() - started };
    }),
  );
  let ok = true;
  for (const { step, outcome, ms } of outcomes) {
    heading(step.title);
    process.stdout.write(outcome.output);
    if (outcome.code === 0 && !interrupted) {
      results.push({ name: step.name, status: 'passed', ms });
      continue;
    }
    const why = interrupted
      ? `interrupted by ${interrupted}`
      : outcome.signal
        ? `killed by ${outcome.signal}`
        : `exit code ${outcome.code}`;
    results.push({ name: step.name, status: 'failed', ms, note: why });
    console.error(red(`\n${step.name} failed (${why}).`));
    ok = false;
  }
  return ok;
}

async function main() {
  let skipE2e = null;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if (interrupted) break;
    if (step.together) {
      const group = [step];
      while (steps[i + 1]?.together) group.push(steps[++i]);
      if (!(await runTogether(group))) {
        console.error(red('Stopping here.'));
        return 1;
      }
      continue;
    }
    if (step.e2e && skipE2e) {
      results.push({ name: step.name, status: 'skipped', ms: 0, note: skipE2e });
      continue;
    }
    if (step.e2e && !skipE2e) {
      const problem = chromiumProblem();
      if (problem) {
        heading('End-to-end tests');
        const fix =
          'Install it with `apt-get install chromium` (Debian/Ubuntu), ' +
          'or point CHROMIUM_PATH at a Chromium/Chrome binary.';
        if (ci) {
          console.error(
            red(
              `End-to-end tests FAILED: ${problem}, and under CI they must never be skipped. ${fix}`,
            ),
          );
          results.push({ name: 'End-to-end', status: 'failed', ms: 0, note: `${problem} (CI)` });
          return 1;
        }
        console.log(yellow(`End-to-end tests SKIPPED: ${problem}. ${fix}`));
        skipE2e = problem;
        results.push({ name: step.name, status: 'skipped', ms: 0, note: skipE2e });
        continue;
      }
    }
    heading(step.title);
    const started = Date.now();
    let outcome;
    try {
      const [command, args] = step.cmd();
      outcome = await run(command, args);
    } catch (error) {
      console.error(red(error.message));
      outcome = { code: 1, signal: null };
    }
    const ms = Date.now() - started;
    if (outcome.code === 0 && !interrupted) {
      results.push({ name: step.name, status: 'passed', ms });
      continue;
    }
    const why = interrupted
      ? `interrupted by ${interrupted}`
      : outcome.signal
        ? `killed by ${outcome.signal}`
        : `exit code ${outcome.code}`;
    results.push({ name: step.name, status: 'failed', ms, note: why });
    console.error(red(`\n${step.name} failed (${why}); stopping here.`));
    return 1;
  }
  if (interrupted) return 130;
  if (skipE2e) {
    console.log(yellow(`\nEnd-to-end tests were SKIPPED (${skipE2e}); everything else passed.`));
  }
  return 0;
}

const code = await main().catch((error) => {
  console.error(red(error?.stack ?? String(error)));
  return 1;
});
printSummary(code);
process.exit(interrupted && code === 0 ? 130 : code);
