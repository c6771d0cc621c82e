/**
 * The photo work behind the capture and review screens, as a controller: the
 * camera session, the photo being checked (blur, resolution), its upload, and
 * the object URLs of the images shown. The camera and canvas code itself
 * stays in camera.ts and image.ts (loaded lazily).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { documentItems, SELFIE, type UploadItem } from '../workflow/index.js';
import type { KycWorkflow, KycWorkflowState } from '../client/kyc-workflow.js';
import type { CameraSession, Facing } from './camera.js';
import type { PreparedPhoto } from './image.js';
import type { KycFlowStrings } from './strings.js';

export interface PendingPhoto {
  item: UploadItem;
  photo: PreparedPhoto;
  url: string;
}

export type CameraPhase = 'off' | 'starting' | 'on';

interface PhotoHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly isConnected: boolean;
}

export interface PhotoControllerOptions {
  workflow(): KycWorkflow | null;
  strings(): KycFlowStrings;
  showError(code: string, message: string): void;
  clearError(): void;
  /** A progress line for the status region ('' clears it). */
  setStatus(text: string): void;
}

export class PhotoController implements ReactiveController {
  hasCamera = false;
  camera: CameraPhase = 'off';
  pending: PendingPhoto | null = null;
  preparing = false;
  private granted = false;
  private session: CameraSession | null = null;
  private run = 0;
  /** Document id → object URL of its image (revoked once the id is no longer an upload of the snapshot). */
  private images = new Map<string, string>();
  private loading = new Set<string>();

  constructor(
    private readonly host: PhotoHost,
    private readonly options: PhotoControllerOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    void this.detectCamera();
  }

  hostDisconnected(): void {
    this.stopCamera();
    this.clearPending();
    this.clearImages();
  }

  private get state(): KycWorkflowState | null {
    return this.options.workflow()?.getState() ?? null;
  }

  private find<T extends Element>(selector: string): T | null {
    return this.host.renderRoot.querySelector<T>(selector);
  }

  /** The item the capture screen asks for: the first side without an upload, or the selfie. */
  currentItem(): UploadItem | undefined {
    const snapshot = this.state?.snapshot;
    if (!snapshot) return undefined;
    if (snapshot.value === 'selfie') return SELFIE;
    const type = snapshot.context.documentType;
    if (snapshot.value !== 'document_photo' || !type) return undefined;
    return documentItems(type).find((item) => !snapshot.context.uploads[item]);
  }

  imageUrl(id: string | undefined): string | undefined {
    return id ? this.images.get(id) : undefined;
  }

  private async detectCamera() {
    try {
      const devices = (await navigator.mediaDevices?.enumerateDevices()) ?? [];
      this.hasCamera = devices.some((device) => device.kind === 'videoinput');
      this.host.requestUpdate();
      const permission = await navigator.permissions?.query({ name: 'camera' as PermissionName });
      this.granted = permission?.state === 'granted';
      if (this.granted) this.autoStart();
    } catch {
      /* no camera API: uploads only */
    }
  }

  /** Opens the camera on a capture screen when permission was given before. */
  autoStart() {
    const item = this.currentItem();
    if (this.granted && this.hasCamera && item && this.camera === 'off' && !this.pending) {
      void this.startCamera(item === SELFIE ? 'user' : 'environment');
    }
  }

  async startCamera(facing: Facing) {
    const run = ++this.run;
    this.camera = 'starting';
    this.options.clearError();
    await this.host.updateComplete;
    const video = this.find<HTMLVideoElement>('video');
    try {
      if (!video) throw new Error('no video');
      const { startCamera } = await import('./camera.js');
      const session = await startCamera(video, facing);
      if (run !== this.run || this.camera !== 'starting' || !video.isConnected) {
        session.stop();
        return;
      }
      this.session = session;
      this.camera = 'on';
      this.granted = true;
      this.host.requestUpdate();
    } catch (error) {
      // The screen changed (or the camera was closed) while it was starting: nothing to report.
      if (run !== this.run || this.camera !== 'starting' || !video?.isConnected) return;
      this.camera = 'off';
      const t = this.options.strings();
      const denied = (error as { code?: string }).code === 'camera_denied';
      this.options.showError(denied ? 'camera_denied' : 'camera_unavailable', denied ? t.cameraDenied : t.cameraUnavailable);
      this.find<HTMLInputElement>('input[type=file]')?.focus();
    }
  }

  stopCamera = () => {
    this.run++;
    this.session?.stop();
    this.session = null;
    this.camera = 'off';
    this.host.requestUpdate();
  };

  captureFromCamera = async () => {
    const item = this.currentItem();
    if (!this.session || !item) return;
    const blob = await this.session.capture();
    this.stopCamera();
    await this.takePhoto(item, blob);
  };

  onFileChosen = async (event: Event) => {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    const item = this.currentItem();
    if (!file || !item) return;
    this.stopCamera();
    await this.takePhoto(item, file);
  };

  private async takePhoto(item: UploadItem, file: Blob) {
    this.clearPending();
    this.options.clearError();
    this.preparing = true;
    this.options.setStatus(this.options.strings().preparing);
    let photo: PreparedPhoto;
    try {
      // Lazy: the canvas work is only needed once a photo is taken.
      const { preparePhoto } = await import('./image.js');
      photo = await preparePhoto(file);
    } catch {
      this.preparing = false;
      this.options.setStatus('');
      this.options.showError('photo_unreadable', this.options.strings().photoUnreadable);
      return;
    }
    this.preparing = false;
    this.options.setStatus('');
    if (photo.blurry || photo.tooSmall) {
      this.pending = { item, photo, url: URL.createObjectURL(photo.blob) };
      this.host.requestUpdate();
      return;
    }
    await this.upload(item, photo);
  }

  private async upload(item: UploadItem, photo: PreparedPhoto) {
    const workflow = this.options.workflow();
    if (!workflow) return;
    const moved = await workflow.capture(item, photo.blob, item === SELFIE ? 'selfie.jpg' : `${item.replace('/', '-')}.jpg`);
    this.options.setStatus('');
    if (!moved) return;
    this.clearPending();
    const id = workflow.getSnapshot().context.uploads[item];
    if (id && !this.images.has(id)) this.images.set(id, URL.createObjectURL(photo.blob));
    if (workflow.getSnapshot().value === 'document_photo' && !this.currentItem()) await workflow.submitPhotos();
  }

  acceptPending = async () => {
    const pending = this.pending;
    if (pending) await this.upload(pending.item, pending.photo);
  };

  retakePending = () => {
    const item = this.pending?.item;
    this.clearPending();
    if (item && this.granted && this.hasCamera) void this.startCamera(item === SELFIE ? 'user' : 'environment');
    else this.host.updateComplete.then(() => this.find<HTMLInputElement>('input[type=file]')?.focus());
  };

  clearPending() {
    if (this.pending) URL.revokeObjectURL(this.pending.url);
    this.pending = null;
    this.host.requestUpdate();
  }

  clearImages() {
    for (const url of this.images.values()) URL.revokeObjectURL(url);
    this.images.clear();
  }

  /** Revokes the images of uploads the snapshot no longer holds (retaken, or cleared by a restart). */
  prune(state: KycWorkflowState) {
    const current = new Set(Object.values(state.snapshot.context.uploads));
    for (const [id, url] of this.images) {
      if (current.has(id)) continue;
      URL.revokeObjectURL(url);
      this.images.delete(id);
    }
  }

  /** Fetches (with the token in a header) the images a review screen shows. */
  load(state: KycWorkflowState) {
    const value = state.snapshot.value;
    if (value !== 'document_review' && value !== 'selfie_review') return;
    const uploads = state.snapshot.context.uploads;
    const ids =
      value === 'selfie_review'
        ? [uploads[SELFIE]]
        : Object.entries(uploads).filter(([k]) => k !== SELFIE).map(([, id]) => id);
    for (const id of ids) {
      if (!id || this.images.has(id) || this.loading.has(id)) continue;
      this.loading.add(id);
      this.options
        .workflow()
        ?.documentUrl(id)
        .then((url) => {
          const now = this.state?.phase === 'ready' ? Object.values(this.state.snapshot.context.uploads) : [];
          if (this.host.isConnected && now.includes(id) && !this.images.has(id)) this.images.set(id, url);
          else URL.revokeObjectURL(url);
          this.host.requestUpdate();
        })
        .catch(() => undefined)
        .finally(() => this.loading.delete(id));
    }
  }
}
