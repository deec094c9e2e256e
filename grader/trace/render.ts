/**
 * A test's trace as the seed lesson shows a run: the Execution Table, with the
 * first step that left the expected path marked, then the Variable Tracker.
 * Pure: trace in, lines out.
 */
import type { Style } from '../reporters/style';
import type { TestTrace, TraceStep } from './types';

const COLUMNS = [
  { title: 'Step', width: 5 },
  { title: 'Action', width: 44 },
  { title: 'Client', width: 11 },
  { title: 'Server', width: 22 },
  { title: 'Message', width: 38 },
  { title: 'Result', width: 56 },
] as const;

function cell(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat.padEnd(width);
}

const row = (cells: readonly string[], widths: readonly number[]): string =>
  cells.map((c, i) => cell(c, widths[i] ?? 10)).join(' ').trimEnd();

export function renderExecutionTable(trace: TestTrace, style: Style, indent = '        '): string[] {
  const widths = COLUMNS.map((c) => c.width);
  const lines = [style.bold(`${indent}Execution Table (what the grader saw on the wire)`), style.dim(indent + row(COLUMNS.map((c) => c.title), widths))];
  if (trace.steps.length === 0) lines.push(`${indent}${style.dim('(nothing: no connection was made)')}`);
  const divergence = trace.divergence;
  let previous = 0;
  for (const [index, step] of trace.steps.entries()) {
    // Kept steps keep their numbers: a jump is where a long trace was cut (grader/engine/bounded.ts).
    if (step.step > previous + 1 && previous > 0) lines.push(style.dim(`${indent}… ${step.step - previous - 1} steps omitted …`));
    previous = step.step;
    const line = row([String(step.step), step.action, step.client, step.server, step.message ?? 'None', step.result], widths);
    if (divergence && divergence.index === index) {
      lines.push(style.red(`${indent.slice(2)}✗ ${line}`));
      lines.push(style.yellow(`${indent}      expected here: ${divergence.expected}`));
    } else lines.push(indent + line);
  }
  if (divergence && divergence.index >= trace.steps.length) {
    lines.push(style.red(`${indent.slice(2)}✗ ${cell(String(trace.steps.length + 1), 5)} expected next: ${divergence.expected}`));
    lines.push(style.dim(`${indent}      not observed`));
  }
  return lines;
}

interface Variables {
  readonly client: string;
  readonly server: string;
  readonly sent: string;
  readonly received: string;
}

/** The four variables of the seed's tracker, after each step. */
export function trackVariables(steps: readonly TraceStep[]): Variables[] {
  let current: Variables = { client: 'not observed', server: 'not observed', sent: 'None', received: 'None' };
  const after: Variables[] = [current];
  for (const step of steps) {
    const text = step.message?.split(': ').slice(1).join(': ') ?? '';
    current = {
      client: step.client,
      server: step.server,
      sent: step.kind === 'send' ? text : current.sent,
      received: step.kind === 'receive' ? text : current.received,
    };
    after.push(current);
  }
  return after;
}

export function renderVariableTracker(trace: TestTrace, style: Style, indent = '        '): string[] {
  const values = trackVariables(trace.steps);
  // Start, then every step where something changed, at most 9 columns.
  const columns = values
    .map((v, i) => ({ v, i }))
    .filter(({ v, i }) => {
      const prev = values[i - 1];
      return i === 0 || !prev || prev.client !== v.client || prev.server !== v.server || prev.sent !== v.sent || prev.received !== v.received;
    })
    .slice(-9);
  if (columns[0]?.i !== 0) columns.unshift({ v: values[0] as Variables, i: 0 });
  const widths = [22, ...columns.map(() => 15)];
  const header = ['Variable', ...columns.map(({ i }) => (i === 0 ? 'Start' : `After ${i}`))];
  const rows: Array<[string, keyof Variables]> = [
    ['Client WebSocket state', 'client'],
    ['Server WebSocket state', 'server'],
    ['Last message sent', 'sent'],
    ['Last message received', 'received'],
  ];
  return [
    style.bold(`${indent}Variable Tracker`),
    style.dim(indent + row(header, widths)),
    ...rows.map(([label, key]) => indent + row([label, ...columns.map(({ v }) => v[key])], widths)),
  ];
}

export function renderTrace(trace: TestTrace, style: Style, indent = '        '): string[] {
  return [...renderExecutionTable(trace, style, indent), '', ...renderVariableTracker(trace, style, indent)];
}
