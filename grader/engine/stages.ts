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
