/**
 * A Vite plugin for the runner: every course file a test worker loads
 * (grader/, shared/) is read once, checked against the checksum the grade
 * started with, and handed over as read, so the code a worker runs is the
 * code that was checked. A file changed since (by a submission that reached
 * the file system, say) is not run: its module fails to load, and the run
 * records which file it was, which makes the report unofficial.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { Plugin } from 'vite';
import { REPO_ROOT } from './paths';


export function loadCheck(expected: Readonly<Record<string, string>>, onTampered: (file: string) => void): Plugin {
  return {
    name: 'grader-load-check',
    enforce: 'pre',
    load(id) {
      const path = id.split('?')[0] ?? id;
      const rel = relative(REPO_ROOT, path).split(sep).join('/');
      if (rel.startsWith('..') || !(rel.startsWith('grader/') || rel.startsWith('shared/'))) return null;
      let code: Buffer;
      try {
        code = readFileSync(path);
      } catch {
        return null;
      }
      const sum = createHash('sha256').update(code).digest('hex');
      if (expected[rel] !== sum) {
        onTampered(rel);
        throw new Error(`${rel} is not the file the grade started with (its checksum differs), so it was not run`);
      }
      return code.toString('utf8');
    },
  };
}
