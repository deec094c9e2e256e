import type { UNSAFE_RouteConfig as RouteConfig } from '@remix-run/dev';

// With the v3_routeConfig future flag, routes are listed here, as in React Router v7.
// Since lesson 06 each room has its own URL, so its history can be loaded (and linked to).
export default [
  { index: true, file: 'routes/_index.tsx' },
  { path: 'rooms/:room', file: 'routes/rooms.$room.tsx' },
] satisfies RouteConfig;
