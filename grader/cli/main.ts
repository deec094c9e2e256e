/** `npm run grade -- …`: parses arguments, runs one command, sets the exit status. */
import { ArgsError, HELP, parseArgs, type Invocation } from './args';
import { gradeMany, resolveTarget, UsageError } from '../engine/grade';
import { abortAll } from '../engine/on-abort';
import { allPassed, type GradeReport } from '../engine/results';
import { DEFAULT_TARGET, SOLUTIONS_DIR } from '../engine/paths';
import { findExercise } from '../manifest';
import { chooseStyle } from '../reporters/style';
import { renderReport } from '../reporters/terminal';
import { toJson, writeReportFile } from '../reporters/json';
import { hintCommand, listCommand, quizCommand, resetCommand, type Io } from './commands';
import { peekHint } from './hints';
import { watch } from './watch';
import { batchCommand } from './batch';
import { foldRepeats, Shown } from './faces';

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
    case 'batch': {
      const stdout = process.stdout.write.bind(process.stdout);
      const batchIo = { ...io, err: (text: string) => process.stderr.write(`${text}\n`), data: (text: string) => stdout(text) };
      const run = () => batchCommand(command, { stage: invocation.stage, ...timeLimit }, batchIo);
      return command.json ? withStdoutOnStderr(run) : run();
    }
    case 'grade': {
      if (command.watch) return watch({ io, exercises: command.exercises, stage: invocation.stage, ...timeLimit });
      // The face subscribes to the grade's events and shows the report when the grade ends: --json as one
      // write of the whole document (a grade stopped earlier prints nothing on stdout), else the terminal report.
      const stdout = process.stdout.write.bind(process.stdout);
      const face = new Shown<GradeReport>((report) => {
        if (command.out !== null) writeReportFile(command.out, report);
        if (command.json) {
          stdout(`${toJson(report)}\n`);
          return;
        }
        io.out(renderReport(report, { style, nextHint: (id) => { const e = findExercise(id); return e ? peekHint(e) : null; } }));
        if (!report.official) process.stderr.write('UNOFFICIAL RESULT: the grader\'s own files were changed (see the top of the report).\n');
      });
      // --repeat n grades the target n times in one run, each time apart (engine gradeMany); --deadline is per grade.
      const run = () =>
        gradeMany({
          exercises: command.exercises,
          stage: invocation.stage,
          targets: Array.from({ length: command.repeat }, () => io.targetDir),
          traceAll: command.trace,
          ...(invocation.timeLimitMs ? { timeLimitMs: invocation.timeLimitMs } : {}),
          ...(invocation.deadlineMs ? { deadlineMs: invocation.deadlineMs * command.repeat } : {}),
          onEvent: foldRepeats(command.repeat, face.take),
        });
      await (command.json ? withStdoutOnStderr(run) : run());
      return allPassed(face.result()) ? 0 : 1;
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
