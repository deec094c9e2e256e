/**
 * `npm run app -- NN`: runs the course app as it stands at exercise NN, from your
 * exercises/ folder (or the reference solution with --solution), until Ctrl+C.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_TARGET, REPO_ROOT, SOLUTIONS_DIR } from '../grader/engine/paths';
import { manifest, type ExerciseSpec } from '../grader/manifest';
import { buildApp } from './build-app';

const USAGE = `Usage: npm run app -- NN [--solution] [--production]

  NN            the exercise whose app to run, such as 02
  --solution    run the reference solution instead of your exercises/ folder
  --production  build the app first, then serve the build (default: development, with Vite)

The app listens on http://127.0.0.1:3000 (PORT=4000 npm run app -- 02 changes the port).
From exercise 06 on, the chat keeps its messages in .data/<exercise>.db (the solution's in
.data/<exercise>.solution.db): they are still there when the app starts again.`;

interface AppServer {
  readonly url: string;
  close(): Promise<void>;
}

type StartAppServer = (options: { mode: 'development' | 'production'; port?: number; database?: string }) => Promise<AppServer>;

class UsageError extends Error {}

function parse(argv: readonly string[]): { exercise: ExerciseSpec; solution: boolean; production: boolean } {
  let id: string | undefined;
  let solution = false;
  let production = false;
  for (const arg of argv) {
    if (arg === '--solution' || arg === '--solutions') solution = true;
    else if (arg === '--production') production = true;
    else if (arg === '--help' || arg === '-h') throw new UsageError('');
    else if (arg.startsWith('-')) throw new UsageError(`Unknown option ${arg}.`);
    else if (id === undefined) id = arg;
    else throw new UsageError(`Give one exercise, not ${id} and ${arg}.`);
  }
  if (id === undefined) throw new UsageError('Which exercise? For example: npm run app -- 02');
  const wanted = /^\d$/.test(id) ? `0${id}` : id;
  const exercise = manifest.exercises.find((e) => e.id === wanted || e.slug === wanted);
  if (!exercise) throw new UsageError(`There is no exercise "${id}". Exercises: ${manifest.exercises.map((e) => e.id).join(', ')}.`);
  return { exercise, solution, production };
}

async function main(): Promise<number> {
  let choice: ReturnType<typeof parse>;
  try {
    choice = parse(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message ? `${error.message}\n\n` : ''}${USAGE}\n`);
    return 2;
  }
  const { exercise, solution, production } = choice;
  const snapshot = join(solution ? SOLUTIONS_DIR : DEFAULT_TARGET, exercise.slug);
  const shown = relative(REPO_ROOT, snapshot);

  if (!existsSync(join(snapshot, 'app')) || !existsSync(join(snapshot, 'server.ts'))) {
    process.stderr.write(
      `Exercise ${exercise.id} (${exercise.title}) has no app to run: the Remix app starts in lesson 02.\n` +
        `Grade it instead: npm run grade -- ${exercise.id}\n`,
    );
    return 2;
  }

  const module = (await import(pathToFileURL(join(snapshot, 'server.ts')).href)) as { startAppServer?: unknown };
  if (typeof module.startAppServer !== 'function') {
    process.stderr.write(`${shown}/server.ts does not export a function named startAppServer.\n`);
    return 1;
  }
  const startAppServer = module.startAppServer as StartAppServer;

  if (production) {
    process.stdout.write(`Building ${shown} for production…\n`);
    await buildApp(join(snapshot, 'vite.config.ts'));
  }
  const mode = production ? 'production' : 'development';
  // Read from exercise 06 on (earlier servers keep nothing): one file per snapshot, outside the snapshot's folder.
  const database = join(REPO_ROOT, '.data', `${exercise.slug}${solution ? '.solution' : ''}.db`);
  const server = await startAppServer({ mode, port: Number(process.env.PORT ?? 3000), database });
  process.stdout.write(
    `Real-time Remix · exercise ${exercise.id}, ${exercise.title} · ${shown} · ${mode}\n` +
      `  App:    ${server.url}\n` +
      `  Socket: ${server.url.replace(/^http/, 'ws')}/ws\n` +
      'Ctrl+C stops it.\n',
  );

  return new Promise((resolve) => {
    let stopping = false;
    const stop = (): void => {
      if (stopping) return resolve(130); // a second Ctrl+C: do not wait any longer
      stopping = true;
      process.stdout.write('\nStopping…\n');
      const timer = setTimeout(() => {
        process.stderr.write('close() did not finish within 5 s (is a client still holding a connection open?); stopping anyway.\n');
        resolve(1);
      }, 5000);
      server.close().then(
        () => (clearTimeout(timer), resolve(0)),
        (error: unknown) => {
          clearTimeout(timer);
          process.stderr.write(`close() failed: ${error instanceof Error ? error.message : String(error)}\n`);
          resolve(1);
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

main().then(
  (status) => process.exit(status),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
