/** Builders for the steps a test expects, read in the Execution Table when it fails. */
import type { Actor, ExpectedStep } from '../trace/types';

const Name = (actor: Actor): string => (actor === 'client' ? 'Client' : 'Server');
const other = (actor: Actor): Actor => (actor === 'client' ? 'server' : 'client');

export const step = {
  connect: (): ExpectedStep => ({ kind: 'connect', actor: 'client', action: 'Client creates WebSocket connection' }),
  accept: (): ExpectedStep => ({ kind: 'accept', actor: 'server', action: 'Server accepts connection' }),
  sends: (actor: Actor, text: string): ExpectedStep => ({ kind: 'send', actor, text, action: `${Name(actor)} sends '${text}'` }),
  /** `actor` receives what the other side sent. */
  receives: (actor: Actor, text: string): ExpectedStep => ({
    kind: 'receive',
    actor,
    text,
    action: `${Name(actor)} receives '${text}' from the ${other(actor)}`,
  }),
  staysOpen: (): ExpectedStep => ({ kind: 'stay-open', actor: 'server', action: 'Connection remains open for more messages' }),
  closes: (actor: Actor, code: number): ExpectedStep => ({ kind: 'close', actor, code, action: `${Name(actor)} closes connection (${code})` }),
};

/** The seed lesson's eight steps: connect, open, a greeting each way, stay open, close. */
export function greetingRoundTrip(sent: string, reply: string, closedBy: Actor, code: number): ExpectedStep[] {
  return [
    step.connect(),
    step.accept(),
    step.sends('client', sent),
    step.receives('server', sent),
    step.sends('server', reply),
    step.receives('client', reply),
    step.staysOpen(),
    step.closes(closedBy, code),
  ];
}
