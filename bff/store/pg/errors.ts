/** A database that cannot be reached is a 503 with Retry-After, never a 500: the client may simply retry. */
import { ApiProblem } from '../../problem.js';

/** Connection-level failures (refused, reset, shut down, pool timeout), not a query's own error. */
export function isConnectionError(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  if (code && (/^(08|57P)/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN'].includes(code))) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable/i.test(message ?? '');
}

export const RETRY_AFTER_SECONDS = 2;

export class DatabaseUnavailable extends ApiProblem {
  constructor() {
    super(503, 'The database cannot be reached right now; try again shortly.', { retryAfter: RETRY_AFTER_SECONDS });
  }
}

/** Runs `work`; a connection failure becomes DatabaseUnavailable, anything else passes through. */
export async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isConnectionError(error)) throw new DatabaseUnavailable();
    throw error;
  }
}
