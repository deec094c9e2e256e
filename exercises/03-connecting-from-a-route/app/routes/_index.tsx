import type { MetaFunction } from '@remix-run/node';
import { useWebSocket } from '../hooks/useWebSocket';

export const meta: MetaFunction = () => [{ title: 'Real-time Remix chat' }];

export default function Index() {
  // TODO(client-receive): call useWebSocket() and show what it returns: its `state`
  // word, and the text of `lastMessage` once the server's welcome has arrived.
  const state = 'not connected yet';
  const lastMessage: string | null = null;

  return (
    <main>
      <h1>Real-time Remix chat</h1>
      <p className="status">
        Socket: <strong>{state}</strong>
      </p>
      <p>
        Last message from the server: {lastMessage === null ? <em>none yet</em> : <code>{lastMessage}</code>}
      </p>
    </main>
  );
}
