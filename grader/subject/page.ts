/**
 * A browser page inside the subject process, for client and React exercises:
 * jsdom's window as the global scope, React rendering the learner's hook or
 * route, and jsdom's own WebSocket (the WHATWG one, built on `ws`) with every
 * connection routed to the trusted side's page server on loopback. So what
 * the learner's code does reaches the trusted side as bytes on a real socket;
 * what the page rendered, it asks for and judges itself.
 *
 * A routed socket asks for `/__page/<the URL the code asked for, base64url>`
 * on 127.0.0.1:<port>; the page server reads the asked URL back from it.
 */
import type * as ReactModule from 'react';
import type { Handles } from './encode';
import { PAGE_PREFIX } from './page-route';
import { REMIX_FUTURE } from '../../shared/remix-future';

type Operation = (args: Record<string, unknown>) => Promise<unknown> | unknown;

interface Context {
  readonly handles: Handles;
  readonly load: (file: string, shared?: boolean) => Promise<Record<string, unknown>>;
  /** Runs course code of grader/subject/fixtures/ (a route's load context, say). */
  readonly fixture: (name: unknown, exported: unknown, args: unknown) => Promise<unknown>;
}

const MAX_VALUES = 1000;

interface DomWindow {
  WebSocket: new (url: string, protocols?: string | string[]) => object;
  location: { href: string };
  document: { body: { appendChild(node: unknown): unknown }; createElement(tag: string): { textContent: string | null } & object; createTreeWalker(root: unknown, show: number): { nextNode(): { nodeValue: string | null } | null } };
  close(): void;
}

interface Jsdom {
  window: DomWindow;
  reconfigure(settings: { url: string }): void;
}

interface Rendered {
  rerender(element: unknown): void;
  unmount(): void;
  container: unknown;
}

let dom: Jsdom | null = null;
let port = 0;
const errors: unknown[] = [];
/** 'message' events the page's sockets have dispatched since the page opened: a count the trusted side only waits on. */
let dispatched = 0;
let mounted: { rendered: Rendered; element: () => unknown; values: unknown[]; renders: number; childErrors: unknown[] } | null = null;
/** What the mounted hook is called with; a re-render may change it (a new path). */
let hookArgs: unknown[] = [];

/**
 * The page's globals that replace Node's own. Not Event, EventTarget or the
 * event classes: jsdom's WebSocket runs on undici's, which creates Node events
 * through those globals at run time. AbortController is jsdom's, because
 * jsdom's addEventListener accepts only its own AbortSignal.
 */
const FORCED = [
  'window', 'self', 'document', 'navigator', 'location', 'history', 'WebSocket', 'Blob', 'File', 'FileReader',
  'AbortController', 'AbortSignal', 'Node', 'Element', 'HTMLElement', 'Text', 'getComputedStyle',
  'requestAnimationFrame', 'cancelAnimationFrame',
];
const NODE_OWN = new Set(['Event', 'EventTarget', 'CustomEvent', 'MessageEvent', 'CloseEvent', 'ErrorEvent', 'DOMException']);

/** Node's own, kept before a page replaces the globals: a Request needs a signal of Node's. */
const NodeAbortController = globalThis.AbortController;
const NodeAbortSignal = globalThis.AbortSignal;
const NodeRequest = globalThis.Request;

/**
 * Node's Request, taking the page's (jsdom's) AbortSignal too. A Remix route's router makes each
 * loader's Request with a signal from the page's AbortController, and Node 24's Request accepts
 * only a signal of its own (Node 20 let it pass): this one follows the page's signal instead.
 */
class PageRequest extends NodeRequest {
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    const signal = init?.signal as { aborted: boolean; reason?: unknown; addEventListener(type: 'abort', listener: () => void): void } | null | undefined;
    if (signal && !(signal instanceof NodeAbortSignal)) {
      const follower = new NodeAbortController();
      if (signal.aborted) follower.abort(signal.reason);
      else signal.addEventListener('abort', () => follower.abort(signal.reason));
      super(input, { ...init, signal: follower.signal });
      return;
    }
    super(input, init);
  }
}

async function openPage(url: string): Promise<void> {
  closePage();
  const jsdom = 'jsdom'; // untyped: no @types/jsdom in the course
  const { JSDOM, VirtualConsole } = (await import(jsdom)) as {
    JSDOM: new (html: string, options: Record<string, unknown>) => Jsdom;
    VirtualConsole: new () => { on(event: string, listener: (error: unknown) => void): void; forwardTo?: unknown };
  };
  const virtualConsole = new VirtualConsole();
  // An exception in an event listener (a socket's onmessage) is the page's crash: kept, and told, as
  // what the code threw (jsdom wraps it in an "Uncaught [...]" error). jsdom's own complaints (a
  // feature it does not implement, say) are not the page's code throwing.
  virtualConsole.on('jsdomError', (error) => {
    const wrapped = error as { type?: unknown; cause?: unknown };
    if (wrapped.type === 'unhandled-exception') errors.push(wrapped.cause ?? error);
  });
  const created = new JSDOM('<!doctype html><html><head></head><body></body></html>', { url, pretendToBeVisual: true, virtualConsole });
  dom = created;
  const window = created.window as unknown as Record<string, unknown>;
  const scope = globalThis as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(window)) {
    if ((key in scope && !FORCED.includes(key)) || NODE_OWN.has(key)) continue;
    if (/^\d+$/.test(key) || replaced.has(key)) continue;
    const before = Object.getOwnPropertyDescriptor(scope, key);
    try {
      Object.defineProperty(scope, key, { configurable: true, get: () => window[key], set: (v) => (window[key] = v) });
      replaced.set(key, before);
    } catch {
      // a property Node will not give up
    }
  }
  // jsdom reports what a listener throws only for targets that belong to a document, so it would
  // swallow what a socket's listener throws; a browser reports it to the page, and so does this.
  const utilities = 'jsdom/lib/generated/idl/utils.js';
  type Utilities = { implForWrapper: (wrapper: unknown) => Record<string, unknown> | null };
  const loaded = (await import(utilities)) as Utilities & { default?: Utilities };
  // A CommonJS module: its exports are the default export.
  const { implForWrapper } = loaded.default ?? loaded;
  const documentImpl = implForWrapper(created.window.document);
  const belongToPage = (socket: object): void => {
    const impl = implForWrapper(socket);
    if (impl && !('_ownerDocument' in impl)) impl._ownerDocument = documentImpl;
  };
  // Through the accessor just defined: window.WebSocket is the routed one too.
  scope.WebSocket = routedWebSocket(created.window, belongToPage);
  if (!replaced.has('Request')) replaced.set('Request', Object.getOwnPropertyDescriptor(scope, 'Request'));
  scope.Request = PageRequest;
}

/** Node's own globals the page replaced (undefined: there was none), put back when the page goes. */
const replaced = new Map<string, PropertyDescriptor | undefined>();

function restoreGlobals(): void {
  const scope = globalThis as Record<string, unknown>;
  for (const [key, before] of replaced) {
    try {
      if (before) Object.defineProperty(scope, key, before);
      else delete scope[key];
    } catch {
      // left as the page had it
    }
  }
  replaced.clear();
}

function closePage(): void {
  if (mounted) {
    try {
      mounted.rendered.unmount();
    } catch {
      // the learner's cleanup threw: the page goes anyway
    }
    mounted = null;
  }
  dom?.window.close();
  dom = null;
  restoreGlobals();
}

/** jsdom's WebSocket, with every connection sent to the trusted page server instead of the host the code asked for. */
function routedWebSocket(window: DomWindow, belongToPage: (socket: object) => void): unknown {
  const Base = window.WebSocket;
  const asked = new WeakMap<object, string>();
  class PageWebSocket extends Base {
    constructor(url: string | URL, protocols?: string | string[]) {
      // As a browser does: resolve against the page, http(s) becomes ws(s); a bad URL throws a SyntaxError from jsdom.
      let href: string;
      try {
        const parsed = new URL(String(url), window.location.href);
        if (parsed.protocol === 'http:') parsed.protocol = 'ws:';
        if (parsed.protocol === 'https:') parsed.protocol = 'wss:';
        href = parsed.href;
      } catch {
        super(String(url), protocols);
        return;
      }
      const routed = /^wss?:$/.test(new URL(href).protocol)
        ? `ws://127.0.0.1:${port}${PAGE_PREFIX}${Buffer.from(href).toString('base64url')}`
        : href;
      super(routed, protocols);
      asked.set(this, href);
      belongToPage(this);
      // Added before any of the page's own listeners, and dispatched in the same task as theirs: once the
      // count has moved on, the page's code has run for that frame (and what it threw is recorded).
      (this as unknown as EventTarget).addEventListener('message', () => {
        dispatched += 1;
      });
    }

    // The code sees the URL it asked for, as in a browser.
    get url(): string {
      return asked.get(this) ?? (Reflect.get(Base.prototype, 'url', this) as string);
    }
  }
  return PageWebSocket;
}

function textOf(root: unknown): string {
  if (!dom) return '';
  const parts: string[] = [];
  const walker = dom.window.document.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) parts.push(node.nodeValue ?? '');
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

function takeErrors(): unknown[] {
  return errors.splice(0);
}

/**
 * Adds the page's operations, and loads what every page needs (jsdom, React) before any test waits
 * on it; with `routes`, what a Remix route needs too (page.mountRoute).
 */
export async function install(ops: Map<string, Operation>, context: Context, routes = false): Promise<void> {
  const jsdom = 'jsdom';
  await Promise.all([import(jsdom), import('react'), import('react-dom/server'), import('@testing-library/react')]);
  if (routes) await Promise.all([import('@remix-run/react'), import('@remix-run/testing')]);
  ops.set('page.open', async (args) => {
    port = Number(args.port);
    dispatched = 0;
    await openPage(String(args.url));
    return true;
  });
  ops.set('page.move', (args) => {
    dom?.reconfigure({ url: String(args.url) });
    return true;
  });
  /** Mounts a component that calls the hook `exportName` of `file` with `args` and keeps every value it returned. */
  ops.set('page.mountHook', async (args) => {
    const module = await context.load(String(args.file));
    const hook = module[String(args.export)];
    if (typeof hook !== 'function') throw new TypeError(`${String(args.file)} exports no function ${String(args.export)}`);
    hookArgs = (args.args as unknown[] | undefined) ?? [];
    const child = childCall(args.child);
    return mount(args, (values, childErrors, react) => {
      /**
       * A child calls `child.method` of the hook's value from its own effect, once, on mount:
       * React runs a child's effects before its parent's, so before the hook's effect has run.
       * What the call throws is kept: it is what the learner's function did.
       */
      function Child({ value }: { value: unknown }): null {
        react.useEffect(() => {
          try {
            const fn = (value as Record<string, unknown> | null)?.[child?.method ?? ''];
            if (typeof fn !== 'function') throw new TypeError(`the hook returned no function ${child?.method ?? ''}`);
            (fn as (...a: unknown[]) => unknown)(...(child?.args ?? []));
          } catch (error) {
            childErrors.push(error);
          }
        }, []);
        return null;
      }
      function Probe(): unknown {
        const value = (hook as (...a: unknown[]) => unknown)(...hookArgs);
        values.push(value);
        return child ? react.createElement(Child, { value }) : null;
      }
      return Probe;
    });
  });
  /** Mounts the default export (or `export`) of `file` as a component. */
  ops.set('page.mountComponent', async (args) => {
    const module = await context.load(String(args.file));
    const component = module[String(args.export ?? 'default')];
    if (typeof component !== 'function') throw new TypeError(`${String(args.file)} exports no component ${String(args.export ?? 'default')}`);
    return mount(args, () => component as () => unknown);
  });
  /**
   * Mounts the route module `file` as Remix would, at `url`: its default export, loader and action
   * on the route `path`, inside the component `wrapper` (a provider of the app's root) when given,
   * through @remix-run/testing's createRemixStub. The loader and action are given the load context
   * that the course's fixture `context` makes.
   */
  ops.set('page.mountRoute', async (args) => {
    const route = await context.load(String(args.file));
    if (typeof route.default !== 'function') throw new TypeError(`${String(args.file)} has no default export, the route's component`);
    const wrap = args.wrapper as { file?: unknown; export?: unknown } | undefined;
    // The copy the route's own import gets: a provider from another copy has another React context.
    const Wrapper = wrap ? (await context.load(String(wrap.file), true))[String(wrap.export)] : null;
    if (wrap && typeof Wrapper !== 'function') throw new TypeError(`${String(wrap.file)} exports no component ${String(wrap.export)}`);
    const made = args.context as { fixture?: unknown; export?: unknown; args?: unknown } | undefined;
    const loadContext = made ? await context.fixture(made.fixture, made.export, made.args) : {};
    const [{ createElement }, { Outlet }, { createRemixStub }] = await Promise.all([import('react'), import('@remix-run/react'), import('@remix-run/testing')]);
    const layout = Wrapper ? () => createElement(Wrapper as () => null, null, createElement(Outlet)) : () => createElement(Outlet);
    const Stub = createRemixStub(
      [{ path: '/', Component: layout, children: [{ path: String(args.path), Component: route.default as () => null, loader: route.loader as never, action: route.action as never }] }],
      loadContext as Record<string, unknown>,
    );
    // The app's own future flags (shared/remix-future.ts), as its Vite config gives them to Remix.
    return mount(args, () => () => createElement(Stub, { initialEntries: [String(args.url)], future: REMIX_FUTURE as never }));
  });
  /** Clicks the first link or button whose text is `text`, as a user would; false when the page has none. */
  ops.set('page.click', (args) => {
    if (!mounted || !dom) throw new Error('nothing is mounted');
    const root = mounted.rendered.container as { querySelectorAll(selector: string): ArrayLike<{ textContent: string | null; click(): void }> };
    const wanted = String(args.text);
    const target = Array.from(root.querySelectorAll('a, button')).find((element) => (element.textContent ?? '').replace(/\s+/g, ' ').trim() === wanted);
    if (!target) return false;
    target.click();
    return true;
  });
  ops.set('page.rerender', (args) => {
    if (!mounted) throw new Error('nothing is mounted');
    if (Array.isArray(args.args)) hookArgs = args.args as unknown[];
    mounted.rendered.rerender(mounted.element());
    return true;
  });
  ops.set('page.unmount', () => {
    if (!mounted) return false;
    const { rendered } = mounted;
    mounted = null;
    rendered.unmount();
    return true;
  });
  /** What the page shows now: the hook's values (every render), the text, and what its code threw meanwhile. */
  ops.set('page.snapshot', () => {
    const values = mounted?.values ?? [];
    const kept = values.length > MAX_VALUES ? [...values.slice(0, 100), ...values.slice(values.length - (MAX_VALUES - 100))] : values;
    return {
      renders: mounted?.renders ?? 0,
      values: kept,
      // The last value again, one level nearer the top: its nested data (a list of messages) crosses whole.
      latest: values[values.length - 1],
      childErrors: mounted?.childErrors ?? [],
      omitted: values.length - kept.length,
      text: mounted ? textOf(mounted.rendered.container) : '',
      errors: takeErrors(),
      delivered: dispatched,
      location: dom?.window.location.href ?? null,
    };
  });
  /** Renders `file`'s component to HTML as Remix does on the server: no DOM, and a WebSocket that goes to the trusted side. */
  ops.set('page.renderToString', async (args) => {
    // On the server there is no page: no window, no document.
    closePage();
    port = Number(args.port);
    const scope = globalThis as Record<string, unknown>;
    const before = Object.getOwnPropertyDescriptor(scope, 'WebSocket');
    const { WebSocket: NodeWebSocket } = (await import('ws')) as unknown as { WebSocket: new (url: string) => { on(e: string, l: () => void): void } };
    scope.WebSocket = class ServerRenderWebSocket extends (NodeWebSocket as unknown as new (url: string) => { on(e: string, l: () => void): void }) {
      constructor(url: string | URL) {
        super(`ws://127.0.0.1:${port}${PAGE_PREFIX}${Buffer.from(String(url)).toString('base64url')}`);
        this.on('error', () => undefined);
      }
    };
    const module = await context.load(String(args.file));
    const { createElement } = await import('react');
    const { renderToString } = await import('react-dom/server');
    let element: unknown;
    if (args.hook) {
      const hook = module[String(args.hook)] as () => unknown;
      element = createElement(function Probe() {
        const value = hook() as { state?: unknown };
        return createElement('p', null, String(value?.state));
      });
    } else {
      element = createElement(module[String(args.export ?? 'default')] as () => null);
    }
    try {
      return renderToString(element as Parameters<typeof renderToString>[0]);
    } finally {
      if (before) Object.defineProperty(scope, 'WebSocket', before);
      else delete scope.WebSocket;
    }
  });
}


/** What a page.mountHook's `child` asks: call `method` of the hook's value with `args`. */
function childCall(raw: unknown): { method: string; args: unknown[] } | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { method, args } = raw as { method?: unknown; args?: unknown };
  return { method: String(method), args: Array.isArray(args) ? (args as unknown[]) : [] };
}

async function mount(args: Record<string, unknown>, make: (values: unknown[], childErrors: unknown[], react: typeof ReactModule) => () => unknown): Promise<unknown> {
  if (!dom) throw new Error('page.open must come first');
  if (mounted) {
    mounted.rendered.unmount();
    mounted = null;
  }
  const react = await import('react');
  const { createElement, StrictMode } = react;
  const { render } = await import('@testing-library/react');
  const values: unknown[] = [];
  const childErrors: unknown[] = [];
  const Component = make(values, childErrors, react);
  const state = { rendered: null as unknown as Rendered, element: () => null as unknown, values, renders: 0, childErrors };
  const Counted = (): ReturnType<typeof createElement> => {
    state.renders += 1;
    return createElement(Component as () => null);
  };
  // A new element each time, with new (empty) props: React re-renders instead of bailing out.
  state.element = () => (args.strict ? createElement(StrictMode, null, createElement(Counted)) : createElement(Counted));
  state.rendered = render(state.element() as Parameters<typeof render>[0]) as unknown as Rendered;
  mounted = state;
  return true;
}
