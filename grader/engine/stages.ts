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

export const STAGE_SUMMARY: Record<Stage, string> = {
  connect: 'client creates the connection: URL, HTTP upgrade, handshake',
  open: 'server accepts; both sides OPEN',
  'client-send': 'client sends, only when OPEN',
  'server-receive': 'server receives and parses untrusted input',
  'server-process': 'server decides what a message means and who hears it',
  'server-send': 'server replies or broadcasts',
  'client-receive': 'client handles what arrives',
  'keep-alive': 'the connection stays open and healthy',
  close: 'close handshake, codes and cleanup',
};
