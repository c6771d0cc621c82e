/**
 * `POST /workflows/:id/documents`: one image for one item of the workflow's
 * document (or the selfie), parsed as it streams in (multipart.ts), checked by
 * its bytes and re-encoded (images.ts), within the workflow's byte quota.
 */
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import * as v from 'valibot';
import { APPLICANT_STATUS, DocumentTypeSchema, documentItems, parseItem, SELFIE, STATES, type DocumentType } from '../../components/workflow/index.js';
import { BodyReader } from '../body.js';
import type { Deps } from '../deps.js';
import { cleanImage, inspectImage } from '../images.js';
import { ApiProblem, conflict, notFound, unprocessable } from '../problem.js';
import type { CaseStatus, DocumentRecord, WorkflowRecord } from '../store/types.js';
import { readUploadForm } from './multipart.js';

const UPLOADABLE: CaseStatus[] = ['in_progress', 'resubmission_requested'];

/** Versions of one item (e.g. id_card/front) a workflow keeps at most: retakes, not a photo album. */
export const MAX_UPLOADS_PER_ITEM = 10;
/** Uploads of one workflow in flight at once at most (each holds up to KYC_MAX_UPLOAD_BYTES). */
export const MAX_UPLOADS_IN_FLIGHT = 5;

const itemOfDocument = (d: DocumentRecord) => (d.side ? `${d.type}/${d.side}` : d.type);

/** Refuses an 11th version of `item` (422): nothing is stored. */
function refuseTooManyVersions(record: WorkflowRecord, item: string): void {
  const versions = record.documents.filter((d) => itemOfDocument(d) === item).length;
  if (versions >= MAX_UPLOADS_PER_ITEM)
    throw unprocessable(`This workflow already holds ${MAX_UPLOADS_PER_ITEM} uploads of ${item}, the most it keeps; use one of them`, [
      { path: 'type', message: `At most ${MAX_UPLOADS_PER_ITEM} uploads of ${item}` },
    ]);
}

const SELECTION = STATES.indexOf('document_selection');
const PHOTO = STATES.indexOf('document_photo');

/**
 * Uploads are for the document the applicant chose (and the selfie): none before the workflow
 * reached the document choice; past the photo step, only the chosen document's items.
 */
function refuseForeignItem(record: WorkflowRecord, item: string): void {
  const at = STATES.indexOf(record.state);
  if (at < SELECTION) throw unprocessable('Choose a document first: this workflow takes no uploads yet', [{ path: 'type', message: 'No document chosen yet' }]);
  const chosen = record.context.documentType as DocumentType | undefined;
  if (at > PHOTO && chosen && item !== SELFIE && !documentItems(chosen).includes(item as never))
    throw unprocessable(`This workflow is for ${chosen}: ${item} is not one of its items`, [{ path: 'type', message: `Not an item of ${chosen}` }]);
}

/** The workflow's stored images may add up to KYC_WORKFLOW_QUOTA_BYTES. */
function refuseOverQuota(record: WorkflowRecord, adding: number, quota: number): void {
  const used = record.documents.reduce((sum, d) => sum + d.size, 0);
  if (used + adding > quota)
    throw new ApiProblem(413, `This workflow's images may add up to ${quota} bytes; ${used} are used. Reuse an upload instead.`);
}

function refuseClosed(record: WorkflowRecord): void {
  if (!UPLOADABLE.includes(record.status)) throw conflict(`No uploads while the case is ${APPLICANT_STATUS[record.status]}`);
}

const Fields = v.strictObject({
  type: v.union([DocumentTypeSchema, v.literal('selfie')], 'Unknown document type'),
  side: v.optional(v.picklist(['front', 'back'], 'Unknown side')),
});

export function receiveUpload(deps: Deps, announce: (record: WorkflowRecord) => void) {
  const { store, blobs, config } = deps;
  const tooLarge = `Uploads may be at most ${config.maxUploadBytes} bytes`;
  const now = () => new Date().toISOString();

  return async (c: Context) => {
    const id = c.req.param('id')!;
    const contentType = c.req.header('content-type') ?? '';
    const media = contentType.split(';')[0].trim().toLowerCase();
    if (media !== 'multipart/form-data') throw new ApiProblem(415, 'Send the upload as multipart/form-data');
    // Checked before a byte of the body is read: an upload to a closed or unknown workflow costs nothing.
    const before = await store.get(id);
    if (!before) throw notFound('No such workflow');
    refuseClosed(before);

    const declared = Number(c.req.header('content-length') ?? NaN);
    if (declared > config.maxUploadBytes + 64 * 1024) {
      // Declared larger than any upload: nothing of it is parsed, only drained so the client reads the 413.
      const reader = c.req.raw.body && new BodyReader(c.req.raw.body, config);
      if (declared <= config.drainMaxBytes) await reader?.drain();
      else reader?.stop();
      throw new ApiProblem(413, tooLarge);
    }
    const form = await readUploadForm(
      c.req.raw.body,
      contentType,
      { maxFileBytes: config.maxUploadBytes, limits: config, budget: deps.bodyBudget },
    );
    try {
      const fields = v.safeParse(Fields, form.fields);
      if (!fields.success) {
        const rule = fields.issues.every((issue) => ['type', 'side'].includes(v.getDotPath(issue) ?? ''));
        throw new ApiProblem(rule ? 422 : 400, rule ? 'Invalid document type or side' : 'Malformed upload: send one file, a type and (for documents) a side', {
          errors: fields.issues.map((issue) => ({ path: v.getDotPath(issue) ?? '', message: issue.message })),
        });
      }
      if (!form.file) throw new ApiProblem(400, 'Malformed upload: send one file, a type and (for documents) a side', { errors: [{ path: 'file', message: 'file must be a single file' }] });
      const { type, side } = fields.output;
      const item = type === 'selfie' ? (side ? undefined : 'selfie') : side ? `${type}/${side}` : undefined;
      if (!item || !parseItem(item))
        throw unprocessable(type === 'selfie' ? 'A selfie has no side' : `"${type}" has no side "${side ?? ''}"`, [{ path: 'side', message: 'Not in the catalogue' }]);
      if (form.file.length === 0) throw unprocessable('The file is empty');

      const current = (await store.get(id)) ?? before;
      refuseClosed(current);
      refuseForeignItem(current, item);
      refuseTooManyVersions(current, item);
      const image = inspectImage(form.file);
      if (!image.ok) throw new ApiProblem(image.status, image.reason);
      const clean = await cleanImage(form.file, image.info);
      form.release(); // the upload's bytes are no longer held: what is stored is the clean image
      refuseOverQuota(current, clean.bytes.length, config.workflowQuotaBytes);

      const sha256 = await blobs.put(clean.bytes);
      const document: DocumentRecord = {
        id: `${id}.${randomBytes(9).toString('base64url')}`,
        type: type as DocumentRecord['type'],
        side: (side ?? null) as DocumentRecord['side'],
        mime: clean.mime,
        size: clean.bytes.length,
        sha256,
        width: clean.width,
        height: clean.height,
        createdAt: now(),
      };
      const record = await store
        .update(id, undefined, (next) => {
          // Checked again under the workflow's lock: a submission or another upload may have landed meanwhile.
          refuseClosed(next);
          refuseForeignItem(next, item);
          refuseTooManyVersions(next, item);
          refuseOverQuota(next, document.size, config.workflowQuotaBytes);
          next.documents.push(document);
          next.history.push({
            at: document.createdAt,
            actor: { kind: 'applicant', id },
            action: 'document_uploaded',
            details: { document: document.id, item, sha256, size: document.size, mime: document.mime },
          });
          return next;
        })
        .catch(async (error: unknown) => {
          await blobs.settle(sha256, false); // refused: the image must not stay behind
          throw error;
        });
      await blobs.settle(sha256, true);
      announce(record);
      return c.json({ ...document, version: record.version }, 201);
    } finally {
      form.release();
    }
  };
}

