import { describe, expect, test } from 'vitest';
import { ArgsError, parseArgs } from '../../grader/cli/args';

describe('parseArgs', () => {
  test('no arguments grades every exercise in exercises/', () => {
    const inv = parseArgs([]);
    expect(inv.command).toEqual({ kind: 'grade', exercises: [], json: false, out: null, watch: false, trace: false, repeat: 1 });
    expect(inv.target).toEqual({ kind: 'exercises' });
    expect(inv.stage).toBeNull();
  });

  test('exercise ids, --stage, --solutions and --json combine', () => {
    const inv = parseArgs(['01', '03', '--stage', 'close', '--solutions', '--json']);
    expect(inv.command).toEqual({ kind: 'grade', exercises: ['01', '03'], json: true, out: null, watch: false, trace: false, repeat: 1 });
    expect(parseArgs(['--repeat', '20']).command).toMatchObject({ kind: 'grade', repeat: 20 });
    expect(() => parseArgs(['--repeat', '0'])).toThrow(/1 to 100/);
    expect(parseArgs(['--trace']).command).toMatchObject({ kind: 'grade', trace: true });
    expect(inv.stage).toBe('close');
    expect(inv.target).toEqual({ kind: 'solutions' });
  });

  test('--deadline takes seconds', () => {
    expect(parseArgs(['--deadline', '90']).deadlineMs).toBe(90_000);
    expect(parseArgs(['--deadline=0.5']).deadlineMs).toBe(500);
    expect(parseArgs([]).deadlineMs).toBeNull();
    expect(() => parseArgs(['--deadline', '0'])).toThrow(/more than 0/);
    expect(() => parseArgs(['--deadline', 'soon'])).toThrow(/number of seconds/);
  });

  test('--out takes a file, and not with --watch', () => {
    expect(parseArgs(['--out', 'reports/ada.json']).command).toMatchObject({ kind: 'grade', out: 'reports/ada.json' });
    expect(parseArgs(['--out=ada.json', '--json']).command).toMatchObject({ kind: 'grade', out: 'ada.json', json: true });
    expect(() => parseArgs(['--out'])).toThrow(/--out needs a value/);
    expect(() => parseArgs(['--out', 'a.json', '--watch'])).toThrow(/do not go together/);
  });

  test('--target takes a folder, also as --target=DIR', () => {
    expect(parseArgs(['--target', 'submissions/ada']).target).toEqual({ kind: 'dir', dir: 'submissions/ada' });
    expect(parseArgs(['--target=submissions/ada']).target).toEqual({ kind: 'dir', dir: 'submissions/ada' });
  });

  test('commands take their exercise', () => {
    expect(parseArgs(['hint', '03']).command).toEqual({ kind: 'hint', exercise: '03' });
    expect(parseArgs(['reset', '03', '--yes']).command).toEqual({ kind: 'reset', exercise: '03', yes: true });
    expect(parseArgs(['quiz', '01', '--answer', 'q1=b', '--answer', 'q3=D']).command).toEqual({
      kind: 'quiz',
      exercise: '01',
      answers: { q1: 'B', q3: 'D' },
    });
    expect(parseArgs(['list']).command).toEqual({ kind: 'list' });
  });

  test('mistakes are usage errors that say what is wrong', () => {
    expect(() => parseArgs(['--stage', 'opening'])).toThrow(/"opening" is not a stage/);
    expect(() => parseArgs(['--frobnicate'])).toThrow(ArgsError);
    expect(() => parseArgs(['hint'])).toThrow(/hint takes one exercise/);
    expect(() => parseArgs(['--target'])).toThrow(/--target needs a value/);
    expect(() => parseArgs(['--json', '--watch'])).toThrow(/do not go together/);
    expect(() => parseArgs(['quiz', '01', '--answer', 'q1=E'])).toThrow(/like --answer q1=B/);
    expect(() => parseArgs(['--time-limit', 'soon'])).toThrow(/milliseconds/);
  });

  test('--help wins over everything else; --no-color is remembered', () => {
    expect(parseArgs(['01', '--help']).command).toEqual({ kind: 'help' });
    expect(parseArgs(['--no-color']).color).toBe(false);
    expect(parseArgs([]).color).toBeNull();
  });
});
