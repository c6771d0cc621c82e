/**
 * RFC 9457 problem details: every error the BFF answers, in one shape.
 * Routes throw `ApiProblem` (an HTTPException); `onError` renders it.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface FieldError {
  path: string;
  message: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export class ApiProblem extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly detail: string,
    readonly extra: { errors?: FieldError[]; version?: number; retryAfter?: number; code?: string } = {},
  ) {
    super(status, { message: detail });
  }
}

export const badRequest = (detail: string, errors?: FieldError[]) => new ApiProblem(400, detail, { errors });
export const unauthorized = (detail = 'Missing or invalid credentials') => new ApiProblem(401, detail);
export const forbidden = (detail = 'These credentials may not access this resource') => new ApiProblem(403, detail);
export const notFound = (detail = 'Not found') => new ApiProblem(404, detail);
export const conflict = (detail: string, version?: number) => new ApiProblem(409, detail, { version });
export const unprocessable = (detail: string, errors?: FieldError[]) => new ApiProblem(422, detail, { errors });

export function problemResponse(
  c: Context,
  status: ContentfulStatusCode,
  detail: string,
  extra: ApiProblem['extra'] = {},
): Response {
  const body: Record<string, unknown> = {
    type: status >= 500 ? 'about:blank' : `https://kyc.example/problems/${status}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
  };
  if (extra.code) body.code = extra.code;
  if (extra.errors?.length) body.errors = extra.errors;
  if (extra.version !== undefined) body.version = extra.version;
  if (extra.retryAfter !== undefined) c.header('Retry-After', String(extra.retryAfter));
  c.header('Cache-Control', 'no-store');
  return c.body(JSON.stringify(body), status, { 'Content-Type': 'application/problem+json' });
}

/**
 * The one error handler: known problems as they are, anything else a bare 500
 * (logged, never echoed). `redact` makes a path fit for the log (the access
 * log's `auth.redact`: a credential wrongly put in the path never reaches it).
 */
export function onError(log: (line: string) => void, redact: (path: string) => string = (path) => path) {
  return (error: Error, c: Context): Response => {
    if (error instanceof ApiProblem) return problemResponse(c, error.status as ContentfulStatusCode, error.detail, error.extra);
    if (error instanceof HTTPException) {
      const status = error.status as ContentfulStatusCode;
      return problemResponse(c, status, status === 400 ? 'Malformed request' : error.message || TITLES[status] || 'Error');
    }
    if (isOutOfDescriptors(error)) {
      // Too many open files: the server is at capacity for a moment, not broken.
      log(`out of file descriptors: ${(error as NodeJS.ErrnoException).code}`);
      return problemResponse(c, 503, 'The server is at capacity; nothing was changed. Try again shortly.', { retryAfter: 5 });
    }
    if (isStorageUnavailable(error)) {
      log(`storage unavailable: ${(error as NodeJS.ErrnoException).code}`);
      return problemResponse(c, 503, 'Storage is unavailable; nothing was changed. Try again shortly.', { retryAfter: 5 });
    }
    if ((error as NodeJS.ErrnoException).code === 'ECONNRESET') {
      // The client went away mid-body (Node's 'aborted'): its fault, and nobody is left to read an answer.
      log(`request body aborted by the client on ${c.req.method} ${redact(c.req.path)}`);
      return problemResponse(c, 400, 'The request body ended before its declared length.');
    }
    log(`unhandled error on ${c.req.method} ${redact(c.req.path)}: ${error.stack ?? error.message}`);
    return problemResponse(c, 500, 'Something went wrong on our side.');
  };
}

export function isOutOfDescriptors(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code === 'EMFILE' || code === 'ENFILE';
}

const STORAGE_CODES = new Set(['ENOSPC', 'EROFS', 'EACCES', 'EPERM', 'EDQUOT', 'EIO']);
export function isStorageUnavailable(error: unknown): boolean {
  return STORAGE_CODES.has((error as NodeJS.ErrnoException)?.code ?? '');
}
