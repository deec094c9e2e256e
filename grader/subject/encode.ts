/**
 * Turns the learner's values into data that can cross to the trusted side
 * (grader/subject/protocol.ts), and keeps every live thing (a function, an
 * object with methods) in a table under a handle the trusted side can use
 * later to call it or read it again.
 */
import { MAX_TEXT } from './limits';
import type { Argument, Encoded } from './protocol';

const MAX_ITEMS = 1000;
const MAX_FIELDS = 100;
const DEPTH = 4;

export class Handles {
  private readonly table = new Map<number, { value: unknown; self?: unknown }>();
  private readonly ids = new Map<unknown, number>();
  private next = 1;

  add(value: unknown, self?: unknown): number {
    const known = self === undefined ? this.ids.get(value) : undefined;
    if (known !== undefined) return known;
    const id = this.next++;
    this.table.set(id, self === undefined ? { value } : { value, self });
    if (self === undefined) this.ids.set(value, id);
    return id;
  }

  get(id: number): { value: unknown; self?: unknown } {
    const entry = this.table.get(id);
    if (!entry) throw new Error(`no value under handle ${id}`);
    return entry;
  }
}

const text = (s: string): string => (s.length > MAX_TEXT ? s.slice(0, MAX_TEXT) : s);

function safeString(read: () => unknown): string {
  try {
    return text(String(read()));
  } catch {
    return '';
  }
}

function kindOf(value: object): string {
  try {
    const proto = Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null;
    if (proto === null) return 'Object';
    const name = proto.constructor?.name;
    return typeof name === 'string' && name !== '' ? name.slice(0, 100) : 'Object';
  } catch {
    return 'Object';
  }
}

/** Method names along the prototype chain, up to (not including) Object.prototype. */
function methodNames(value: object): string[] {
  const names = new Set<string>();
  for (let proto = Object.getPrototypeOf(value) as object | null; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor' || names.size >= MAX_FIELDS) continue;
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (descriptor && typeof descriptor.value === 'function') names.add(name);
    }
  }
  return [...names];
}

/** Getters along the prototype chain (a class's `get port()`), read like fields. */
function getterNames(value: object): string[] {
  const names = new Set<string>();
  for (let proto = Object.getPrototypeOf(value) as object | null; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (descriptor?.get && names.size < MAX_FIELDS) names.add(name);
    }
  }
  return [...names];
}

export function encode(value: unknown, handles: Handles, depth = DEPTH, seen = new Set<unknown>()): Encoded {
  switch (typeof value) {
    case 'undefined':
      return { t: 'undefined' };
    case 'string':
      return { t: 'json', v: text(value) };
    case 'boolean':
      return { t: 'json', v: value };
    case 'number':
      if (Number.isNaN(value)) return { t: 'number', v: 'NaN' };
      if (value === Infinity) return { t: 'number', v: 'Infinity' };
      if (value === -Infinity) return { t: 'number', v: '-Infinity' };
      if (Object.is(value, -0)) return { t: 'number', v: '-0' };
      return { t: 'json', v: value };
    case 'bigint':
      return { t: 'bigint', v: value.toString().slice(0, 1000) };
    case 'symbol':
      return { t: 'symbol', v: safeString(() => value.description ?? '').slice(0, 1000) };
    case 'function':
      return { t: 'function', handle: handles.add(value), name: safeString(() => (value as { name?: unknown }).name).slice(0, 1000) };
    default:
      break;
  }
  if (value === null) return { t: 'json', v: null };
  const object = value as object;
  if (Buffer.isBuffer(object) || ArrayBuffer.isView(object) || object instanceof ArrayBuffer) {
    const bytes = object instanceof ArrayBuffer ? new Uint8Array(object) : new Uint8Array(object.buffer, object.byteOffset, object.byteLength);
    return { t: 'bytes', kind: kindOf(object), length: bytes.length, text: text(Buffer.from(bytes).toString('utf8')) };
  }
  if (object instanceof Error) {
    return {
      t: 'error',
      name: safeString(() => object.name).slice(0, 1000),
      message: safeString(() => object.message),
      stack: safeString(() => object.stack ?? ''),
    };
  }
  if (seen.has(object)) return { t: 'opaque', what: 'a reference back to an enclosing value', handle: handles.add(object) };
  if (typeof (object as { then?: unknown }).then === 'function') return { t: 'opaque', what: 'a Promise', handle: handles.add(object) };
  if (object instanceof Map || object instanceof Set) {
    return { t: 'opaque', what: `a ${object instanceof Map ? 'Map' : 'Set'} of ${object.size}`, handle: handles.add(object) };
  }
  const inner = new Set(seen).add(object);
  if (Array.isArray(object)) {
    if (depth <= 0) return { t: 'opaque', what: `an array of ${object.length}`, handle: handles.add(object) };
    const items = object.slice(0, MAX_ITEMS).map((item) => encode(item, handles, depth - 1, inner));
    return { t: 'array', items, length: object.length };
  }
  const handle = handles.add(object);
  const fields: Record<string, Encoded> = {};
  const methods: Record<string, number> = {};
  if (depth > 0) {
    const names = [...Object.keys(object), ...getterNames(object)].slice(0, MAX_FIELDS);
    for (const name of names) {
      let field: unknown;
      try {
        field = (object as Record<string, unknown>)[name];
      } catch (error) {
        fields[name] = encode(error, handles, 0, inner);
        continue;
      }
      if (typeof field === 'function') methods[name] = handles.add(field, object);
      else fields[name] = encode(field, handles, depth - 1, inner);
    }
    for (const name of methodNames(object)) {
      if (!(name in methods) && !(name in fields)) methods[name] = handles.add((object as Record<string, unknown>)[name], object);
    }
  }
  return { t: 'object', handle, kind: kindOf(object), fields, methods };
}

export function decodeArgument(argument: Argument, handles: Handles): unknown {
  switch (argument.t) {
    case 'undefined':
      return undefined;
    case 'json':
      return argument.v;
    case 'ref':
      return handles.get(argument.handle).value;
  }
}
