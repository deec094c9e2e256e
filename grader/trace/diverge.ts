import type { Divergence, ExpectedStep, TraceStep } from './types';

export function matches(step: TraceStep, expected: ExpectedStep): boolean {
  return (
    step.kind === expected.kind &&
    step.actor === expected.actor &&
    (expected.text === undefined || step.text === expected.text) &&
    (expected.code === undefined || step.code === expected.code)
  );
}

/**
 * Where a failed run left the expected path. With an expected script, the first
 * step that does not match it (or the first one missing); without one, the end
 * of the trace, where the failure says what should have come next.
 */
export function findDivergence(
  steps: readonly TraceStep[],
  expected: readonly ExpectedStep[] | null,
  failure: string | undefined,
): Divergence | null {
  if (expected) {
    for (const [index, want] of expected.entries()) {
      const seen = steps[index];
      if (!seen || !matches(seen, want)) return { index, expected: want.action, observed: seen ? seen.action : null };
    }
    return failure ? { index: steps.length, expected: failure, observed: null } : null;
  }
  return failure ? { index: steps.length, expected: failure, observed: null } : null;
}
