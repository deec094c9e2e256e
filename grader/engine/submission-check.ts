/**
 * What a grade refuses or flags in a submission before any of it runs:
 * symbolic links (never followed: a link could point at the reference
 * solution, or anywhere on the instructor's machine), and imports that reach
 * outside the learner's own exercise folder (the reference solution, the
 * graded tests, another exercise). Pure functions over paths and text; the
 * staging step (engine/staging.ts) does the I/O.
 */
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, normalize, relative, sep } from 'node:path';
import type ts from 'typescript';

// TypeScript takes half a second to load: loaded when a grade first stages a file, by which time its
// runner is starting on another core (engine/grade.ts), not when the CLI starts.
let typescript: typeof ts | null = null;
const scanner = (): typeof ts => (typescript ??= createRequire(import.meta.url)('typescript') as typeof ts);

/**
 * The string specifiers of every import, re-export, import() and require() in
 * the source, as TypeScript's own scanner reads them (text inside strings and
 * comments is not an import). A computed one (import(path)) cannot be read
 * from the source, and given code uses them (a server imports its build):
 * those are left to the sandbox, which does not show the subject the course's
 * other folders.
 */
export function importSpecifiers(source: string): string[] {
  const { importedFiles } = scanner().preProcessFile(source, true, true);
  return [...new Set(importedFiles.map((f) => f.fileName))];
}

const isWithin = (root: string, path: string): boolean => {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/**
 * The imports of `file` (a path inside the exercise folder `exerciseDir`) that
 * lead outside it, described for the report. Packages (bare names such as
 * 'ws' or 'node:fs') are fine; so is the course's shared/ folder, which the
 * given code of every snapshot imports.
 */
export function outsideImports(exerciseDir: string, sharedDir: string, file: string, source: string): string[] {
  const specifiers = importSpecifiers(source);
  const shown = relative(dirname(exerciseDir), file).split(sep).join('/');
  const problems: string[] = [];
  for (const specifier of specifiers) {
    const local = specifier.startsWith('.') || specifier.startsWith('/') || /^file:/i.test(specifier) || /^[A-Za-z]:[\\/]/.test(specifier);
    if (!local) continue;
    const path = specifier.startsWith('.') ? normalize(join(dirname(file), specifier)) : specifier;
    if (specifier.startsWith('.') && (isWithin(exerciseDir, path) || isWithin(sharedDir, path))) continue;
    problems.push(`${shown} imports '${specifier}', outside its exercise folder`);
  }
  return problems;
}
