/**
 * Multipart upload with progress. XMLHttpRequest because fetch reports no
 * upload progress over HTTP/1.1. The token travels in the Authorization
 * header, never in the URL.
 */
import { apiUrl, codeForStatus, KycApiError, type Problem } from '../common/http.js';
import type { DocumentInfo } from './types.js';

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadOptions {
  api: string;
  workflowId: string;
  token: string;
  file: Blob;
  fileName?: string;
  type: string;
  side?: string | null;
  onProgress?(progress: UploadProgress): void;
  signal?: AbortSignal;
}

export function uploadDocument(options: UploadOptions): Promise<DocumentInfo> {
  const form = new FormData();
  form.append('file', options.file, options.fileName ?? 'photo');
  form.append('type', options.type);
  if (options.side) form.append('side', options.side);

  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl(options.api, `/workflows/${encodeURIComponent(options.workflowId)}/documents`));
    xhr.setRequestHeader('authorization', `Bearer ${options.token}`);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.withCredentials = false;
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.({ loaded: event.loaded, total: event.total });
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body) {
        options.onProgress?.({ loaded: options.file.size, total: options.file.size });
        resolve(body as DocumentInfo);
        return;
      }
      const problem = body as Problem | undefined;
      reject(
        new KycApiError(
          xhr.status,
          problem?.code === 'token_expired' ? problem.code : codeForStatus(xhr.status),
          problem?.detail || problem?.title || `${xhr.status} ${xhr.statusText}`,
          problem,
        ),
      );
    };
    xhr.onerror = () => reject(new KycApiError(0, 'network', 'The connection failed. Check your network and try again.'));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}
