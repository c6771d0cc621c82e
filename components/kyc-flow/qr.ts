/**
 * QR code drawing, imported lazily (uqr, about 3.5 KB brotli) only when the
 * applicant opens "Continue on another device".
 */
import { encode } from 'uqr';

/** Draws `text` as a QR code on `canvas` (4-module quiet zone); returns its module count. */
export function drawQr(canvas: HTMLCanvasElement, text: string, pixelsPerModule = 4): number {
  const { data, size } = encode(text, { ecc: 'M', border: 4 });
  canvas.width = canvas.height = size * pixelsPerModule;
  const ctx = canvas.getContext('2d');
  if (!ctx) return size;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#000';
  data.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) ctx.fillRect(x * pixelsPerModule, y * pixelsPerModule, pixelsPerModule, pixelsPerModule);
    }),
  );
  return size;
}
