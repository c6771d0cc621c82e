/**
 * Camera capture, imported lazily when a camera is used. Documents use the
 * rear camera (`environment`), the selfie the front one (`user`).
 */

export type Facing = 'environment' | 'user';

export class CameraError extends Error {
  override name = 'CameraError';
  constructor(
    /** `camera_denied` (the user or a policy said no) or `camera_unavailable`. */
    readonly code: 'camera_denied' | 'camera_unavailable',
    message: string,
  ) {
    super(message);
  }
}

export interface CameraSession {
  readonly stream: MediaStream;
  /** The current frame as a JPEG. */
  capture(): Promise<Blob>;
  stop(): void;
}

export async function startCamera(video: HTMLVideoElement, facing: Facing): Promise<CameraSession> {
  if (!navigator.mediaDevices?.getUserMedia) throw new CameraError('camera_unavailable', 'No camera API');
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: { facingMode: { ideal: facing }, width: { ideal: 1920 }, height: { ideal: 1080 } },
    });
  } catch (error) {
    const name = (error as DOMException)?.name;
    if (name === 'NotAllowedError' || name === 'SecurityError') throw new CameraError('camera_denied', name);
    throw new CameraError('camera_unavailable', name || String(error));
  }
  const stop = () => {
    for (const track of stream.getTracks()) track.stop();
    if (video.srcObject === stream) video.srcObject = null;
  };
  try {
    video.muted = true;
    video.playsInline = true;
    video.srcObject = stream;
    await video.play();
    if (!video.videoWidth) await new Promise((resolve) => video.addEventListener('loadedmetadata', resolve, { once: true }));
  } catch (error) {
    stop();
    throw new CameraError('camera_unavailable', (error as Error)?.name || String(error));
  }
  return {
    stream,
    stop,
    capture() {
      const canvas = document.createElement('canvas');
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      canvas.getContext('2d')?.drawImage(video, 0, 0);
      return new Promise((resolve, reject) =>
        canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new CameraError('camera_unavailable', 'capture'))), 'image/jpeg', 0.92),
      );
    },
  };
}
