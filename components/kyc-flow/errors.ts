/**
 * What an applicant reads when something fails. The BFF's problem details are
 * written for developers ("The workflow cannot move from …"): they go to the
 * console and to `kyc-error` consumers only through `code`, never on screen.
 *
 * To word a new code (say `token_expired`), add it to `errorCodes` in each
 * string table; a code without words falls back by its HTTP status.
 */
import { en, type KycFlowStrings } from './strings.js';

export interface FailureLike {
  code: string;
  /** HTTP status (0: no answer). */
  status?: number;
}

export function applicantMessage(t: KycFlowStrings, failure: FailureLike): string {
  // Overrides may replace the whole table: English is the last resort, never the BFF's text.
  const words = { ...en.errorCodes, ...t.errorCodes };
  if (words[failure.code]) return words[failure.code];
  const status = failure.status ?? 0;
  if (status >= 500) return words.server_error;
  if (status === 401 || status === 403 || status === 404 || status === 410) return words.not_found;
  if (status >= 400) return words.invalid;
  return words.error;
}
