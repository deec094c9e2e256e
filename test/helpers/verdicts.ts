/** What two grades of the same code must agree on, whatever ran them: a report without its timing, its paths or its ports. */
import { reasonOf, type GradeReport } from '../../grader/engine/results';

/** A reason without the loopback ports its run happened to get. */
export const portless = (reason: string | undefined): string | undefined => reason?.replace(/(127\.0\.0\.1|localhost):\d+/g, '$1:<port>');

/** Everything a report says about the code, without where it came from, how long it took, or its ports. */
export function verdicts(report: GradeReport) {
  return {
    official: report.official,
    integrity: report.integrity,
    isolation: report.isolation,
    score: report.score,
    exercises: report.exercises.map((e) => ({
      id: e.id,
      status: e.status,
      score: e.score,
      typeErrors: e.typeErrors,
      tests: e.tests.map((t) => ({ id: t.id, status: t.status, points: t.points, reason: portless(reasonOf(t)) })),
    })),
  };
}
