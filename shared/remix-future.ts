/**
 * The Remix future flags the course turns on, every one of v2's last line: the app is then one
 * codemod away from React Router v7. Kept apart from vite-config.ts, which loads the Remix Vite
 * plugin, so that the grader's route pages (createRemixStub) use the same flags without it.
 */
export const REMIX_FUTURE = {
  v3_fetcherPersist: true,
  v3_relativeSplatPath: true,
  v3_throwAbortReason: true,
  v3_singleFetch: true,
  v3_lazyRouteDiscovery: true,
  v3_routeConfig: true,
} as const;
