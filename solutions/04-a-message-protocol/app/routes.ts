import type { UNSAFE_RouteConfig as RouteConfig } from '@remix-run/dev';

// With the v3_routeConfig future flag, routes are listed here, as in React Router v7.
export default [{ index: true, file: 'routes/_index.tsx' }] satisfies RouteConfig;
