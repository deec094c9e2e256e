/**
 * The CLI's faces are subscribers to the grade's events (engine/events.ts):
 * they show a report when its grade ends, never by re-reading what grade()
 * returned. A face that fails to show (an --out file that cannot be written)
 * keeps its error for the CLI to report once the grade is over, since the
 * engine does not let a face's mistake stop a grade.
 */
import type { GradeEvent } from '../engine/events';
import { flakyTests, type GradeReport } from '../engine/results';

/** A subscriber to a run of many targets: told each event and whose it is. */
export type RunListener = (event: GradeEvent, target: number) => void;

/** Hands `then` each target's report as its grade ends. */
export function onReport(then: (report: GradeReport, target: number) => void): RunListener {
  return (event, target) => {
    if (event.kind === 'grade-ended') then(event.report, target);
  };
}

/**
 * --repeat: `runs` grades of one target in one run, folded into the first report with the
 * tests whose outcome changed, handed to `then` once the last of them has ended.
 */
export function foldRepeats(runs: number, then: (report: GradeReport) => void): RunListener {
  const reports = new Map<number, GradeReport>();
  return onReport((report, target) => {
    reports.set(target, report);
    if (reports.size < runs) return;
    const ordered = [...reports].sort(([a], [b]) => a - b).map(([, r]) => r);
    const first = ordered[0] as GradeReport;
    then(runs === 1 ? first : { ...first, repetition: { runs, flaky: flakyTests(ordered) } });
  });
}

/** Runs `show` and keeps what it threw, for the CLI to rethrow after the grade. */
export class Shown<T> {
  private value: T | undefined;
  private failure: unknown;
  private failed = false;

  constructor(private readonly show: (value: T) => void) {}

  readonly take = (value: T): void => {
    this.value = value;
    try {
      this.show(value);
    } catch (error) {
      this.failed = true;
      this.failure = error;
    }
  };

  /** What was shown, once the grade is over; throws what showing it threw. */
  result(): T {
    if (this.failed) throw this.failure;
    if (this.value === undefined) throw new Error('the grade ended without a report');
    return this.value;
  }
}
