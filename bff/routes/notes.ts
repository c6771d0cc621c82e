/**
 * Internal notes on a case (reviewers.md § Notes), mounted under the cases
 * sub-app (behind its reviewer check). They live in the record's `notes`,
 * which no applicant view copies.
 */
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import * as v from 'valibot';
import type { AuthVariables } from '../auth.js';
import { casesTopic } from '../bus.js';
import type { Deps } from '../deps.js';
import { ApiProblem, forbidden, notFound } from '../problem.js';
import type { Note } from '../store/types.js';
import { jsonBody } from '../validate.js';
import { actorOf } from '../reviewer-auth.js';
import { refOf } from './second-review.js';

/** At most this many notes on one case: the record stays small. */
export const MAX_NOTES = 200;

const NoteBody = v.strictObject({
  text: v.pipe(v.string('text must be text'), v.trim(), v.nonEmpty('A note needs text'), v.maxLength(2000, 'A note is at most 2,000 characters')),
});

export function caseNotes({ store, bus }: Deps) {
  return new Hono<{ Variables: AuthVariables }>().post('/', jsonBody(NoteBody), async (c) => {
    const id = c.req.param('id') ?? '';
    const me = c.get('caller');
    if (me.kind !== 'reviewer') throw forbidden('Reviewers only');
    const { text } = c.req.valid('json');
    const before = await store.get(id);
    if (!before || before.status === 'in_progress') throw notFound('No such case');
    const note: Note = { id: randomBytes(9).toString('base64url'), author: refOf(me), text, createdAt: new Date().toISOString() };
    // Any version: a note never conflicts with what others did to the case meanwhile.
    const record = await store.update(id, undefined, (next) => {
      if ((next.notes?.length ?? 0) >= MAX_NOTES) throw new ApiProblem(409, `A case holds at most ${MAX_NOTES} notes`);
      next.notes = [...(next.notes ?? []), note];
      next.history.push({ at: note.createdAt, actor: actorOf(me), action: 'noted', details: { note: note.id } });
      return next;
    });
    // Reviewers' stream only (the case's new version); nothing goes to the applicant's topic.
    bus.publish(casesTopic, { event: 'case.updated', data: store.summaryOf(record) });
    return c.json(note, 201);
  });
}
