import type { Auth } from "~/modules/auth/session.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Nonce for this response's Content-Security-Policy. */
    cspNonce: string;
    /** The signed-in person and session, looked up once per request. */
    auth: Auth | null;
    /** The client's address, for sign-in throttling. */
    clientAddress: string;
    /** The demo login, shown on the sign-in page only in demo mode. */
    demo: { email: string; password: string } | null;
    /**
     * Set by entry.server's handleError to the error that showed the database was away, too slow
     * or out of space: the server then answers 503 (saying why), not 500.
     */
    databaseUnavailable?: { error: unknown };
  }
}

export {};
