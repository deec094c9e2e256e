// Type-checks learner files in a worker thread, beside the test run.
// Plain JavaScript: the TypeScript compiler API needs no transpiling.
import { parentPort, workerData } from 'node:worker_threads';
import { relative } from 'node:path';
import ts from 'typescript';
import { standaloneOptions } from './ts-options.mjs';

/** @type {{ files: string[]; repoRoot: string; relativeTo: string }} */
const { files, repoRoot, relativeTo } = workerData;
const program = ts.createProgram(files, standaloneOptions(ts, repoRoot));
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
