import type { MetaFunction } from '@remix-run/node';
import { useState, type FormEvent } from 'react';
import { useWebSocket } from '../hooks/useWebSocket';
import { MAX_CHAT_LENGTH, ROOM_NAME } from '../lib/protocol';

export const meta: MetaFunction = () => [{ title: 'Real-time Remix chat' }];

/** Rooms offered with one click; any other valid room name can be typed in. */
const SUGGESTED_ROOMS = ['lobby', 'random'];

export default function Index() {
  const { state, userId, messages, presence, lastMessage, send } = useWebSocket();
  // The room this page is in, or null before the first join.
  const [room, setRoom] = useState<string | null>(null);
  const [roomDraft, setRoomDraft] = useState('');
  const [draft, setDraft] = useState('');

  /** Leaves the current room, if any, and joins `next`. Sent at once when the socket is open, or as soon as it opens. */
  function enter(next: string): void {
    if (next === room) return;
    if (room !== null) send({ type: 'leave', room });
    send({ type: 'join', room: next });
    setRoom(next);
  }

  function pickRoom(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const name = roomDraft.trim().toLowerCase();
    if (!ROOM_NAME.test(name)) return;
    enter(name);
    setRoomDraft('');
  }

  function leave(): void {
    if (room === null) return;
    send({ type: 'leave', room });
    setRoom(null);
  }

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const text = draft.trim();
    if (text === '' || room === null) return;
    send({ type: 'chat', room, text });
    setDraft('');
  }

  const who = (id: string): string => (id === userId ? 'you' : id.slice(0, 8));
  const here = room === null ? [] : (presence[room] ?? []);
  const shown = messages.filter((message) => message.room === room);

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

      <form onSubmit={pickRoom} aria-label="Pick a room">
        {SUGGESTED_ROOMS.map((name) => (
          <span key={name}>
            <button type="button" onClick={() => enter(name)} aria-pressed={room === name}>
              #{name}
            </button>{' '}
          </span>
        ))}
        <input
          aria-label="Room name"
          placeholder="or another room"
          value={roomDraft}
          maxLength={32}
          pattern="[a-z0-9\-]{1,32}"
          onChange={(event) => setRoomDraft(event.target.value)}
        />{' '}
        <button type="submit">Join</button>
      </form>

      {room === null ? (
        <p>
          <em>Pick a room to start chatting.</em>
        </p>
      ) : (
        <section aria-label={`Room ${room}`}>
          <h2>
            #{room}{' '}
            <button type="button" onClick={leave}>
              Leave
            </button>
          </h2>
          <p>Here now:</p>
          <ul aria-label="Who is here">
            {here.map((id) => (
              <li key={id}>{who(id)}</li>
            ))}
          </ul>
          {shown.length === 0 ? (
            <p>
              <em>No messages in #{room} yet.</em>
            </p>
          ) : (
            <ol className="messages" aria-label="Messages">
              {shown.map((message) => (
                <li key={message.id}>
                  <strong>{who(message.from)}</strong>: {message.text}
                </li>
              ))}
            </ol>
          )}
          <form onSubmit={submit}>
            <input
              aria-label="Message"
              value={draft}
              maxLength={MAX_CHAT_LENGTH}
              onChange={(event) => setDraft(event.target.value)}
            />{' '}
            <button type="submit">Send</button>
          </form>
        </section>
      )}
      {lastMessage?.type === 'error' ? <p role="alert">The server said: {lastMessage.message}</p> : null}
    </main>
  );
}
