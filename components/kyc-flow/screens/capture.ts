/**
 * document_photo (one side at a time) and selfie: the camera, the upload
 * fallback, and the quality check of a photo before it is sent. The work
 * behind it is PhotoController's (photos.ts).
 */
import { html, nothing } from 'lit';
import { parseItem, SELFIE, sidesOf, type DocumentType } from '../../workflow/index.js';
import { redoText } from '../reasons.js';
import { itemReason } from './final.js';
import { backButton, heading, primary, type FlowView } from './view.js';

export function renderCapture(view: FlowView) {
  const { t, busy, photos } = view;
  const context = view.state.snapshot.context;
  const item = photos.currentItem();
  const isSelfie = view.state.snapshot.value === 'selfie';
  if (!item) {
    // Every side is uploaded but the submission has not gone through (it failed): offer it again.
    return html`
      ${heading(t.documentTypes[context.documentType!])}
      <p>${t.allSidesTaken}</p>
      <div class="actions">
        ${backButton(view)} ${primary(t.continue, busy, () => void view.workflow?.submitPhotos())}
      </div>
    `;
  }
  const parsed = parseItem(item)!;
  const type = parsed.type as DocumentType;
  const title = isSelfie
    ? t.selfieHeading
    : sidesOf(type).length === 1
      ? t.photoPage(t.documentTypes[type])
      : t.photoHeading(t.documentTypes[type], t.sides[parsed.side!]);
  const redo = context.review ? redoText(t, itemReason(view, item)) : '';
  const pending = photos.pending;
  const upload = view.state.upload;
  const cameraLive = photos.camera !== 'off';
  const facing = isSelfie ? 'user' : 'environment';
  return html`
    ${heading(title)}
    <p class="muted">${isSelfie ? t.selfieHint : t.photoHint}</p>
    ${redo ? html`<p class="warning" part="warning">${t.redoReason(redo)}</p>` : nothing}
    ${cameraLive
      ? html`
          <div part="camera" class="camera ${isSelfie ? 'selfie' : ''}">
            <video aria-label=${t.cameraView} playsinline muted></video>
            <div part="frame" class="frame" aria-hidden="true"></div>
          </div>
          <div class="actions">
            ${primary(isSelfie ? t.takeSelfie : t.takePhoto, busy || photos.camera !== 'on', photos.captureFromCamera)}
            <button part="button" type="button" @click=${photos.stopCamera}>${t.closeCamera}</button>
          </div>
        `
      : nothing}
    ${pending
      ? html`
          <figure>
            <img part="photo" class="photo" src=${pending.url} alt=${t.photoPreview} />
          </figure>
          <div part="warning" class="warning" role="alert">
            ${pending.photo.blurry ? html`<p>${pending.item === SELFIE ? t.selfieBlurry : t.qualityBlurry}</p>` : nothing}
            ${pending.photo.tooSmall ? html`<p>${t.qualityTooSmall(pending.photo.sourceWidth, pending.photo.sourceHeight)}</p>` : nothing}
            <p>${t.qualityAdvice}</p>
          </div>
          <div class="actions">
            <button part="button" type="button" ?disabled=${busy} @click=${photos.retakePending}>${t.retake}</button>
            ${primary(t.continueAnyway, busy, photos.acceptPending)}
          </div>
        `
      : nothing}
    ${upload
      ? html`<progress part="progress" max=${upload.total || 1} .value=${upload.loaded} aria-label=${t.uploadProgress}></progress>`
      : nothing}
    <div class="actions">
      ${photos.hasCamera && !cameraLive
        ? html`<button part="button" type="button" ?disabled=${busy} @click=${() => photos.startCamera(facing)}>
            ${isSelfie ? t.takeSelfie : t.useCamera}
          </button>`
        : nothing}
      <span class="upload">
        <input class="file-input" id="kyc-upload" type="file" accept="image/jpeg,image/png,image/webp"
          ?disabled=${busy} @change=${photos.onFileChosen} />
        <label part="button" class="button" for="kyc-upload">${isSelfie ? t.uploadSelfie : t.uploadPhoto}</label>
      </span>
    </div>
    <p class="muted">${t.uploadHint}</p>
    <div class="actions">${backButton(view)}</div>
  `;
}
