// Type-checks learner files in a worker thread, beside the test run.
// Plain JavaScript: the TypeScript compiler API needs no transpiling.
import { parentPort, workerData } from 'node:worker_threads';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** @type {{ files: string[]; repoRoot: string; relativeTo: string }} */
const { files, repoRoot, relativeTo } = workerData;
const modules = join(repoRoot, 'node_modules');
const program = ts.createProgram(files, {
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
  // A target outside the repository still finds the course's packages.
  paths: { '*': [join(modules, '@types', '*'), join(modules, '*')] },
});
const wanted = new Set(files);
const diagnostics = ts
  .getPreEmitDiagnostics(program)
  .filter((d) => d.file && wanted.has(d.file.fileName) && d.category === ts.DiagnosticCategory.Error)
  .map((d) => {
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
    const text = ts.flattenDiagnosticMessageText(d.messageText, ' ');
    return { file: relative(relativeTo, d.file.fileName), line: line + 1, column: character + 1, message: `${text} (TS${d.code})` };
  });
parentPort.postMessage(diagnostics);
