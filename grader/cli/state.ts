/** Per-checkout grader memory (hints already shown), in the git-ignored .grader/ folder. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATE_DIR } from '../engine/paths';

interface State {
  hintsSeen: Record<string, number>;
}

const FILE = join(STATE_DIR, 'state.json');

export function readState(): State {
  try {
    const parsed = JSON.parse(readFileSync(FILE, 'utf8')) as Partial<State>;
    return { hintsSeen: { ...(parsed.hintsSeen ?? {}) } };
  } catch {
    return { hintsSeen: {} };
  }
}

export function writeState(state: State): void {
  mkdirSync(STATE_DIR, { recursive: true });
  writeFileSync(FILE, `${JSON.stringify(state, null, 2)}\n`);
}
