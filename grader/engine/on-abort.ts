/**
 * What must happen if the grader is told to stop mid-grade (Ctrl+C, SIGTERM,
 * a closed terminal): the runner's process group and the subjects stopped,
 * the staged copy removed. Faces install the signal handlers (the CLI's
 * main.ts); the engine registers what it has running.
 */
const pending = new Set<() => void>();

/** Registers `undo` until the returned function is called (when the work ended normally). */
export function onAbort(undo: () => void): () => void {
  pending.add(undo);
  return () => pending.delete(undo);
}

/** Runs every registered undo, newest first; one that throws does not stop the others. */
export function abortAll(): void {
  for (const undo of [...pending].reverse()) {
    pending.delete(undo);
    try {
      undo();
    } catch {
      // keep going: the rest must still be stopped
    }
  }
}
