/**
 * The integrator's routes (integrator.md): the bank's own server starts a
 * check for one of its customers and reads the result. API keys only.
 *
 * A start code is the existing hand-off code (workflows.ts `handoffs`): the
 * element redeems `<workflowId>.<code>` at `POST /handoffs` for the
 * applicant's token, exactly as a "continue on another device" link.
 */
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import * as v from 'valibot';
import {
  ApplicantSchema,
  CountrySchema,
  DateOfBirthSchema,
  initialContext,
} from '../../components/workflow/index.js';
import type { AuthVariables } from '../auth.js';
import { hashToken, newToken } from '../auth.js';
import type { Deps } from '../deps.js';
import { notFound } from '../problem.js';
import type { WorkflowRecord } from '../store/types.js';
import { jsonBody, queryOf } from '../validate.js';
import { prefillView } from '../views.js';
import { documentResponse } from './documents.js';
import { newWorkflowRecord } from './workflows.js';

/** The integrator's id for its customer: 1–128 printable ASCII characters. */
const ExternalRefSchema = v.pipe(
  v.string('externalRef must be text'),
  v.regex(/^[\x21-\x7E][\x20-\x7E]{0,127}$/, 'externalRef is 1–128 printable characters, not starting with a space'),
  v.maxLength(128),
);

const PrefillSchema = v.strictObject({
  firstName: v.optional(ApplicantSchema.entries.firstName),
  lastName: v.optional(ApplicantSchema.entries.lastName),
  dateOfBirth: v.optional(DateOfBirthSchema),
  country: v.optional(CountrySchema),
});

const StartBody = v.strictObject({
  externalRef: ExternalRefSchema,
  applicant: v.optional(PrefillSchema),
});

const CLOSED = new Set(['approved', 'rejected']);

/** What the integrator reads about one workflow. */
export function applicantView(record: WorkflowRecord) {
  return {
    id: record.id,
    externalRef: record.externalRef ?? null,
    status: record.status,
    state: record.state,
    applicant: record.context.applicant ?? null,
    documentType: record.context.documentType ?? null,
    issuingCountry: record.context.issuingCountry ?? null,
    decision: record.decision && {
      outcome: record.decision.outcome,
      reason: record.decision.reason,
      items: record.decision.items,
      decidedAt: record.decision.decidedAt,
    },
    documents: [...record.documents].reverse(),
    submittedAt: record.submittedAt,
    updatedAt: record.updatedAt,
    version: record.version,
    ...prefillView(record),
  };
}

export function applicants(deps: Deps) {
  const { store, auth, config } = deps;
  /** externalRef → the start in progress: two calls at once for one customer still make one workflow. */
  const starting = new Map<string, Promise<unknown>>();

  const load = async (id: string) => {
    const record = await store.get(id);
    if (!record?.externalRef) throw notFound('No such applicant'); // anonymous workflows are not the integrator's
    return record;
  };

  /** A fresh start code on `next` (replacing any earlier code or hand-off): call inside store.update. */
  function issueStartCode(next: WorkflowRecord) {
    const code = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + config.startCodeTtlSeconds * 1000).toISOString();
    next.handoff = { codeHash: hashToken(code), expiresAt };
    next.history.push({ at: new Date().toISOString(), actor: { kind: 'system', id: 'integrator' }, action: 'start_code_issued', details: { expiresAt } });
    return { startCode: `${next.id}.${code}`, startCodeExpiresAt: expiresAt };
  }

  async function start(externalRef: string, prefill: v.InferOutput<typeof PrefillSchema> | undefined) {
    const records = await Promise.all((await store.idsForExternalRef(externalRef)).map((id) => store.get(id)));
    const open = records.find((record) => record && !CLOSED.has(record.status));
    if (open) {
      let issued!: ReturnType<typeof issueStartCode>;
      const record = await store.update(open.id, undefined, (next) => {
        issued = issueStartCode(next);
        return next;
      });
      return { status: 200 as const, record, issued };
    }
    const context = initialContext();
    // A complete prefill fills the details form; a partial one is kept for the reviewer's comparison only.
    const complete = v.safeParse(ApplicantSchema, prefill ?? {});
    if (complete.success) context.applicant = complete.output;
    const record: WorkflowRecord = {
      // A token nobody holds: the applicant's comes from the start code.
      ...newWorkflowRecord({ tokenHash: hashToken(newToken()), createdBy: 'integrator', context, details: { externalRef } }),
      externalRef,
      prefill: prefill && Object.keys(prefill).length ? prefill : null,
    };
    const issued = issueStartCode(record);
    await store.create(record);
    return { status: 201 as const, record, issued };
  }

  return new Hono<{ Variables: AuthVariables }>()
    .use(auth.integrator)
    .post('/', jsonBody(StartBody), async (c) => {
      const { externalRef, applicant } = c.req.valid('json');
      const previous = starting.get(externalRef) ?? Promise.resolve();
      const run = previous.then(() => start(externalRef, applicant));
      const settled = run.catch(() => {});
      starting.set(externalRef, settled);
      void settled.then(() => starting.get(externalRef) === settled && starting.delete(externalRef));
      const { status, record, issued } = await run;
      const { id, status: caseStatus, state, version } = record;
      return c.json({ id, externalRef, status: caseStatus, state, version, ...issued }, status);
    })
    .get('/', queryOf(v.strictObject({ externalRef: ExternalRefSchema })), async (c) => {
      const { externalRef } = c.req.valid('query');
      const records = (await Promise.all((await store.idsForExternalRef(externalRef)).map((id) => store.get(id)))).filter((r): r is WorkflowRecord => !!r);
      records.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
      return c.json({ items: records.map(applicantView) });
    })
    .get('/:id', async (c) => c.json(applicantView(await load(c.req.param('id')))))
    .get('/:id/documents/:documentId', async (c) => {
      const record = await load(c.req.param('id'));
      return documentResponse(c, deps, record, c.req.param('documentId'));
    });
}
