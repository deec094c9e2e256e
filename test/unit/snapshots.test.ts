import { describe, expect, test } from 'vitest';
import { isCarriedCopy, planSnapshots, AuthoringError, type CourseFiles } from '../../grader/authoring/snapshots';
import type { ExerciseSpec } from '../../grader/manifest';

/** A course held in memory: path → text. */
function course(files: Record<string, string>): CourseFiles {
  return {
    list: (dir) =>
      Object.keys(files)
        .filter((p) => p.startsWith(`${dir}/`))
        .map((p) => p.slice(dir.length + 1))
        .sort(),
    read: (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: ${path}`);
      return text;
    },
  };
}

const exercise = (id: string, files: string[], more: Partial<ExerciseSpec> = {}): ExerciseSpec => ({
  id,
  slug: `${id}-x`,
  title: id,
  lesson: `lessons/${id}-x.md`,
  files,
  weightedStages: [],
  tests: [],
  hints: [],
  quiz: [],
  ...more,
});

const LEARNER = "export function f(): number {\n  // #region TODO(open): return the answer\n  // starter: return 0;\n  return 42;\n  // #endregion\n}\n";
const GIVEN = 'export const config = { port: 0 };\n';

const byPath = (plan: ReturnType<typeof planSnapshots>): Record<string, string> => Object.fromEntries(plan.files.map((f) => [f.path, f.source]));

describe('planSnapshots', () => {
  const first = exercise('01', ['server.ts']);
  const second = exercise('02', ['client.ts'], { continues: '01' });
  const third = exercise('03', ['client.ts'], { continues: '02' });
  const disk = {
    'solutions/01-x/server.ts': LEARNER,
    'solutions/01-x/config.ts': GIVEN,
    'solutions/02-x/client.ts': LEARNER,
    'solutions/03-x/client.ts': LEARNER,
  };

  test("a file the next stage does not write is carried over: the solution's code without markup, under a header naming where it comes from", () => {
    const files = byPath(planSnapshots([first, second, third], course(disk)));
    const carried = files['solutions/03-x/server.ts'] ?? '';
    expect(isCarriedCopy(carried)).toBe(true);
    // Through 02, from the stage that wrote it.
    expect(carried).toContain('unchanged since lesson 01');
    expect(carried).toContain('from\n// solutions/01-x/server.ts: edit that file, never this copy.');
    expect(carried.endsWith('export function f(): number {\n  return 42;\n}\n')).toBe(true);
    expect(carried).not.toMatch(/#region|#endregion|starter:|TODO/);
    expect(files['solutions/02-x/config.ts']).toBe(`${files['solutions/02-x/config.ts']?.split('\n').slice(0, 2).join('\n')}\n${GIVEN}`);
  });

  test('an exercise folder holds the starter of each learner file and every other file exactly as its solution', () => {
    const files = byPath(planSnapshots([first, second], course(disk)));
    expect(files['exercises/01-x/server.ts']).toBe('export function f(): number {\n  // TODO(open): return the answer\n  return 0;\n}\n');
    expect(files['exercises/01-x/config.ts']).toBe(GIVEN);
    expect(files['exercises/02-x/server.ts']).toBe(files['solutions/02-x/server.ts']);
    expect(Object.keys(files).filter((p) => p.startsWith('exercises/02-x/')).sort()).toEqual(['exercises/02-x/client.ts', 'exercises/02-x/config.ts', 'exercises/02-x/server.ts']);
  });

  test('a fresh start carries nothing', () => {
    const files = byPath(planSnapshots([first, exercise('02', ['client.ts'])], course(disk)));
    expect(Object.keys(files).filter((p) => p.startsWith('solutions/'))).toEqual([]);
  });

  test('a given file the stage changes is its own when declared, and an error naming the fix when not', () => {
    const changed = { ...disk, 'solutions/02-x/config.ts': 'export const config = { port: 3000 };\n' };
    const declared = byPath(planSnapshots([first, { ...second, givenChanges: ['config.ts'] }], course(changed)));
    expect(declared['exercises/02-x/config.ts']).toBe('export const config = { port: 3000 };\n');
    expect(declared['solutions/02-x/config.ts']).toBeUndefined(); // authored: nothing to generate there
    expect(() => planSnapshots([first, second], course(changed))).toThrow(
      new AuthoringError("solutions/02-x/config.ts is given by exercise 01: delete it (npm run starters carries it over), or list it in exercise 02's givenChanges if this stage changes it"),
    );
    expect(() => planSnapshots([first, { ...second, givenChanges: ['config.ts'] }], course(disk))).toThrow(/solutions\/02-x\/config.ts is missing: exercise 02 lists it in its manifest \(givenChanges\)/);
  });

  test('authoring markup outside the learner files, and a stage that continues a later one, are errors', () => {
    expect(() => planSnapshots([exercise('01', ['server.ts']), second], course({ ...disk, 'solutions/01-x/config.ts': LEARNER }))).toThrow(
      /solutions\/01-x\/config.ts has TODO regions, but the learner does not edit it in exercise 01/,
    );
    expect(() => planSnapshots([{ ...first, continues: '02' }, second], course(disk))).toThrow(/exercise 01 continues exercise 02, which is not an earlier exercise/);
  });

  test('a carried copy nothing carries any more, and a file of no snapshot in exercises/, are stale', () => {
    const files = byPath(planSnapshots([first, second], course(disk)));
    const leftover = files['solutions/02-x/server.ts'] ?? '';
    const plan = planSnapshots([first, exercise('02', ['client.ts'])], course({ ...disk, 'solutions/02-x/server.ts': leftover, 'exercises/02-x/notes.ts': '' }));
    expect(plan.stale).toEqual(['solutions/02-x/server.ts', 'exercises/02-x/notes.ts']);
  });

  test('a file with no known comment style cannot be carried', () => {
    expect(() => planSnapshots([first, second], course({ ...disk, 'solutions/01-x/data.json': '{}' }))).toThrow(/solutions\/01-x\/data.json cannot be carried over: no comment style/);
  });
});
