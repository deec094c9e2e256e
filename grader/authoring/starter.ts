/**
 * Starters are generated from solutions, so the two can only differ inside
 * marked regions (Rustlings keeps them apart by hand and they drift).
 *
 * In a solution:
 *     // #region TODO(stage): what to do, in one line
 *     // more lines of the TODO text (optional, directly below)
 *     // starter: code that only the starter has (optional, any number)
 *     ...solution code...
 *     // #endregion
 * becomes, in the starter:
 *     // TODO(stage): what to do, in one line
 *     // more lines of the TODO text
 *     code that only the starter has
 */
import { isStage, type Stage } from '../engine/stages';

const REGION_START = /^(\s*)\/\/ #region TODO\(([a-z-]+)\): (.*)$/;
const REGION_END = /^\s*\/\/ #endregion\s*$/;
const STARTER_LINE = /^\s*\/\/ starter: (.*)$/;
const COMMENT_LINE = /^\s*\/\/ ?(.*)$/;

export interface TodoRegion {
  readonly stage: Stage;
  readonly text: string;
  /** 1-based line of the `#region` marker in the solution. */
  readonly line: number;
  /** 1-based line of its `#endregion` marker. */
  readonly endLine: number;
}

export class StarterMarkupError extends Error {
  constructor(file: string, line: number, problem: string) {
    super(`${file}:${line}: ${problem}`);
    this.name = 'StarterMarkupError';
  }
}

export interface Starter {
  readonly source: string;
  readonly regions: readonly TodoRegion[];
  /** The solution with the markup taken out (markers, TODO text, starter lines): what a later stage is given. */
  readonly solution: string;
}

export function starterFromSolution(solution: string, file = 'solution'): Starter {
  const out: string[] = [];
  const clean: string[] = [];
  const regions: Array<Omit<TodoRegion, 'endLine'> & { endLine: number }> = [];
  let open: { indent: string; inHeader: boolean; line: number } | null = null;

  solution.split('\n').forEach((line, index) => {
    const lineNo = index + 1;
    const start = REGION_START.exec(line);
    if (start) {
      if (open) throw new StarterMarkupError(file, lineNo, 'TODO regions cannot nest');
      const [, indent = '', stage = '', text = ''] = start;
      if (!isStage(stage)) throw new StarterMarkupError(file, lineNo, `"${stage}" is not a lifecycle stage`);
      regions.push({ stage, text, line: lineNo, endLine: lineNo });
      out.push(`${indent}// TODO(${stage}): ${text}`);
      open = { indent, inHeader: true, line: lineNo };
      return;
    }
    if (!open) {
      if (REGION_END.test(line)) throw new StarterMarkupError(file, lineNo, '#endregion without #region');
      out.push(line);
      clean.push(line);
      return;
    }
    if (REGION_END.test(line)) {
      const region = regions[regions.length - 1];
      if (region) region.endLine = lineNo;
      open = null;
      return;
    }
    const starterLine = STARTER_LINE.exec(line);
    if (starterLine) {
      out.push(`${open.indent}${starterLine[1]}`);
      return;
    }
    const comment = COMMENT_LINE.exec(line);
    if (open.inHeader && comment) {
      out.push(`${open.indent}// ${comment[1]}`.trimEnd());
      return;
    }
    open.inHeader = false; // solution code: left out of the starter
    clean.push(line);
  });

  if (open) throw new StarterMarkupError(file, (open as { line: number }).line, '#region TODO is never closed');
  return { source: out.join('\n'), regions, solution: clean.join('\n') };
}
