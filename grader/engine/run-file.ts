/**
 * One Vitest run grades many targets (submissions): each target is a Vitest
 * project of its own, named by its label, so the same graded test file runs
 * once per target, in a worker of its own. Wherever the run's events name a
 * test file, they name it together with its target's label, as a run file
 * ("t3|/…/tests/open.test.ts"); the engine splits the run's observation by
 * label before anything is graded, so each target's results are built from
 * its own events alone.
 */

/** Set in each project's workers: the label of the target they grade. */
export const RUN_LABEL_ENV = 'GRADER_RUN_LABEL';

/** The label of the index-th target of a run. Labels never contain the separator. */
export const targetLabel = (index: number): string => `t${index}`;

const SEPARATOR = '|';

export function runFile(label: string, path: string): string {
  return `${label}${SEPARATOR}${path}`;
}

/** The label and the test file's path of a run file; null for a name that is not one. */
export function splitRunFile(name: string): { readonly label: string; readonly path: string } | null {
  const cut = name.indexOf(SEPARATOR);
  if (cut <= 0) return null;
  return { label: name.slice(0, cut), path: name.slice(cut + 1) };
}

/** The run file of the test file a graded test's worker runs (harness/worker-setup.ts, harness/exercise.ts). */
export function thisWorkersRunFile(path: string): string {
  return runFile(process.env[RUN_LABEL_ENV] ?? targetLabel(0), path);
}
