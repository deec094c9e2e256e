/**
 * The chat's message protocol: every frame on /ws is one JSON object with a
 * `type`. The schemas are zod 4, and each is also a TypeScript type of the same
 * name, so the server and the page agree at compile time and check at run time.
 * The server trusts nothing a client sends: parseClientMessage() turns any
 * string into a ClientMessage or an error frame to answer with, and never throws.
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

// What the server sends. Given: it is the model for ClientMessage below.
export const ErrorCode = z.enum(['bad-json', 'bad-message', 'unknown-type', 'too-big']);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('welcome'), userId: z.string() }),
  z.object({ type: z.literal('chat'), id: z.string(), from: z.string(), text: z.string(), at: z.number() }),
  z.object({ type: z.literal('error'), code: ErrorCode, message: z.string() }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;
export type ChatMessage = Extract<ServerMessage, { type: 'chat' }>;
export type ErrorMessage = Extract<ServerMessage, { type: 'error' }>;

// What a client sends.
// TODO(server-receive): ClientMessage is a discriminated union on `type`, like ServerMessage.
// For now it has one member, the chat: `type` 'chat' and a string `text` that, once trimmed,
// is 1 to MAX_CHAT_LENGTH characters long, and the parsed message carries the trimmed text.
// zod runs a string's steps in the order you write them: measure before trimming and "   " passes.
export const ClientMessage = z.discriminatedUnion('type', [z.object({ type: z.literal('chat'), text: z.string() })]);
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
  // TODO(server-receive): check in this order, and answer the first problem found:
  // more than MAX_FRAME_BYTES bytes of UTF-8 → 'too-big' (raw.length counts UTF-16 units,
  // not bytes: '€' is one unit and three bytes); JSON.parse throws → 'bad-json'; JSON that
  // is not an object → 'bad-message'; an object whose `type` is not in CLIENT_MESSAGE_TYPES
  // → 'unknown-type'; ClientMessage.safeParse() fails → 'bad-message'. Else { ok: true, message }.
  return rejected('bad-message', 'parseClientMessage() is not written yet');
}

/**
 * Reads one frame from the server: the ServerMessage it is, or null for
 * anything else. Never throws.
 */
export function parseServerMessage(raw: string): ServerMessage | null {
  // TODO(client-receive): any string in, never a throw out: the ServerMessage it is, or
  // null for anything else (not JSON, not an object, an unknown type, a missing field). JSON.parse
  // throws on text that is not JSON, and a throw in the page's message handler is uncaught.
  return null;
}

/** One message as the text of one frame. */
export function encode(message: ServerMessage | ClientMessage): string {
  return JSON.stringify(message);
}
