import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
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
  // #region TODO(server-process): the page is rendered with the room's history: its last
  // HISTORY_LIMIT messages, oldest first, from the store of the hub that getLoadContext gives
  // (chatOf(context)). The cursor is the id of the last one (0 when the room has none): the page
  // sends it when it joins, and the server sends what was posted after it.
  // starter: return { room, messages: [], cursor: 0 };
  const messages = await chatOf(context).store.recent(room, HISTORY_LIMIT);
  return { room, messages, cursor: messages.at(-1)?.id ?? 0 };
  // #endregion
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const room = roomOf(params);
  const form = await request.formData();
  const text = ChatText.safeParse(form.get('text'));
  const name = AuthorName.safeParse(form.get('name'));
  if (!text.success || !name.success) {
    return data({ error: text.success ? 'Give a name to sign your message with.' : `Write a message of 1 to ${MAX_CHAT_LENGTH} characters.` }, { status: 400 });
  }
  // #region TODO(server-process): post the message through the hub that getLoadContext gives
  // (chatOf(context)): it stores it, and every socket in the room receives it. Then redirect to this
  // room's page, so that a reload does not post it twice (without JavaScript, the browser follows
  // the redirect; with it, Remix loads the page's data again).
  // starter: return data({ error: 'TODO: post the message' }, { status: 501 });
  await chatOf(context).post({ room, from: name.data, text: text.data });
  return redirect(`/rooms/${room}`);
  // #endregion
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
    // #region TODO(client-send): on entering the room, join it with the page's cursor as `after`,
    // so the server sends what was posted between the loader's render and this join; leave it
    // when the page moves to another room (the socket stays open: it is the whole tab's).
    send({ type: 'join', room, after: latestCursor.current });
    return () => send({ type: 'leave', room });
    // #endregion
  }, [room, send]);

  // Once a post is done, the text box is cleared (the name is kept).
  useEffect(() => {
    if (navigation.state === 'idle' && problem === undefined && textInput.current) textInput.current.value = '';
  }, [navigation.state, problem]);

  // #region TODO(client-receive): show the loaded history and this room's live messages as one list:
  // each message once, in order of id (mergeMessages() of app/lib/merge.ts).
  // starter: const shown = [...loaded, ...live];
  const shown = mergeMessages(
    loaded,
    live.filter((message) => message.room === room),
  );
  // #endregion
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
