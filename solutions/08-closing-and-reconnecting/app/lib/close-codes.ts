/**
 * Close codes, as the IANA registry of RFC 6455 (section 7.4) defines them, and
 * what the page does after each. 1005, 1006 and 1015 never travel in a close
 * frame: a browser reports them when the connection ended without a code, without
 * a close frame at all, or in a failed TLS handshake.
 */
export const CloseCode = {
  /** The purpose of the connection is fulfilled: an intentional goodbye. */
  Normal: 1000,
  /** The server is going down, or a page is being left. */
  GoingAway: 1001,
  ProtocolError: 1002,
  UnsupportedData: 1003,
  /** Reported, never sent: the close frame carried no code. */
  NoStatus: 1005,
  /** Reported, never sent: the connection ended without a close frame. */
  Abnormal: 1006,
  InvalidPayload: 1007,
  /** The peer broke a rule of the app's (a bad login, say): trying again would break it again. */
  PolicyViolation: 1008,
  MessageTooBig: 1009,
  /** The server met a condition it did not expect. */
  InternalError: 1011,
  /** The server is restarting: come back in a moment. */
  ServiceRestart: 1012,
  /** The server is overloaded: come back later. */
  TryAgainLater: 1013,
} as const;

/** The app's own codes, 4000 to 4999: the registry leaves them to each application. */
export const APP_CODES = { first: 4000, last: 4999 } as const;

/**
 * Whether a connection that closed with `code` (not by the page itself) should be tried again:
 * yes after a server going away or restarting, an overload, an internal error or a dropped
 * connection; no after a normal close, a policy close, the app's own 4000–4999, or a protocol
 * mistake that would only happen again.
 */
export function reconnectAfter(code: number): boolean {
  // #region TODO(close): true for 1001, 1006, 1011, 1012 and 1013, false for every other code. A policy
  // close (1008) or one of the app's 4xxx says "do not come back like this"; a page that reconnects anyway
  // is refused again, forever, as fast as its backoff allows.
  // starter: return code !== CloseCode.Normal;
  return (
    code === CloseCode.GoingAway ||
    code === CloseCode.Abnormal ||
    code === CloseCode.InternalError ||
    code === CloseCode.ServiceRestart ||
    code === CloseCode.TryAgainLater
  );
  // #endregion
}
