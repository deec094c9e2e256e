/** A page socket's routed path starts with this, followed by the URL its code asked for (base64url). */
export const PAGE_PREFIX = '/__page/';
