// The compiler options for checking code on its own: learner files (the grade's
// type errors) and lesson code blocks (npm test). Strict, like the course, and
// able to find the course's packages from a folder outside the repository.
import { join } from 'node:path';

/** @param {typeof import('typescript')} ts @param {string} repoRoot */
export function standaloneOptions(ts, repoRoot) {
  const modules = join(repoRoot, 'node_modules');
  return {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    jsx: ts.JsxEmit.ReactJSX,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    types: ['node'],
    typeRoots: [join(modules, '@types')],
    paths: { '*': [join(modules, '@types', '*'), join(modules, '*')] },
  };
}
