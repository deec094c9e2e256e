import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { useChatSocket } from '../hooks/useChatSocket';
import { chatOf } from '../lib/chat-hub';
import { mergeMessages } from '../lib/merge';
import { AuthorName, ChatText, MAX_CHAT_LENGTH, MAX_NAME_LENGTH, RoomName } from '../lib/protocol';

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: loaded ? `#${loaded.room} · Real-time Remix chat` : 'Real-time Remix chat' }];

/** How many of a room's latest messages the page is rendered with. */
const HISTORY_LIMIT = 50;
/** Rooms offered with one click. */
const SUGGESTED_ROOMS = ['lobby', 'random'];

/** The room named in the URL, or a 404 for a name that is not a room name. */
function roomOf(params: LoaderFunctionArgs['params']): string {
  const room = RoomName.safeParse(params.room);
  if (!room.success) throw new Response('There is no such room: a room name is 1 to 32 of a-z, 0-9 and -.', { status: 404 });
  return room.data;
}

export async function loader({ params, context }: LoaderFunctionArgs) {
  const room = roomOf(params);
  const messages = await chatOf(context).store.recent(room, HISTORY_LIMIT);
  return { room, messages, cursor: messages.at(-1)?.id ?? 0 };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const room = roomOf(params);
  const form = await request.formData();
  const text = ChatText.safeParse(form.get('text'));
  const name = AuthorName.safeParse(form.get('name'));
  if (!text.success || !name.success) {
    return data({ error: text.success ? 'Give a name to sign your message with.' : `Write a message of 1 to ${MAX_CHAT_LENGTH} characters.` }, { status: 400 });
  }
  await chatOf(context).post({ room, from: name.data, text: text.data });
  return redirect(`/rooms/${room}`);
}

export default function Room() {
  const { room, messages: loaded, cursor } = useLoaderData<typeof loader>();
  const { state, userId, messages: live, presence, lastMessage, send } = useChatSocket();
  const problem = useActionData<typeof action>();
  const navigation = useNavigation();
  const textInput = useRef<HTMLInputElement>(null);
  // The cursor of the page as last loaded, read when the room changes (a reload after a post must not re-join).
  const latestCursor = useRef(cursor);
  latestCursor.current = cursor;

  useEffect(() => {
    send({ type: 'join', room, after: latestCursor.current });
    return () => void send({ type: 'leave', room });
  }, [room, send]);

  // Lesson 08: the server could not replay what this page missed (too much): load the room's history again.
  const revalidator = useRevalidator();
  useEffect(() => {
    if (lastMessage?.type === 'resync' && lastMessage.room === room) revalidator.revalidate();
    // Not on the revalidator, which changes with its own state: only a new resync message reloads.
  }, [lastMessage, room]);

  // Once a post is done, the text box is cleared (the name is kept).
  useEffect(() => {
    if (navigation.state === 'idle' && problem === undefined && textInput.current) textInput.current.value = '';
  }, [navigation.state, problem]);

  const shown = mergeMessages(
    loaded,
    live.filter((message) => message.room === room),
  );
  const here = presence[room] ?? [];
  const who = (id: string): string => (id === userId ? 'you' : id);

  return (
    <main>
      <h1>Real-time Remix chat</h1>
      <p className="status">
        Socket: <strong>{state}</strong>
      </p>
      <nav aria-label="Rooms">
        {SUGGESTED_ROOMS.map((name) => (
          <span key={name}>
            <Link to={`/rooms/${name}`} aria-current={name === room ? 'page' : undefined}>
              #{name}
            </Link>{' '}
          </span>
        ))}
        <Link to="/">other rooms</Link>
      </nav>
      <section aria-label={`Room ${room}`}>
        <h2>#{room}</h2>
        <p>Here now: {here.length === 0 ? <em>nobody with a live connection</em> : here.map(who).join(', ')}</p>
        {shown.length === 0 ? (
          <p>
            <em>No messages in #{room} yet.</em>
          </p>
        ) : (
          <ol className="messages" aria-label="Messages">
            {shown.map((message) => (
              <li key={message.id} data-id={message.id}>
                <strong>{who(message.from)}</strong>: {message.text}
              </li>
            ))}
          </ol>
        )}
        {/* A plain form post: it works before the page's JavaScript has loaded, and without it. */}
        <Form method="post">
          <input aria-label="Your name" name="name" defaultValue="guest" maxLength={MAX_NAME_LENGTH} required />{' '}
          <input aria-label="Message" name="text" ref={textInput} maxLength={MAX_CHAT_LENGTH} required autoComplete="off" />{' '}
          <button type="submit">Send</button>
        </Form>
      </section>
      {problem?.error ? <p role="alert">{problem.error}</p> : null}
      {lastMessage?.type === 'error' ? <p role="alert">The server said: {lastMessage.message}</p> : null}
    </main>
  );
}
