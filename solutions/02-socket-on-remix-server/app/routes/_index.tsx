import type { MetaFunction } from '@remix-run/node';

export const meta: MetaFunction = () => [{ title: 'Real-time Remix chat' }];

export default function Index() {
  return (
    <main>
      <h1>Real-time Remix chat</h1>
      <p className="status">The socket is not connected yet.</p>
      <p>The server already answers WebSocket upgrades on /ws; lesson 03 connects this page to it.</p>
    </main>
  );
}
