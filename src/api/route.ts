/**
 * How an endpoint is declared: method, path, who may call it, and zod schemas for
 * its path parameters, query, body and response. The same declarations validate
 * requests (unknown fields refused), drive the handlers and generate /api/openapi.json.
 */
import type { z } from 'zod';
import type { Actor } from '../services/access/actor.js';
import type { BrowserSession } from '../services/access/browser-session.js';
import type { Role } from '../records/index.js';

export interface Request<P, Q, B, R = undefined> {
  readonly actor: Actor;
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  /** The version the client read (If-Match header, or `version` in the body), if it gave one. */
  readonly ifMatch: number | undefined;
  /** What `receive` made of a streamed body (routes declared with `receive`). */
  readonly received: R;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /**
   * The client's address (express's req.ip), for sign-in throttling. Without express's
   * `trust proxy` it is the connection's peer: behind a reverse proxy that is the proxy,
   * and all clients would share one count until `trust proxy` names it.
   */
  readonly clientAddress: string | undefined;
  /** The browser session the request was authenticated by (its cookie); absent for a bearer token or a public route. */
  readonly session?: BrowserSession;
}

export interface Reply {
  readonly status?: number;
  readonly body?: unknown;
  /** A binary body (materials, reports). */
  readonly bytes?: {
    /** The bytes, or a stream of them (a stored material is sent as it is read). */
    readonly data: Uint8Array | AsyncIterable<Uint8Array>;
    /** The size in bytes when `data` is a stream. */
    readonly length?: number;
    readonly contentType: string;
    readonly fileName: string;
    /** 'inline' for what a browser shows (HTML, PDF, images); default 'attachment' (saved). */
    readonly disposition?: 'inline' | 'attachment';
  };
  readonly etag?: number;
  /** Starts a browser session (its secret goes into the cookie) or, with null, clears the cookie. */
  readonly sessionCookie?: string | null;
}

/** A streamed body, received: its content hash (what an Idempotency-Key is matched on) and how to drop it when the handler does not keep it. */
export interface Received<R> {
  readonly value: R;
  readonly hash: string;
  discard(): Promise<void>;
}

export interface RouteSpec<P = unknown, Q = unknown, B = unknown, R = unknown> {
  readonly method: 'get' | 'post' | 'put';
  /** Express-style path under /api, e.g. "/cycles/:cycle". */
  readonly path: string;
  readonly summary: string;
  /** Who may call it; 'public' needs no token. Checked before the body is read. */
  readonly roles: readonly Role[] | 'public';
  /**
   * 'required': only a browser session may call it (401 otherwise, a bearer token
   * included); 'optional': a public route that still learns the session of a valid
   * cookie (sign-out). Either way a session's writes need its CSRF token.
   */
  readonly session?: 'required' | 'optional';
  /** Open to a browser session that must change its password first (me, the change itself, sign-out). */
  readonly duringPasswordChange?: true;
  /** false: an Idempotency-Key is ignored (sign-in and sign-out: a replayed answer could not set or clear the cookie). */
  readonly idempotency?: false;
  /**
   * A finer rule (a city writes only its own unit), checked with the path parameters
   * before the body is read, so that a forbidden write costs the server nothing. The
   * handler's service checks it again.
   */
  readonly authorize?: (actor: Actor, params: P) => void;
  readonly params?: z.ZodType<P>;
  readonly query?: z.ZodType<Q>;
  readonly body?: z.ZodType<B>;
  /**
   * A streamed (binary) body instead of JSON: called once the caller is authorised,
   * with the body's chunks, never buffered whole; the handler gets the result.
   */
  readonly receive?: (req: Request<P, Q, undefined>, source: AsyncIterable<Uint8Array>) => Promise<Received<R>>;
  readonly response?: z.ZodType;
  /** The content type of a binary success body (Reply.bytes), for the OpenAPI document. */
  readonly produces?: string;
  /** Error statuses beside 4XX, for the OpenAPI document (e.g. 503 when a renderer is missing). */
  readonly errorStatuses?: readonly number[];
  /** The success statuses the route answers with, for the OpenAPI document (default [200]). */
  readonly successStatuses?: readonly number[];
  readonly handler: (req: Request<P, Q, B, R>) => Promise<Reply>;
}

/** Keeps the generic types of a spec while erasing them for the registry. */
export function route<P, Q, B, R = undefined>(spec: RouteSpec<P, Q, B, R>): RouteSpec<unknown, unknown, unknown, unknown> {
  return spec as unknown as RouteSpec<unknown, unknown, unknown, unknown>;
}
