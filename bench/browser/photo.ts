/**
 * Loaded beside `<kyc-flow>` on the bench page: makes the "camera photo"
 * (the browser tests' document generator at phone resolution) and, as a
 * fallback when the element's flow cannot be walked, runs the element's
 * image preparation on it directly.
 */
import { preparePhoto } from '../../components/kyc-flow/image.js';
import { documentFile } from '../../test/browser/fixtures/images.js';

declare global {
  // eslint-disable-next-line no-var
  var benchPhoto: (width: number, height: number) => Promise<string>;
  // eslint-disable-next-line no-var
  var benchPrepare: (base64: string) => Promise<{ bytes: number; width: number; height: number }>;
}

const toBase64 = (bytes: Uint8Array) => {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
};

/** A JPEG as a phone writes it: 4000×3000, quality 0.92, sensor grain. */
globalThis.benchPhoto = async (width, height) => {
  const file = await documentFile({ width, height, grain: 10, quality: 0.92, name: 'IMG_0001.jpg' });
  return toBase64(new Uint8Array(await file.arrayBuffer()));
};

globalThis.benchPrepare = async (base64) => {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const photo = await preparePhoto(new Blob([bytes], { type: 'image/jpeg' }));
  return { bytes: photo.blob.size, width: photo.width, height: photo.height };
};
