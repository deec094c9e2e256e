/**
 * Watch mode (npm start): grade everything once, then re-grade an exercise each
 * time one of its files is saved. Shows overall progress, the current exercise
 * (the first that does not pass yet) and what to do next, Rustlings-style: one
 * test to fix at a time, every test one key away (d).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { displayPath, grade, selectExercises } from '../engine/grade';
import { abortAll } from '../engine/on-abort';
import type { ExerciseResult } from '../engine/results';
import type { Stage } from '../engine/stages';
import type { ExerciseSpec } from '../manifest';
import { renderCompact } from '../reporters/compact';
import { bar, renderExercise } from '../reporters/terminal';
import type { Io } from './commands';
import { hintCommand } from './commands';
import { peekHint } from './hints';
import { watchSaves } from './saves';
import { TypeChecker } from '../engine/typecheck';
import { WarmRunner } from '../engine/warm-runner';

/** The fastest the screen is drawn again while tests tick off. */
const RENDER_MS = 150;

export interface WatchOptions {
  readonly io: Io;
  readonly exercises: readonly string[];
  readonly stage: Stage | null;
  readonly timeLimitMs?: number;
  readonly deadlineMs?: number;
}

/** Where the first TODO of an exercise is, as "exercises/01-x/server.ts:21", or null. */
export function firstTodo(targetDir: string, exercise: ExerciseSpec): string | null {
  for (const file of exercise.files) {
    const path = join(targetDir, exercise.slug, file);
    let lines: string[];
    try {
      lines = readFileSync(path, 'utf8').split('\n');
    } catch {
      continue;
    }
    const index = lines.findIndex((line) => /\/\/ TODO\(/.test(line));
    if (index >= 0) return `${displayPath(path)}:${index + 1}`;
  }
  return null;
}

export async function watch(options: WatchOptions): Promise<number> {
  const { io } = options;
  const exercises = selectExercises(options.exercises);
  const results = new Map<string, ExerciseResult>();
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  let status = 'Grading…';
  /** Every test of the current exercise (d), or only the first to fix. */
  let detailed = false;

  // While a grade runs, its tests tick off in the status line (at most every RENDER_MS, so the screen does not flicker).
  let renderTimer: NodeJS.Timeout | null = null;
  const renderSoon = (): void => {
    renderTimer ??= setTimeout(() => {
      renderTimer = null;
      render();
    }, RENDER_MS);
  };
  // Kept warm between saves: a re-check reuses everything parsed before (engine/typecheck.ts), and a grade
  // sends its tests to the runner and Vitest instance the last one used (engine/warm-runner.ts).
  const typeChecker = new TypeChecker();
  const runner = new WarmRunner();
  const gradeSome = async (specs: readonly ExerciseSpec[]): Promise<void> => {
    const label = `Grading ${specs.map((e) => e.id).join(', ')}…`;
    let total = 0;
    let ended = 0;
    let notPassing = 0;
    await grade({
      exercises: specs.map((e) => e.id),
      stage: options.stage,
      target: io.targetDir,
      typeChecker,
      runner,
      ...(options.timeLimitMs ? { timeLimitMs: options.timeLimitMs } : {}),
      ...(options.deadlineMs ? { deadlineMs: options.deadlineMs } : {}),
      onEvent: (event) => {
        if (event.kind === 'grade-started') total = event.tests;
        if (event.kind === 'exercise-graded') results.set(event.result.id, event.result);
        if (event.kind !== 'test-ended') return;
        ended += 1;
        if (!event.passed) notPassing += 1;
        status = `${label} ${bar(ended, total, 20)} ${ended}/${total} tests${notPassing > 0 ? `, ${notPassing} not passing` : ''}`;
        renderSoon();
      },
    });
    if (renderTimer) clearTimeout(renderTimer);
    renderTimer = null;
  };

  const render = (): void => {
    const { style } = io;
    const done = exercises.filter((e) => results.get(e.id)?.status === 'passed').length;
    const current = exercises.find((e) => results.get(e.id)?.status !== 'passed');
    const lines: string[] = [];
    if (interactive) lines.push('\u001b[2J\u001b[H'); // clear the screen, cursor home
    lines.push(style.bold(`Real-time Remix · watching ${displayPath(io.targetDir)}/`));
    lines.push(`${bar(done, exercises.length, 30)} ${done}/${exercises.length} exercises pass`);
    lines.push(
      exercises
        .map((e) => {
          const r = results.get(e.id);
          const mark = !r ? style.dim('…') : r.status === 'passed' ? style.green('✓') : style.red('✗');
          return `${mark} ${e.id}`;
        })
        .join('  '),
    );
    lines.push('');
    const result = current ? results.get(current.id) : undefined;
    if (current && result) {
      const hint = peekHint(current);
      lines.push(
        detailed
          ? renderExercise(result, { style, nextHint: (id) => (id === current.id ? hint : null) })
          : renderCompact(result, { style, hint, everyTest: interactive ? 'press d to see every test' : `every test: npm run grade -- ${current.id}` }),
      );
      const todo = firstTodo(io.targetDir, current);
      lines.push('', style.bold('Next:') + ` ${todo ? `open ${todo} (the first TODO)` : `edit ${current.files.map((f) => displayPath(join(io.targetDir, current.slug, f))).join(' or ')}`}, save, and this screen grades it again.`);
    } else if (!current) {
      lines.push(style.green('Every exercise passes. Well done.'));
    }
    lines.push('', style.dim(status));
    lines.push(style.dim(interactive ? `Keys: h next hint · d ${detailed ? 'first test only' : 'every test'} · a grade all again · q quit` : 'Press Ctrl+C to stop.'));
    io.out(lines.join('\n'));
  };

  await gradeSome(exercises);
  status = `Graded at ${new Date().toLocaleTimeString()}. Waiting for you to save a file…`;
  render();

  let running: Promise<void> = Promise.resolve();
  const regrade = (batch: readonly ExerciseSpec[]): void => {
    running = running.then(async () => {
      status = `Grading ${batch.map((e) => e.id).join(', ')}…`;
      render();
      await gradeSome(batch);
      status = `Graded ${batch.map((e) => e.id).join(', ')} at ${new Date().toLocaleTimeString()}.`;
      render();
    });
  };
  const watcher = watchSaves(io.targetDir, exercises, regrade);

  return new Promise((resolve) => {
    const stop = (): void => {
      watcher.close();
      typeChecker.close();
      runner.discard();
      abortAll(); // a grade still running: its runner and subjects stopped, its staged copy removed
      if (interactive) process.stdin.setRawMode(false);
      process.stdin.pause();
      resolve(0);
    };
    process.once('SIGINT', stop);
    if (!interactive) return;
    process.stdin.setRawMode(true);
    process.stdin.resume();
    process.stdin.on('data', (key: Buffer) => {
      const k = key.toString();
      if (k === 'q' || k === '\u0003') stop();
      else if (k === 'a') regrade(exercises);
      else if (k === 'd') {
        detailed = !detailed;
        render();
      }
      else if (k === 'h') {
        const current = exercises.find((e) => results.get(e.id)?.status !== 'passed');
        if (current) {
          render();
          hintCommand(current.id, io);
        }
      }
    });
  });
}
