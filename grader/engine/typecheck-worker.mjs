// Type-checks learner files in a worker thread, beside the test run.
// Plain JavaScript: the TypeScript compiler API needs no transpiling.
import { parentPort, workerData } from 'node:worker_threads';
import { resolve } from 'node:path';
import ts from 'typescript';
import { standaloneOptions } from './ts-options.mjs';

/** @type {{ files: string[]; repoRoot: string }} */
const { files, repoRoot } = workerData;
const program = ts.createProgram(files, standaloneOptions(ts, repoRoot));
// TypeScript names files with '/' on every platform: compared as resolved paths, so Windows' '\\' paths match too.
const wanted = new Set(files.map((f) => resolve(f)));
const diagnostics = ts
  .getPreEmitDiagnostics(program)
  .filter((d) => d.file && wanted.has(resolve(d.file.fileName)) && d.category === ts.DiagnosticCategory.Error)
  .map((d) => {
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
    const text = ts.flattenDiagnosticMessageText(d.messageText, ' ');
    return { file: resolve(d.file.fileName), line: line + 1, column: character + 1, message: `${text} (TS${d.code})` };
  });
parentPort.postMessage(diagnostics);
