/** `npm run grade -- …`: parses arguments, runs one command, sets the exit status. */
import { ArgsError, HELP, parseArgs, type Invocation } from './args';
import { grade, resolveTarget, UsageError } from '../engine/grade';
import { abortAll } from '../engine/on-abort';
import { allPassed, flakyTests } from '../engine/results';
import { DEFAULT_TARGET, SOLUTIONS_DIR } from '../engine/paths';
import { findExercise } from '../manifest';
import { chooseStyle } from '../reporters/style';
import { renderReport } from '../reporters/terminal';
import { toJson, writeReportFile } from '../reporters/json';
import { hintCommand, listCommand, quizCommand, resetCommand, type Io } from './commands';
import { peekHint } from './hints';
import { watch } from './watch';

function targetOf(invocation: Invocation): string {
  const t = invocation.target;
  return resolveTarget(t.kind === 'solutions' ? SOLUTIONS_DIR : t.kind === 'dir' ? t.dir : DEFAULT_TARGET);
}

/** Keeps stdout for the JSON document alone: anything else printed meanwhile goes to stderr. */
async function withStdoutOnStderr<T>(work: () => Promise<T>): Promise<T> {
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  try {
    return await work();
  } finally {
    process.stdout.write = write;
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  const invocation = parseArgs(argv);
  const style = chooseStyle(invocation.color, process.stdout, process.env);
  const command = invocation.command;
  if (command.kind === 'help') {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const io: Io = { out: (text) => process.stdout.write(`${text}\n`), style, targetDir: targetOf(invocation) };
  const timeLimit = {
    ...(invocation.timeLimitMs ? { timeLimitMs: invocation.timeLimitMs } : {}),
    ...(invocation.deadlineMs ? { deadlineMs: invocation.deadlineMs } : {}),
  };

  switch (command.kind) {
    case 'hint':
      return hintCommand(command.exercise, io);
    case 'quiz':
      return quizCommand(command.exercise, command.answers, io);
    case 'reset':
      return resetCommand(command.exercise, command.yes, io);
    case 'list':
      return listCommand(invocation, io);
    case 'grade': {
      if (command.watch) return watch({ io, exercises: command.exercises, stage: invocation.stage, ...timeLimit });
      const options = { exercises: command.exercises, stage: invocation.stage, target: io.targetDir, traceAll: command.trace, ...timeLimit };
      const gradeRepeatedly = async () => {
        const reports = [];
        for (let i = 0; i < command.repeat; i++) reports.push(await grade(options));
        const [first] = reports;
        if (!first) throw new Error('no grade ran');
        return command.repeat === 1 ? first : { ...first, repetition: { runs: command.repeat, flaky: flakyTests(reports) } };
      };
      if (command.json) {
        const report = await withStdoutOnStderr(gradeRepeatedly);
        if (command.out !== null) writeReportFile(command.out, report);
        // One write of the whole document, after the grade: a grade stopped earlier prints nothing on stdout.
        process.stdout.write(`${toJson(report)}\n`);
        return allPassed(report) ? 0 : 1;
      }
      const report = await gradeRepeatedly();
      if (command.out !== null) writeReportFile(command.out, report);
      io.out(renderReport(report, { style, nextHint: (id) => { const e = findExercise(id); return e ? peekHint(e) : null; } }));
      if (!report.official) process.stderr.write('UNOFFICIAL RESULT: the grader\'s own files were changed (see the top of the report).\n');
      return allPassed(report) ? 0 : 1;
    }
  }
}

// Stopped mid-grade (Ctrl+C, SIGTERM, a closed terminal): the runner leads its own process group, so the
// signal does not reach it; stop what the grade started and remove its staged copy, then end as signalled.
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
  process.on(signal, () => {
    abortAll();
    process.exit(code);
  });
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    if (error instanceof ArgsError || error instanceof UsageError) {
      process.stderr.write(`${error.message}\nRun npm run grade -- --help for usage.\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`The grader itself failed; this is a bug in the course, not in your code:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 3;
  },
);
