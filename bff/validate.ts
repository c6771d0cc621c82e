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

/** A value of the right JSON type outside a fixed list (a country, an outcome, a state): a broken rule, not malformed JSON. */
const outsideList = (issue: v.BaseIssue<unknown>) => (issue.type === 'picklist' || issue.type === 'literal') && typeof issue.input === 'string';

/** 400 when the shape is wrong, 422 when the shape is right but a rule fails. */
export function problemFromIssues(issues: v.BaseIssue<unknown>[], what: string): ApiProblem {
  const malformed = issues.some((issue) => issue.kind === 'schema' && !outsideList(issue));
  return new ApiProblem(malformed ? 400 : 422, malformed ? `Malformed ${what}` : `Invalid ${what}`, {
    errors: fieldErrors(issues),
  });
}

export function parseWith<S extends v.GenericSchema>(schema: S, value: unknown, what: string): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (!result.success) throw problemFromIssues(result.issues, what);
  return result.output;
}

type SchemaNode = { type?: string; entries?: Record<string, SchemaNode>; wrapped?: SchemaNode; value?: SchemaNode; item?: SchemaNode };

/** Keys valibot's record schema skips without a word (so `{"__proto__": …}` would pass). */
const DROPPED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * What valibot lets through but is malformed JSON for this API: an array
 * where the schema wants an object or a record (`[]` passes
 * `strictObject({})`), and record keys it drops silently. The first such
 * place, or undefined.
 */
export function shapeProblem(schema: SchemaNode | undefined, value: unknown, path = ''): FieldError | undefined {
  if (!schema || value === null || typeof value !== 'object') return undefined;
  const at = (key: string | number) => (path ? `${path}.${key}` : String(key));
  const each = (entries: [string | number, unknown, SchemaNode | undefined][]) => {
    for (const [key, entry, node] of entries) {
      const found = shapeProblem(node, entry, at(key));
      if (found) return found;
    }
    return undefined;
  };
  switch (schema.type) {
    case 'object':
    case 'strict_object':
    case 'loose_object':
    case 'object_with_rest':
      if (Array.isArray(value)) return { path, message: 'Expected an object, got an array' };
      return each(Object.entries(schema.entries ?? {}).filter(([key]) => Object.hasOwn(value, key)).map(([key, node]) => [key, (value as Record<string, unknown>)[key], node]));
    case 'record': {
      if (Array.isArray(value)) return { path, message: 'Expected an object, got an array' };
      const dropped = Object.keys(value).find((key) => DROPPED_KEYS.has(key));
      if (dropped) return { path: at(dropped), message: 'Invalid key' };
      return each(Object.entries(value).map(([key, entry]) => [key, entry, schema.value]));
    }
    case 'array':
      return Array.isArray(value) ? each(value.map((entry, index) => [index, entry, schema.item])) : undefined;
    case 'optional':
    case 'exact_optional':
    case 'nullable':
    case 'nullish':
      return shapeProblem(schema.wrapped, value, path);
    default:
      return undefined;
  }
}

const JSON_MEDIA = /^application\/([\w.-]+\+)?json$/i;

export const jsonBody = <S extends v.GenericSchema>(schema: S) =>
  validator('json', (value, c: Context) => {
    const media = (c.req.header('content-type') ?? '').split(';')[0].trim();
    if (!JSON_MEDIA.test(media)) throw new ApiProblem(415, 'Send the body as application/json');
    const shape = shapeProblem(schema as SchemaNode, value);
    if (shape) throw new ApiProblem(400, 'Malformed request body', { errors: [shape] });
    return parseWith(schema, value, 'request body') as v.InferOutput<S>;
  });

/** A query string is never JSON: anything wrong in it (limit=101 included) is a malformed request, 400. */
export const queryOf = <S extends v.GenericSchema>(schema: S) =>
  validator('query', (value) => {
    const result = v.safeParse(schema, value);
    if (!result.success) throw new ApiProblem(400, 'Malformed query', { errors: fieldErrors(result.issues) });
    return result.output as v.InferOutput<S>;
  });
