import type { MetaFunction } from '@remix-run/node';
import { useState, type FormEvent } from 'react';
import { useWebSocket } from '../hooks/useWebSocket';
import { MAX_CHAT_LENGTH } from '../lib/protocol';

export const meta: MetaFunction = () => [{ title: 'Real-time Remix chat' }];

export default function Index() {
  const { state, userId, messages, lastMessage, send } = useWebSocket();
  const [draft, setDraft] = useState('');

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const text = draft.trim();
    if (text === '') return;
    // Sent at once when the socket is open, or as soon as it opens.
    send({ type: 'chat', text });
    setDraft('');
  }

  const who = (from: string): string => (from === userId ? 'you' : from.slice(0, 8));

  return (
    <main>
      <h1>Real-time Remix chat</h1>
      <p className="status">
        Socket: <strong>{state}</strong>
        {userId === null ? null : (
          <>
            {' '}
            · you are <code>{userId.slice(0, 8)}</code>
          </>
        )}
      </p>
      {messages.length === 0 ? (
        <p>
          <em>No messages yet.</em>
        </p>
      ) : (
        <ol className="messages">
          {messages.map((message) => (
            <li key={message.id}>
              <strong>{who(message.from)}</strong>: {message.text}
            </li>
          ))}
        </ol>
      )}
      {lastMessage?.type === 'error' ? <p role="alert">The server said: {lastMessage.message}</p> : null}
      <form onSubmit={submit}>
        <input
          aria-label="Message"
          value={draft}
          maxLength={MAX_CHAT_LENGTH}
          onChange={(event) => setDraft(event.target.value)}
        />{' '}
        <button type="submit">Send</button>
      </form>
    </main>
  );
}
