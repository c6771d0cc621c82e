import { expect, waitUntil } from '@open-wc/testing';
import { BLUR_THRESHOLD, MAX_EDGE, preparePhoto } from '../../components/kyc-flow/image.js';
import { button, buttons, clearKycStorage, documentBytes, errorText, field, heading, smallPhoto, waitForHeading, waitForState } from './fixtures/flow.js';
import { chooseDocument, fillDetails, mount, start } from './fixtures/drive.js';
import { canvasBlob, documentFile, drawDocument, imageSize, pickFile } from './fixtures/images.js';

/** A JPEG with an EXIF (APP1) segment, as a phone would write it. */
async function withExif(file: File): Promise<File> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const tiff = [0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];
  const payload = [...new TextEncoder().encode('Exif'), 0, 0, ...tiff];
  const length = payload.length + 2;
  const app1 = [0xff, 0xe1, length >> 8, length & 0xff, ...payload];
  const out = new Uint8Array(bytes.length + app1.length);
  out.set(bytes.subarray(0, 2));
  out.set(app1, 2);
  out.set(bytes.subarray(2), 2 + app1.length);
  return new File([out], file.name, { type: 'image/jpeg' });
}

const hasExif = async (blob: Blob) => new TextDecoder('latin1').decode(await blob.arrayBuffer()).includes('Exif\0\0');

async function toPhoto(documentName: 'Passport' | 'ID card' = 'Passport') {
  const mounted = await mount();
  await start(mounted.el);
  await fillDetails(mounted.el);
  await chooseDocument(mounted.el, documentName);
  await waitForHeading(mounted.el, /front|page with your photo/);
  return mounted;
}

const warning = (el: HTMLElement) => el.shadowRoot!.querySelector('.warning[role=alert]');

describe('<kyc-flow> photos', () => {
  const realGetUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  beforeEach(() => clearKycStorage());
  afterEach(() => {
    navigator.mediaDevices.getUserMedia = realGetUserMedia;
  });

  it('uploads a 4000×3000 photo at ≤ 2000 px and ≤ 1/5 of its bytes, without EXIF', async () => {
    const original = await withExif(await documentFile({ width: 4000, height: 3000, quality: 0.95, name: 'big.jpg' }));
    expect(await hasExif(original)).to.equal(true);
    const { el } = await toPhoto();
    const progress: number[] = [];
    const off = el.workflow!.subscribe((state) => state.upload && progress.push(state.upload.loaded));
    pickFile(field(el, 'Upload photo'), original);
    await waitForState(el, 'document_review', 20000);
    off();
    const id = el.workflow!.getSnapshot().context.uploads['passport/front']!;
    const stored = await documentBytes(id);
    const size = await imageSize(stored);
    const ratio = stored.size / original.size;
    console.log(`4000×3000 upload: original ${original.size} B → stored ${stored.size} B (${size.width}×${size.height}), ratio ${ratio.toFixed(3)}`);
    expect(Math.max(size.width, size.height)).to.equal(MAX_EDGE);
    expect(size).to.deep.equal({ width: 2000, height: 1500 });
    expect(ratio).to.be.at.most(1 / 5);
    expect(stored.type).to.equal('image/jpeg');
    expect(await hasExif(stored)).to.equal(false);
    expect(progress.length).to.be.greaterThan(0);
    const doc = el.workflow!.getState().documents.find((d) => d.id === id)!;
    expect(doc.size).to.equal(stored.size);
  });

  it('measures blur: sharp documents far above the threshold, blurred ones below (calibration)', async function () {
    this.timeout(60_000); // four 4000×3000 canvases drawn, encoded and decoded: slow on a busy 2-core machine
    const figures: string[] = [];
    for (const [width, height] of [
      [1600, 1000],
      [4000, 3000],
    ]) {
      const sharp = await preparePhoto(await canvasBlob(drawDocument({ width, height }), 'image/jpeg', 0.92));
      const blurred = await preparePhoto(
        await canvasBlob(drawDocument({ width, height, blur: width / 200 }), 'image/jpeg', 0.92),
      );
      figures.push(`${width}×${height}: sharp ${sharp.sharpness.toFixed(0)}, blurred ${blurred.sharpness.toFixed(1)}`);
      expect(sharp.blurry).to.equal(false);
      expect(sharp.sharpness).to.be.greaterThan(BLUR_THRESHOLD * 5);
      expect(blurred.blurry).to.equal(true);
    }
    console.log(`variance of the Laplacian (threshold ${BLUR_THRESHOLD}): ${figures.join('; ')}`);
  });

  it('warns about a blurred photo (Retake or Continue anyway) and not about a sharp one', async () => {
    const { el } = await toPhoto('ID card');
    pickFile(field(el, 'Upload photo'), await documentFile({ width: 1600, height: 1000, blur: 8 }));
    await waitUntil(() => warning(el), 'blur warning');
    expect(warning(el)!.textContent).to.match(/blurry/);
    expect(el.shadowRoot!.querySelector('img.photo')).to.exist;
    await expect(el).to.be.accessible();
    // Retake: the warning goes, nothing was uploaded, still the front side.
    button(el, 'Retake').click();
    await el.updateComplete;
    expect(warning(el) === null, 'no quality warning').to.equal(true);
    expect(el.workflow!.getSnapshot().context.uploads).to.deep.equal({});
    // Blurred again, then continue anyway: uploaded, on to the back.
    pickFile(field(el, 'Upload photo'), await documentFile({ width: 1600, height: 1000, blur: 8 }));
    await waitUntil(() => warning(el), 'blur warning again');
    button(el, 'Continue anyway').click();
    await waitForHeading(el, /back side/);
    expect(el.workflow!.getSnapshot().context.uploads['id_card/front']).to.be.a('string');
    // A sharp photo: no warning, straight on.
    pickFile(field(el, 'Upload photo'), await documentFile({ width: 1600, height: 1000 }));
    await waitForState(el, 'document_review');
    expect(warning(el) === null, 'no quality warning').to.equal(true);
  });

  it('revokes the object URL of a retaken photo once its new upload replaces it, and every one on a restart', async () => {
    const revoked: string[] = [];
    const realRevoke = URL.revokeObjectURL;
    URL.revokeObjectURL = (url: string) => {
      revoked.push(url);
      realRevoke.call(URL, url);
    };
    try {
      const { el } = await toPhoto();
      const shown = () => el.shadowRoot!.querySelector<HTMLImageElement>('img[part=photo]')?.src ?? '';
      pickFile(field(el, 'Upload photo'), await smallPhoto(21));
      await waitForState(el, 'document_review');
      await waitUntil(() => shown().startsWith('blob:'), 'first photo shown');
      const first = shown();
      expect(revoked).to.not.include(first);

      button(el, 'Retake').click();
      await waitForState(el, 'document_photo');
      pickFile(field(el, 'Upload photo'), await smallPhoto(22));
      await waitForState(el, 'document_review');
      await waitUntil(() => shown().startsWith('blob:') && shown() !== first, 'second photo shown');
      const second = shown();
      expect(revoked).to.include(first);
      expect(revoked).to.not.include(second);

      // A restart (here: another api attribute) starts a new client: the old images go.
      el.api = `${el.api}/`;
      await waitUntil(() => revoked.includes(second), 'revoked on restart');
      await waitForState(el, 'document_review');
    } finally {
      URL.revokeObjectURL = realRevoke;
    }
  });

  it('warns about a photo below the minimum resolution', async () => {
    const { el } = await toPhoto();
    pickFile(field(el, 'Upload photo'), await documentFile({ width: 400, height: 300 }));
    await waitUntil(() => warning(el), 'size warning');
    expect(warning(el)!.textContent).to.match(/small \(400 × 300 pixels\)/);
  });

  it('takes the document with the rear camera and the selfie with the front one (fake camera)', async () => {
    const constraints: MediaStreamConstraints[] = [];
    navigator.mediaDevices.getUserMedia = (c?: MediaStreamConstraints) => {
      constraints.push(c!);
      return realGetUserMedia(c);
    };
    const { el } = await toPhoto();
    expect(buttons(el, 'Upload photo').length + el.shadowRoot!.querySelectorAll('label[for=kyc-upload]').length).to.be.greaterThan(0);
    if (buttons(el, 'Use camera').length) button(el, 'Use camera').click();
    await waitUntil(() => buttons(el, 'Take photo')[0]?.disabled === false, 'camera live', { timeout: 10000 });
    expect(el.shadowRoot!.querySelector('[part=frame]')).to.exist;
    // The upload stays available next to the camera.
    expect(field(el, 'Upload photo').type).to.equal('file');
    await expect(el).to.be.accessible();
    button(el, 'Take photo').click();
    await waitUntil(() => el.currentState === 'document_review' || warning(el), 'captured');
    if (warning(el)) button(el, 'Continue anyway').click();
    await waitForState(el, 'document_review');
    const stored = await documentBytes(el.workflow!.getSnapshot().context.uploads['passport/front']!);
    const size = await imageSize(stored);
    expect(size.width).to.be.greaterThan(0);
    expect((constraints[0].video as MediaTrackConstraints).facingMode).to.deep.equal({ ideal: 'environment' });

    button(el, 'Continue').click();
    await waitForState(el, 'selfie');
    if (!buttons(el, 'Take selfie').some((b) => !b.disabled && el.shadowRoot!.querySelector('video')))
      button(el, 'Take selfie').click();
    await waitUntil(() => el.shadowRoot!.querySelector('video') && buttons(el, 'Take selfie')[0]?.disabled === false, 'selfie camera');
    expect((constraints.at(-1)!.video as MediaTrackConstraints).facingMode).to.deep.equal({ ideal: 'user' });
    expect(field(el, 'Upload selfie').type).to.equal('file');
    button(el, 'Take selfie').click();
    await waitUntil(() => el.currentState === 'selfie_review' || warning(el), 'selfie captured');
    if (warning(el)) button(el, 'Continue anyway').click();
    await waitForState(el, 'selfie_review');
  });

  it('falls back to upload when camera permission is denied', async () => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    const { el, events } = await toPhoto();
    if (buttons(el, 'Use camera').length) button(el, 'Use camera').click();
    await waitUntil(() => events.some((e) => e.type === 'kyc-error'), 'kyc-error');
    expect(events.find((e) => e.type === 'kyc-error')!.detail.code).to.equal('camera_denied');
    await el.updateComplete;
    expect(errorText(el)).to.match(/not allowed.*upload a photo instead/i);
    expect(el.shadowRoot!.querySelector('video') === null, 'no camera view').to.equal(true);
    expect(heading(el)!.textContent).to.match(/front|page with your photo/);
    await expect(el).to.be.accessible();
    pickFile(field(el, 'Upload photo'), await documentFile({ width: 1200, height: 800 }));
    await waitForState(el, 'document_review');
  });
});
