/**
 * The chat's message protocol: every frame on /ws is one JSON object with a
 * `type`. The schemas are zod 4, and each is also a TypeScript type of the same
 * name, so the server and the page agree at compile time and check at run time.
 * The server trusts nothing a client sends: parseClientMessage() turns any
 * string into a ClientMessage or an error frame to answer with, and never throws.
 * Lesson 05 adds rooms: join and leave, a room on every chat, and presence.
 * Lesson 06 stores every chat: its id is the store's (a whole number, larger for
 * each new message), and a join may carry a cursor, the last id its page has.
 * Lesson 07 adds the page's heartbeat: a ping the server answers with a pong.
 * Lesson 08 adds resync: the server's word that a join's cursor is too old to
 * catch up from, so the page must load the room's history again.
 */
import { z } from 'zod';

/** The longest chat text, in characters, after trimming. */
export const MAX_CHAT_LENGTH = 500;
/**
 * The largest frame parseClientMessage() reads, in bytes of UTF-8 (what travels, and what
 * the server buffered), not in string length: no valid ClientMessage comes near it.
 */
export const MAX_FRAME_BYTES = 4096;
/** The largest frame ws itself accepts (its maxPayload); past it, ws closes the connection with 1009 before buffering more. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

const utf8 = new TextEncoder();
/** A room's name: 1 to 32 lowercase letters, digits and dashes, such as lobby or team-42. */
export const ROOM_NAME = /^[a-z0-9-]{1,32}$/;
export const RoomName = z.string().regex(ROOM_NAME, 'a room name is 1 to 32 characters: a-z, 0-9 and -');

/** A chat's text: trimmed, 1 to MAX_CHAT_LENGTH characters. The socket's chat and the page's form both take it. */
export const ChatText = z.string().trim().min(1, 'say something').max(MAX_CHAT_LENGTH);
/** The longest name a form post may sign a message with. */
export const MAX_NAME_LENGTH = 32;
/** The name a message posted through the form is signed with: trimmed, 1 to MAX_NAME_LENGTH characters. */
export const AuthorName = z.string().trim().min(1, 'give a name').max(MAX_NAME_LENGTH);

/** A cursor: the id of the last message a page has, or 0 for none. */
export const Cursor = z.number().int().nonnegative();

// What the server sends. Given: it is the model for ClientMessage below.
export const ErrorCode = z.enum(['bad-json', 'bad-message', 'unknown-type', 'too-big', 'not-in-room', 'unavailable']);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('welcome'), userId: z.string() }),
  // id: the store's id for the message, larger than every id stored before it, in any room.
  z.object({ type: z.literal('chat'), id: z.number().int().positive(), room: z.string(), from: z.string(), text: z.string(), at: z.number() }),
  // Who is in `room` now: the members' user ids, sorted. Sent to every member when someone joins or leaves.
  z.object({ type: z.literal('presence'), room: z.string(), members: z.array(z.string()) }),
  z.object({ type: z.literal('error'), code: ErrorCode, message: z.string() }),
  // The answer to a client's ping: proof, for a page that cannot see ping frames, that the connection works.
  z.object({ type: z.literal('pong') }),
  // A join's cursor is older than what a replay carries: load the room's history again, then go on live.
  z.object({ type: z.literal('resync'), room: z.string() }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;
export type ChatMessage = Extract<ServerMessage, { type: 'chat' }>;
export type PresenceMessage = Extract<ServerMessage, { type: 'presence' }>;
export type ErrorMessage = Extract<ServerMessage, { type: 'error' }>;

// What a client sends.
export const ClientMessage = z.discriminatedUnion('type', [
  // after: the last message id the page already shows (its cursor); the server then sends the room's later messages.
  z.object({ type: z.literal('join'), room: RoomName, after: Cursor.optional() }),
  z.object({ type: z.literal('leave'), room: RoomName }),
  z.object({ type: z.literal('chat'), room: RoomName, text: ChatText }),
  // The page's heartbeat (app/lib/watch-connection.ts): the server answers with a pong.
  z.object({ type: z.literal('ping') }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

/** The `type` of every ClientMessage: a message with any other type is 'unknown-type'. */
export const CLIENT_MESSAGE_TYPES: readonly string[] = ClientMessage.options.map((option) => option.shape.type.value);

export type ParseResult = { readonly ok: true; readonly message: ClientMessage } | { readonly ok: false; readonly error: ErrorMessage };

const rejected = (code: ErrorCode, message: string): ParseResult => ({ ok: false, error: { type: 'error', code, message } });

/**
 * Reads one frame from a client. Never throws: anything that is not a
 * ClientMessage comes back as the error frame to answer with.
 */
export function parseClientMessage(raw: string): ParseResult {
  if (utf8.encode(raw).byteLength > MAX_FRAME_BYTES) return rejected('too-big', `A message may be at most ${MAX_FRAME_BYTES} bytes long.`);
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return rejected('bad-json', 'The message is not valid JSON.');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return rejected('bad-message', 'A message is a JSON object with a type.');
  }
  const { type } = data as { type?: unknown };
  if (typeof type !== 'string' || !CLIENT_MESSAGE_TYPES.includes(type)) {
    return rejected('unknown-type', `Unknown message type ${JSON.stringify(type) ?? 'undefined'}: expected ${CLIENT_MESSAGE_TYPES.join(' or ')}.`);
  }
  const result = ClientMessage.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || type}: ${issue.message}`);
    return rejected('bad-message', `Invalid ${type} message. ${problems.join('; ')}`);
  }
  return { ok: true, message: result.data };
}

/**
 * Reads one frame from the server: the ServerMessage it is, or null for
 * anything else. Never throws.
 */
export function parseServerMessage(raw: string): ServerMessage | null {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return null;
  }
  const result = ServerMessage.safeParse(data);
  return result.success ? result.data : null;
}

/** One message as the text of one frame. */
export function encode(message: ServerMessage | ClientMessage): string {
  return JSON.stringify(message);
}
