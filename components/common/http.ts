/**
 * The elements' one way to call the BFF: fetch with the bearer token in a
 * header (never in a URL), problem+json turned into a typed error.
 */

/** RFC 9457 problem details, as the BFF answers every error. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
  version?: number;
  /** A finer code than the status, e.g. `token_expired`. */
  code?: string;
}

export class KycApiError extends Error {
  override name = 'KycApiError';
  constructor(
    /** HTTP status, or 0 when the network failed. */
    readonly status: number,
    /** A stable code for `kyc-error`: `network`, `unauthorized`, `conflict`, … */
    readonly code: string,
    message: string,
    readonly problem?: Problem,
  ) {
    super(message);
  }
}

const CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'too_large',
  415: 'unsupported_media_type',
  422: 'invalid',
  429: 'rate_limited',
  503: 'unavailable',
};

export function codeForStatus(status: number): string {
  return CODES[status] ?? (status >= 500 ? 'server_error' : 'error');
}

export interface RequestOptions {
  method?: string;
  token?: string | null;
  json?: unknown;
  body?: BodyInit;
  signal?: AbortSignal;
}

/** Joins the API base and a path, tolerating a trailing slash on the base. */
export function apiUrl(api: string, path: string): string {
  return `${api.replace(/\/+$/, '')}${path}`;
}

export function authHeaders(token: string | null | undefined): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** Reads an error answer into a KycApiError (problem+json when the BFF sent one). */
export async function errorFromResponse(response: Response): Promise<KycApiError> {
  let problem: Problem | undefined;
  try {
    problem = (await response.json()) as Problem;
  } catch {
    problem = undefined;
  }
  const message = problem?.detail || problem?.title || `${response.status} ${response.statusText}`;
  return new KycApiError(response.status, problem?.code === 'token_expired' ? problem.code : codeForStatus(response.status), message, problem);
}

export async function request<T>(api: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...authHeaders(options.token) };
  let body = options.body;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  let response: Response;
  try {
    response = await fetch(apiUrl(api, path), {
      method: options.method ?? 'GET',
      headers,
      body,
      signal: options.signal,
      credentials: 'omit',
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new KycApiError(0, 'network', 'The connection failed. Check your network and try again.');
  }
  if (!response.ok) throw await errorFromResponse(response);
  return (await response.json()) as T;
}

/** Fetches a protected image and returns an object URL for `<img src>` (revoke it when done). */
export async function fetchObjectUrl(api: string, path: string, token: string, signal?: AbortSignal): Promise<string> {
  const response = await fetch(apiUrl(api, path), { headers: authHeaders(token), signal, credentials: 'omit' });
  if (!response.ok) throw await errorFromResponse(response);
  return URL.createObjectURL(await response.blob());
}
