import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link } from '@remix-run/react';
import { ROOM_NAME } from '../lib/protocol';

export const meta: MetaFunction = () => [{ title: 'Real-time Remix chat' }];

/** Rooms offered with one click; any other valid room name can be typed in. */
const SUGGESTED_ROOMS = ['lobby', 'random'];

/** The room form is a plain GET (works without JavaScript): ?room=name lands here and goes on to the room. */
export function loader({ request }: LoaderFunctionArgs) {
  const room = new URL(request.url).searchParams.get('room')?.trim().toLowerCase();
  if (room && ROOM_NAME.test(room)) throw redirect(`/rooms/${room}`);
  return null;
}

export default function Index() {
  return (
    <main>
      <h1>Real-time Remix chat</h1>
      <p>Pick a room to start chatting:</p>
      <ul>
        {SUGGESTED_ROOMS.map((name) => (
          <li key={name}>
            <Link to={`/rooms/${name}`}>#{name}</Link>
          </li>
        ))}
      </ul>
      <Form method="get" aria-label="Pick a room">
        <input aria-label="Room name" name="room" placeholder="or another room" maxLength={32} pattern="[a-z0-9\-]{1,32}" required />{' '}
        <button type="submit">Join</button>
      </Form>
    </main>
  );
}
