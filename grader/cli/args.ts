/** Parses `npm run grade -- …` arguments into one typed invocation. Pure. */
import { isStage, STAGES, type Stage } from '../engine/stages';

export type Command =
  | {
      readonly kind: 'grade';
      readonly exercises: readonly string[];
      readonly json: boolean;
      /** Also write the JSON report to this file, whole or not at all. */
      readonly out: string | null;
      readonly watch: boolean;
      /** Show every test's trace, passing ones too. */
      readonly trace: boolean;
      /** Grade this many times and flag tests whose outcome changed. */
      readonly repeat: number;
    }
  | {
      readonly kind: 'batch';
      /** A folder with one sub-folder per submission, each laid out like exercises/. */
      readonly folder: string;
      readonly exercises: readonly string[];
      /** One report per line (JSON Lines) on stdout, nothing else. */
      readonly json: boolean;
      /** A folder to write each submission's report and the gradebook (gradebook.csv) into. */
      readonly out: string | null;
    }
  | { readonly kind: 'hint'; readonly exercise: string }
  | { readonly kind: 'quiz'; readonly exercise: string; readonly answers: Readonly<Record<string, string>> }
  | { readonly kind: 'list' }
  | { readonly kind: 'reset'; readonly exercise: string; readonly yes: boolean }
  | { readonly kind: 'help' };

export type TargetChoice =
  | { readonly kind: 'exercises' }
  | { readonly kind: 'solutions' }
  | { readonly kind: 'dir'; readonly dir: string };

export interface Invocation {
  readonly command: Command;
  readonly target: TargetChoice;
  readonly stage: Stage | null;
  readonly timeLimitMs: number | null;
  /** --deadline, in milliseconds: the whole grade's budget. */
  readonly deadlineMs: number | null;
  readonly color: boolean | null;
}

export class ArgsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArgsError';
  }
}

export const HELP = `Real-time Remix grader

Usage: npm run grade -- [exercise ...] [options]
       npm run grade -- <command> [exercise] [options]

Grading
  (no exercise)          grade every exercise
  01 03                  grade only these exercises
  --stage <stage>        only the tests of one lifecycle stage:
                         ${STAGES.join(', ')}
  --watch                re-grade an exercise each time you save it (npm start does this)
  --json                 print the report as JSON (grader/schema/grade-report.schema.json), nothing else
  --out <file>           also write the JSON report to <file>: whole, once the grade has ended, or
                         not at all (a grade that is stopped leaves the file as it was)
  --trace                show what every test saw on the wire as an Execution Table, passing
                         tests too (failing tests always show theirs)
  --repeat <n>           grade n times and flag every test whose outcome changed (flaky)

Commands
  hint <exercise>        show the next hint for an exercise (each call reveals one more)
  quiz <exercise>        answer the lesson's quiz; answers are saved in the exercise folder
                         and graded. Non-interactive: --answer q1=B --answer q2=A
  list                   progress by exercise and by stage
  batch <folder> [exercise ...]
                         grade every sub-folder of <folder> (one submission each, laid out like
                         exercises/) in one run, each apart: a row per submission; --json prints
                         one report per line; --out <dir> writes <dir>/<submission>.json and
                         <dir>/gradebook.csv
  reset <exercise>       restore an exercise's starter files (asks first; --yes skips the question)

Where the code comes from
  (default)              exercises/
  --solutions            solutions/
  --target <dir>         any folder laid out like exercises/ (a student's copy)

Other
  --time-limit <ms>      how long code may block a test process (an endless loop) before the
                         grader stops it (default 5000); awaiting is bounded by each test's own timeout
  --deadline <seconds>   how long the whole grade may take (default 1800): what still runs then
                         is stopped, and its tests are reported as timed out or not run
  --no-color             plain output (NO_COLOR=1 does the same)
  -h, --help             this help

Exit status: 0 when every selected exercise passes (and, with --repeat, no test changed its
outcome; with batch, in every submission), 1 when one does not, 2 on a usage error.

Type errors in your files are listed under each exercise; they do not cost points. When the
grader's own files differ from the shipped ones (grader/integrity.json), every report is
marked UNOFFICIAL.`;

const COMMANDS = new Set(['hint', 'quiz', 'list', 'reset', 'batch', 'help']);

export function parseArgs(argv: readonly string[]): Invocation {
  const positional: string[] = [];
  const answers: Record<string, string> = {};
  let target: TargetChoice = { kind: 'exercises' };
  let stage: Stage | null = null;
  let timeLimitMs: number | null = null;
  let deadlineMs: number | null = null;
  let color: boolean | null = null;
  let json = false;
  let out: string | null = null;
  let watch = false;
  let trace = false;
  let repeat = 1;
  let yes = false;
  let help = false;

  const args = [...argv];
  const valueOf = (flag: string): string => {
    const value = args.shift();
    if (value === undefined || value.startsWith('--')) throw new ArgsError(`${flag} needs a value`);
    return value;
  };

  while (args.length > 0) {
    const arg = args.shift() as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (inline !== undefined) args.unshift(inline);
    switch (flag) {
      case '--solutions':
        target = { kind: 'solutions' };
        break;
      case '--target':
        target = { kind: 'dir', dir: valueOf(flag) };
        break;
      case '--stage': {
        const value = valueOf(flag);
        if (!isStage(value)) throw new ArgsError(`"${value}" is not a stage. Stages: ${STAGES.join(', ')}`);
        stage = value;
        break;
      }
      case '--time-limit': {
        const value = Number(valueOf(flag));
        if (!Number.isInteger(value) || value < 100) throw new ArgsError('--time-limit takes a whole number of milliseconds, at least 100');
        timeLimitMs = value;
        break;
      }
      case '--answer': {
        const match = /^(q\d+)=([A-Da-d])$/.exec(valueOf(flag));
        if (!match) throw new ArgsError('--answer takes a question and a letter, like --answer q1=B');
        answers[match[1] as string] = (match[2] as string).toUpperCase();
        break;
      }
      case '--json':
        json = true;
        break;
      case '--out':
        out = valueOf(flag);
        break;
      case '--watch':
        watch = true;
        break;
      case '--trace':
        trace = true;
        break;
      case '--deadline': {
        const value = Number(valueOf(flag));
        if (!Number.isFinite(value) || value <= 0 || value > 24 * 3600) throw new ArgsError('--deadline takes a number of seconds, more than 0 and at most 86400');
        deadlineMs = Math.round(value * 1000);
        break;
      }
      case '--repeat': {
        const value = Number(valueOf(flag));
        if (!Number.isInteger(value) || value < 1 || value > 100) throw new ArgsError('--repeat takes a whole number from 1 to 100');
        repeat = value;
        break;
      }
      case '--yes':
      case '-y':
        yes = true;
        break;
      case '--no-color':
        color = false;
        break;
      case '--color':
        color = true;
        break;
      case '--help':
      case '-h':
        help = true;
        break;
      default:
        if (flag.startsWith('-')) throw new ArgsError(`Unknown option ${flag}`);
        positional.push(flag);
    }
  }

  const common = { target, stage, timeLimitMs, deadlineMs, color };
  if (help) return { ...common, command: { kind: 'help' } };

  const first = positional[0];
  if (first !== undefined && COMMANDS.has(first)) {
    const rest = positional.slice(1);
    const one = (): string => {
      if (rest.length !== 1) throw new ArgsError(`${first} takes one exercise, like: npm run grade -- ${first} 01`);
      return rest[0] as string;
    };
    switch (first) {
      case 'hint':
        return { ...common, command: { kind: 'hint', exercise: one() } };
      case 'quiz':
        return { ...common, command: { kind: 'quiz', exercise: one(), answers } };
      case 'reset':
        return { ...common, command: { kind: 'reset', exercise: one(), yes } };
      case 'batch': {
        const [folder, ...exercises] = rest;
        if (folder === undefined) throw new ArgsError('batch takes a folder of submissions, like: npm run grade -- batch submissions/');
        if (target.kind !== 'exercises') throw new ArgsError('batch grades the sub-folders of its folder: --target and --solutions do not go with it');
        if (watch || repeat > 1 || trace) throw new ArgsError('--watch, --repeat and --trace do not go with batch');
        return { ...common, command: { kind: 'batch', folder, exercises, json, out } };
      }
      case 'list':
        if (rest.length > 0) throw new ArgsError('list takes no exercise');
        return { ...common, command: { kind: 'list' } };
      default:
        return { ...common, command: { kind: 'help' } };
    }
  }
  if (json && watch) throw new ArgsError('--json and --watch do not go together');
  if (out !== null && watch) throw new ArgsError('--out and --watch do not go together');
  if (repeat > 1 && watch) throw new ArgsError('--repeat and --watch do not go together');
  return { ...common, command: { kind: 'grade', exercises: positional, json, out, watch, trace, repeat } };
}
