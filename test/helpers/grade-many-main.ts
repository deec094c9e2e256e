/**
 * A child process for the course's own checks: reads a gradeMany() job as JSON
 * on stdin, grades it, and prints the reports as one JSON array on stdout. The
 * engine is called as the batch face calls it, with targets of their own
 * exercises, which the CLI has no words for.
 */
import { gradeMany, type ManyGradeOptions } from '../../grader/engine/grade';
import { abortAll } from '../../grader/engine/on-abort';

// Told to stop (test/helpers/grade-many.ts, on its limit): what the grade started is stopped first.
process.once('SIGTERM', () => {
  abortAll();
  process.exit(1);
});

let input = '';
for await (const chunk of process.stdin) input += String(chunk);
const job = JSON.parse(input) as Omit<ManyGradeOptions, 'onEvent'>;
// Anything the engine prints meanwhile goes to stderr: stdout is for the reports alone.
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
const reports = await gradeMany(job);
write(`${JSON.stringify(reports)}\n`, () => process.exit(0));
