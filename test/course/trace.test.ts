/** The seed lesson's Execution Table, produced from a real run on the wire. */
import { rmSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { traceOfResult, type TestResult } from '../../grader/engine/results';
import { gradeJson, runCli } from '../helpers/cli';
import { partialTarget } from '../fixtures/partial';

const endToEnd = (tests: readonly TestResult[] | undefined): TestResult | undefined => tests?.find((t) => t.id === 'lifecycle-end-to-end');
const traced = (result: TestResult | undefined) => result && traceOfResult(result);

describe('lesson 01 traced', () => {
  test("the solution's run is the seed's eight-row table, ending with both sides Closed", async () => {
    const { report } = await gradeJson(['01', '--solutions', '--trace']);
    const trace = traced(endToEnd(report.exercises[0]?.tests));
    expect(trace?.divergence).toBeNull();
    expect(trace?.steps.map((s) => [s.kind, s.actor, s.client, s.server, s.text ?? null])).toEqual([
      ['connect', 'client', 'Connecting', 'Waiting for connection', null],
      ['accept', 'server', 'Open', 'Open', null],
      ['send', 'client', 'Open', 'Open', 'Hello Server'],
      ['receive', 'server', 'Open', 'Open', 'Hello Server'],
      ['send', 'server', 'Open', 'Open', 'Hello Client'],
      ['receive', 'client', 'Open', 'Open', 'Hello Client'],
      ['stay-open', 'server', 'Open', 'Open', null],
      ['close', 'client', 'Closed', 'Closed', null],
    ]);
    expect(trace?.steps.map((s) => s.stage)).toEqual([
      'connect',
      'open',
      'client-send',
      'server-receive',
      'server-send',
      'client-receive',
      'keep-alive',
      'close',
    ]);
    expect(trace?.steps[7]?.code).toBe(1000);
  });

  test("the starter's table stops before the first step, which is marked as expected", async () => {
    const { report } = await gradeJson(['01']);
    const result = endToEnd(report.exercises[0]?.tests);
    expect(result?.status).toBe('failed');
    expect(traced(result)?.steps).toEqual([]);
    expect(traced(result)?.divergence).toMatchObject({ index: 0, expected: 'Client creates WebSocket connection', observed: null });
  });

  test('a server that never replies: the table stops after it received the greeting, and marks the reply as missing', async () => {
    const target = partialTarget('01-websocket-lifecycle', 'server.ts', 'server-send');
    try {
      const { report } = await gradeJson(['01', '--target', target]);
      const result = endToEnd(report.exercises[0]?.tests);
      expect(result?.status).toBe('timeout');
      expect(traced(result)?.steps.map((s) => s.kind)).toEqual(['connect', 'accept', 'send', 'receive', 'stay-open']);
      expect(traced(result)?.steps.at(-1)?.result).toContain('then the test ended');
      expect(traced(result)?.divergence).toEqual({ index: 4, expected: "Server sends 'Hello Client'", observed: 'Connection remains open for more messages' });

      const terminal = await runCli(['01', '--target', target, '--stage', 'close']);
      expect(terminal.stdout).toContain('Execution Table');
      expect(terminal.stdout).toMatch(/✗ 5 +Connection remains open for more messages/);
      expect(terminal.stdout).toContain("expected here: Server sends 'Hello Client'");
      expect(terminal.stdout).toContain('Variable Tracker');
    } finally {
      rmSync(target, { recursive: true, force: true });
    }
  });
});
