import { describe, expect, test } from 'vitest';
import { FrameReader } from '../../grader/harness/frames';
import { findDivergence } from '../../grader/trace/diverge';
import { renderTrace, trackVariables } from '../../grader/trace/render';
import type { TraceStep } from '../../grader/trace/types';
import { step } from '../../grader/harness/expected';
import { plain } from '../../grader/reporters/style';

/** A frame as a client sends it: masked (RFC 6455 §5.3). */
function maskedFrame(opcode: number, payload: Buffer, fin = true): Buffer {
  const mask = Buffer.from([1, 2, 3, 4]);
  const body = Buffer.from(payload.map((b, i) => b ^ (mask[i % 4] as number)));
  const head = payload.length < 126 ? Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | payload.length]) : Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([head, mask, body]);
}

describe('FrameReader', () => {
  test('reads masked text frames split across chunks', () => {
    const reader = new FrameReader();
    const frame = maskedFrame(0x1, Buffer.from('Hello Server'));
    expect(reader.push(frame.subarray(0, 5))).toEqual([]);
    const [message] = reader.push(frame.subarray(5));
    expect(message).toMatchObject({ kind: 'text', compressed: false });
    expect(message && 'payload' in message ? message.payload.toString() : null).toBe('Hello Server');
  });

  test('joins fragments, with a ping between them, and reads close codes and reasons', () => {
    const reader = new FrameReader();
    const close = Buffer.concat([Buffer.from([0x03, 0xe8]), Buffer.from('Done')]);
    const messages = reader.push(
      Buffer.concat([
        maskedFrame(0x1, Buffer.from('Hel'), false),
        maskedFrame(0x9, Buffer.alloc(0)),
        maskedFrame(0x0, Buffer.from('lo'), true),
        maskedFrame(0x8, close),
      ]),
    );
    expect(messages.map((m) => m.kind)).toEqual(['ping', 'text', 'close']);
    expect(messages[2]).toEqual({ kind: 'close', code: 1000, reason: 'Done' });
  });

  test('reads 16-bit lengths, and stops at bytes that are not frames', () => {
    const reader = new FrameReader();
    const [long] = reader.push(maskedFrame(0x2, Buffer.alloc(300, 7)));
    expect(long && 'payload' in long ? long.payload.length : 0).toBe(300);
    expect(reader.push(Buffer.from([0x83, 0x00]))).toEqual([]);
    expect(reader.broken).toMatch(/unknown opcode 3/);
  });
});

const observed = (kind: TraceStep['kind'], actor: TraceStep['actor'], extra: Partial<TraceStep> = {}): TraceStep => ({
  step: 1,
  atMs: 0,
  connection: 1,
  stage: 'connect',
  kind,
  actor,
  action: `${actor} ${kind}`,
  client: 'Open',
  server: 'Open',
  message: null,
  result: 'ok',
  ...extra,
});

describe('findDivergence', () => {
  const expected = [step.connect(), step.accept(), step.sends('client', 'Hello Server'), step.receives('server', 'Hello Server')];

  test('is the first step that differs from the script', () => {
    const steps = [observed('connect', 'client'), observed('accept', 'server'), observed('send', 'client', { text: 'hello server' })];
    expect(findDivergence(steps, expected, 'x')).toEqual({ index: 2, expected: "Client sends 'Hello Server'", observed: 'client send' });
  });

  test('is past the end when the run stopped early, and null when a passing run followed the script', () => {
    const steps = [observed('connect', 'client'), observed('accept', 'server')];
    expect(findDivergence(steps, expected, 'never sent')).toMatchObject({ index: 2, observed: null });
    const all = [...steps, observed('send', 'client', { text: 'Hello Server' }), observed('receive', 'server', { text: 'Hello Server' })];
    expect(findDivergence(all, expected, undefined)).toBeNull();
  });

  test('without a script, the failure is what was expected next', () => {
    expect(findDivergence([observed('connect', 'client')], null, 'the server never replied')).toEqual({
      index: 1,
      expected: 'the server never replied',
      observed: null,
    });
  });
});

describe('rendering', () => {
  const steps: TraceStep[] = [
    observed('connect', 'client', { step: 1, client: 'Connecting', server: 'Waiting for connection', action: 'Client creates WebSocket connection to /' }),
    observed('accept', 'server', { step: 2, action: 'Server accepts connection' }),
    observed('send', 'client', { step: 3, message: "Client -> Server: 'Hello Server'", text: 'Hello Server', action: "Client sends 'Hello Server'" }),
  ];

  test('the tracker carries states and last messages step by step, and never invents a start state', () => {
    const values = trackVariables(steps);
    expect(values[0]).toEqual({ client: 'not observed', server: 'not observed', sent: 'None', received: 'None' });
    expect(values[3]).toEqual({ client: 'Open', server: 'Open', sent: "'Hello Server'", received: 'None' });
  });

  test('the table marks the missing next step, and the tracker follows', () => {
    const divergence = { index: 3, expected: "Server sends 'Hello Client'", observed: null };
    const text = renderTrace({ steps, expected: null, divergence }, plain).join('\n');
    expect(text).toContain('Execution Table');
    expect(text).toMatch(/1 +Client creates WebSocket connection to \/ +Connecting +Waiting for connection/);
    expect(text).toMatch(/✗ 4 +expected next: Server sends 'Hello Client'/);
    expect(text).toContain('Variable Tracker');
    expect(text).toMatch(/Last message sent +None +None +None +'Hello Server'/);
  });
});
