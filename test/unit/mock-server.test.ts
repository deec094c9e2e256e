// @vitest-environment jsdom
/** The mock server graded browser tests use: what it records, what it traces, and that it cleans up. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { PROGRESS_ENV } from '../../grader/engine/paths';
import { startMockServer } from '../../grader/harness/mock-server';
import type { ProgressEvent } from '../../grader/harness/progress';
import { beginTrace, endTrace } from '../../grader/harness/recorder';
import { runCleanups } from '../../grader/harness/resources';
import type { TraceStep } from '../../grader/trace/types';

const URL_WS = 'ws://localhost:3000/ws';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const until = async (condition: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !condition(); i++) await sleep(5);
  expect(condition()).toBe(true);
};

let progressFile = '';
let saved: string | undefined;

beforeEach(() => {
  saved = process.env[PROGRESS_ENV];
  progressFile = join(mkdtempSync(join(tmpdir(), 'mock-server-')), 'progress.jsonl');
  process.env[PROGRESS_ENV] = progressFile;
  beginTrace('mock-server.test.ts', 'a test');
});

afterEach(async () => {
  endTrace();
  await runCleanups();
  if (saved === undefined) delete process.env[PROGRESS_ENV];
  else process.env[PROGRESS_ENV] = saved;
});

function steps(): TraceStep[] {
  return readFileSync(progressFile, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as ProgressEvent)
    .flatMap((event) => (event.kind === 'trace-step' ? [event.step] : []));
}

describe('startMockServer', () => {
  test('swaps the global WebSocket while it runs, and puts it back when stopped', () => {
    const original = globalThis.WebSocket;
    const server = startMockServer(URL_WS);
    expect(globalThis.WebSocket).not.toBe(original);
    server.stop();
    expect(globalThis.WebSocket).toBe(original);
    server.stop(); // twice is harmless
    expect(globalThis.WebSocket).toBe(original);
  });

  test('a second server on the same URL is refused in words that say why', () => {
    startMockServer(URL_WS);
    expect(() => startMockServer(URL_WS)).toThrow(/already listening.*stop the other one first/);
  });

  test('records what the client sends as it passed it, so a test can tell a string from an object', async () => {
    const server = startMockServer(URL_WS);
    const socket = new WebSocket(URL_WS);
    expect(() => socket.send('too early')).toThrow(/CONNECTING/);
    const connection = await server.nextConnection(500, 'no connection');
    expect(connection.socket).toBe(socket);
    expect(connection.url).toBe(URL_WS);
    socket.send('{"type":"chat","text":"hi"}');
    socket.send({ type: 'chat' } as unknown as string);
    await until(() => connection.received.seen.length === 2);
    expect(connection.received.seen.map((f) => [f.isString, f.text])).toEqual([
      [true, '{"type":"chat","text":"hi"}'],
      [false, '[object Object]'],
    ]);
    expect(connection.sent).toHaveLength(3);
  });

  test('delivers what the test sends at once, and fails in plain words when the page throws handling it', async () => {
    const server = startMockServer(URL_WS);
    const socket = new WebSocket(URL_WS);
    const got: unknown[] = [];
    socket.onmessage = (event) => {
      got.push(event.data);
      if (event.data === 'boom') throw new SyntaxError('Unexpected token b');
    };
    const connection = await server.nextConnection(500, 'no connection');
    connection.send('{"type":"welcome"}');
    expect(got).toEqual(['{"type":"welcome"}']);
    expect(() => connection.send('boom')).toThrow(/the page's code threw while handling the message 'boom': SyntaxError/);
  });

  test('resolves relative and http(s) URLs against the page, as browsers do', async () => {
    const server = startMockServer(URL_WS);
    new WebSocket('/ws');
    const connection = await server.nextConnection(500, 'the relative URL did not reach the server');
    expect(connection.url).toBe(URL_WS);
  });

  test('traces connect, accept, both directions and the close, in the wire tap\'s words', async () => {
    const server = startMockServer(URL_WS);
    const socket = new WebSocket(URL_WS);
    const connection = await server.nextConnection(500, 'no connection');
    socket.send('Hello Server');
    await until(() => connection.received.seen.length === 1);
    connection.send('Hello Client');
    socket.close(1000, 'Done');
    const closed = await connection.closed;
    expect(closed).toEqual({ by: 'client', code: 1000, reason: 'Done', opened: true });
    expect(steps().map((s) => [s.kind, s.actor, s.stage, s.client, s.server, s.text ?? s.code ?? null])).toEqual([
      ['connect', 'client', 'connect', 'Connecting', 'Waiting for connection', null],
      ['accept', 'server', 'open', 'Open', 'Open', null],
      ['send', 'client', 'client-send', 'Open', 'Open', 'Hello Server'],
      ['receive', 'server', 'server-receive', 'Open', 'Open', 'Hello Server'],
      ['send', 'server', 'server-send', 'Open', 'Open', 'Hello Client'],
      ['receive', 'client', 'client-receive', 'Open', 'Open', 'Hello Client'],
      ['close', 'client', 'close', 'Closed', 'Closed', 1000],
    ]);
    expect(steps()[0]?.action).toBe('Client creates WebSocket connection to /ws');
  });

  test('a server-side close reaches the client with its code, and is traced as the server\'s', async () => {
    const server = startMockServer(URL_WS);
    const socket = new WebSocket(URL_WS);
    const codes: number[] = [];
    socket.onclose = (event) => codes.push(event.code);
    const connection = await server.nextConnection(500, 'no connection');
    connection.close(1001, 'Server shutting down');
    expect((await connection.closed).by).toBe('server');
    expect(codes).toEqual([1001]);
    expect(() => connection.send('late')).toThrow(/the page's socket is closed/);
    expect(steps().at(-1)).toMatchObject({ kind: 'close', actor: 'server', code: 1001, action: "Server closes connection (1001 'Server shutting down')" });
  });

  test('a socket to another URL fails as a browser\'s would, traced as nothing listening, never as accepted', async () => {
    const server = startMockServer(URL_WS);
    const socket = new WebSocket('ws://elsewhere.test/ws');
    const events: string[] = [];
    socket.onerror = () => events.push('error');
    socket.onclose = () => events.push('close');
    await until(() => events.length === 2);
    expect(events).toEqual(['error', 'close']);
    expect(server.connections.seen).toHaveLength(0);
    expect(server.sockets.map((s) => s.url)).toEqual(['ws://elsewhere.test/ws']);
    expect(steps().map((s) => [s.kind, s.server])).toEqual([
      ['connect', 'not listening'],
      ['drop', 'not listening'],
    ]);
  });

  test('closing while CONNECTING is traced as abandoned, and the server never sees the connection', async () => {
    const server = startMockServer(URL_WS);
    const first = new WebSocket(URL_WS);
    first.close(1000);
    const second = new WebSocket(URL_WS);
    const connection = await server.nextConnection(500, 'no connection');
    expect(connection.socket).toBe(second);
    expect(server.openConnections()).toEqual([connection]);
    expect(server.sockets[0]?.closedWith).toEqual({ by: 'client', code: 1000, reason: '', opened: false });
    expect(steps().find((s) => s.kind === 'close')).toMatchObject({ actor: 'client', server: 'Waiting for connection', result: 'Connection attempt abandoned' });
  });
});
