/**
 * Inline validators for the route chains, on the shared valibot schemas.
 * Malformed input (not JSON, wrong types) is 400; valid JSON that breaks a
 * rule is 422; a body that is not JSON at all is 415.
 */
import type { Context } from 'hono';
import { validator } from 'hono/validator';
import * as v from 'valibot';
import { ApiProblem, type FieldError } from './problem.js';

function fieldErrors(issues: v.BaseIssue<unknown>[]): FieldError[] {
  return issues.slice(0, 20).map((issue) => ({
    path: v.getDotPath(issue) ?? '',
    message: issue.message,
  }));
}

/** 400 when the shape is wrong, 422 when the shape is right but a rule fails. */
export function problemFromIssues(issues: v.BaseIssue<unknown>[], what: string): ApiProblem {
  const malformed = issues.some((issue) => issue.kind === 'schema');
  return new ApiProblem(malformed ? 400 : 422, malformed ? `Malformed ${what}` : `Invalid ${what}`, {
    errors: fieldErrors(issues),
  });
}

export function parseWith<S extends v.GenericSchema>(schema: S, value: unknown, what: string): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (!result.success) throw problemFromIssues(result.issues, what);
  return result.output;
}

const JSON_MEDIA = /^application\/([\w.-]+\+)?json$/i;

export const jsonBody = <S extends v.GenericSchema>(schema: S) =>
  validator('json', (value, c: Context) => {
    const media = (c.req.header('content-type') ?? '').split(';')[0].trim();
    if (!JSON_MEDIA.test(media)) throw new ApiProblem(415, 'Send the body as application/json');
    // valibot's object schemas accept arrays: every body here is a JSON object.
    if (Array.isArray(value)) throw new ApiProblem(400, 'Malformed request body', { errors: [{ path: '', message: 'Expected a JSON object' }] });
    return parseWith(schema, value, 'request body') as v.InferOutput<S>;
  });

export const queryOf = <S extends v.GenericSchema>(schema: S) =>
  validator('query', (value) => parseWith(schema, value, 'query') as v.InferOutput<S>);
