/** Image bytes, for the owning applicant or any reviewer. */
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { AuthVariables } from '../auth.js';
import type { Deps } from '../deps.js';
import { forbidden, notFound } from '../problem.js';
import type { WorkflowRecord } from '../store/types.js';

const DOCUMENT_ID = /^([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{1,32})$/;

/** One document of `record` as bytes (also the integrator's `GET /applicants/:id/documents/:documentId`). */
export async function documentResponse(c: Context, { blobs }: Pick<Deps, 'blobs'>, record: WorkflowRecord | undefined, documentId: string) {
  const document = record?.documents.find((d) => d.id === documentId);
  const bytes = document && (await blobs.get(document.sha256));
  if (!document || !bytes) throw notFound('No such document');
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': document.mime,
    'Content-Length': String(bytes.length),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
    'Content-Disposition': 'inline',
    'Content-Security-Policy': "default-src 'none'; sandbox; frame-ancestors 'none'",
  });
}

export function documents({ store, blobs, auth }: Deps) {
  return new Hono<{ Variables: AuthVariables }>().get('/:id', auth.any, async (c) => {
    const caller = c.get('caller');
    const match = DOCUMENT_ID.exec(c.req.param('id'));
    if (!match) throw notFound('No such document');
    const workflowId = match[1];
    if (caller.kind === 'applicant' && caller.workflowId !== workflowId) throw forbidden();
    return documentResponse(c, { blobs }, await store.get(workflowId), c.req.param('id'));
  });
}
