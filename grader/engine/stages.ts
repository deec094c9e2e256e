/**
 * The nine lifecycle stages, in the order a message lives through them.
 * Every graded test and quiz question belongs to exactly one.
 */
export const STAGES = [
  'connect',
  'open',
  'client-send',
  'server-receive',
  'server-process',
  'server-send',
  'client-receive',
  'keep-alive',
  'close',
] as const;

export type Stage = (typeof STAGES)[number];

export function isStage(value: string): value is Stage {
  return (STAGES as readonly string[]).includes(value);
}

/**
 * Three letters per stage for narrow columns (`npm run grade -- list`), each
 * telling its stage apart: the side, then what it does.
 */
export const STAGE_SHORT: Readonly<Record<Stage, string>> = {
  connect: 'con',
  open: 'opn',
  'client-send': 'c-s',
  'server-receive': 's-r',
  'server-process': 's-p',
  'server-send': 's-s',
  'client-receive': 'c-r',
  'keep-alive': 'k-a',
  close: 'cls',
};
