/**
 * Uploading: a photo goes up through XMLHttpRequest (for progress), then the
 * machine hears of it (`PHOTO_TAKEN` / `SELFIE_TAKEN`); with every side taken,
 * `PHOTOS_SUBMITTED` leaves the photo step.
 */
import { documentItems, parseItem, SELFIE, type KycContext, type KycEvent, type UploadItem } from '../workflow/index.js';
import { isAbort, type Core } from './core.js';
import type { Saving } from './saving.js';
import { uploadDocument } from './upload.js';

export function createUploading(core: Core, saving: Saving) {
  const capture = async (item: UploadItem, file: Blob, fileName?: string): Promise<boolean> => {
    if (core.destroyed || core.state.phase !== 'ready' || !core.workflowId || !core.token) return false;
    const parsed = parseItem(item);
    if (!parsed) return false;
    core.set({ busy: true, error: null, upload: { item, loaded: 0, total: file.size } });
    try {
      const doc = await uploadDocument({
        api: core.api,
        workflowId: core.workflowId,
        token: core.token,
        file,
        fileName: fileName ?? `${item.replace('/', '-')}.${file.type.split('/')[1] ?? 'jpg'}`,
        type: parsed.type,
        side: parsed.side,
        signal: core.aborter.signal,
        onProgress: ({ loaded, total }) => core.set({ upload: { item, loaded, total } }),
      });
      if (core.destroyed) return false;
      if (typeof doc.version === 'number') core.version = Math.max(core.version, doc.version);
      core.lastFailed = null;
      core.set({ busy: false, upload: null, documents: [doc, ...core.state.documents] });
      const event: KycEvent =
        item === SELFIE ? { type: 'SELFIE_TAKEN', upload: doc.id } : { type: 'PHOTO_TAKEN', item, upload: doc.id };
      return await saving.send(event);
    } catch (error) {
      if (isAbort(error) || core.destroyed) return false;
      core.fail(error, () => capture(item, file, fileName));
      return false;
    }
  };

  const submitPhotos = () => {
    const { context } = core.actor.getSnapshot();
    if (!context.documentType) return Promise.resolve(false);
    const uploads = Object.fromEntries(
      documentItems(context.documentType).map((item) => [item, context.uploads[item]]),
    ) as KycContext['uploads'];
    return saving.send({
      type: 'PHOTOS_SUBMITTED',
      documentType: context.documentType,
      uploads,
      ...(context.issuingCountry ? { issuingCountry: context.issuingCountry } : {}),
    });
  };

  return { capture, submitPhotos };
}
