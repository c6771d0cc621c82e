/**
 * A small applicant and reviewer client over any `fetch`-like function: the
 * in-process `app.request()` or real HTTP. It walks the contract's flow
 * (api.md) and throws with the answer when a step is not 2xx.
 */
import type { Applicant, DocumentType } from '../../../../components/workflow/index.js';
import { jpeg } from './images.js';

export const API = '/api/v1';

/** `path` is below /api/v1. */
export type Fetcher = (path: string, init?: RequestInit) => Promise<Response>;

export const inProcess =
  (app: { request(input: string, init?: RequestInit): Response | Promise<Response> }): Fetcher =>
  async (path, init) =>
    app.request(API + path, init);

export const overHttp =
  (base: string): Fetcher =>
  (path, init) =>
    fetch(base + API + path, init);

export const ada: Applicant = { firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '1990-12-10', country: 'GB' };

export class StepFailed extends Error {
  constructor(
    readonly step: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${step}: ${status} ${body.slice(0, 300)}`);
  }
}

export const bearer = (credential: string) => ({ authorization: `Bearer ${credential}` });

export async function json<T = any>(step: string, response: Response | Promise<Response>): Promise<T> {
  const res = await response;
  const text = await res.text();
  if (!res.ok) throw new StepFailed(step, res.status, text);
  return JSON.parse(text) as T;
}

export function jsonInit(method: string, body: unknown, credential?: string): RequestInit {
  return {
    method,
    headers: { 'content-type': 'application/json', ...(credential ? bearer(credential) : {}) },
    body: JSON.stringify(body),
  };
}

export function uploadInit(credential: string, file: Uint8Array, type: string, side?: string | null, mime = 'image/jpeg'): RequestInit {
  const form = new FormData();
  form.append('file', new Blob([file as Uint8Array<ArrayBuffer>], { type: mime }), 'photo.jpg');
  form.append('type', type);
  if (side) form.append('side', side);
  return { method: 'POST', headers: bearer(credential), body: form };
}

/** One applicant's workflow as the client knows it. */
export interface Applying {
  id: string;
  token: string;
  version: number;
  documentType: DocumentType;
  issuingCountry: string;
  uploads: Record<string, string>;
  applicant: Applicant;
}

export type Stage = 'created' | 'details' | 'selection' | 'photos_uploaded' | 'photos_submitted' | 'selfie_uploaded' | 'submitted';
const STAGES: Stage[] = ['created', 'details', 'selection', 'photos_uploaded', 'photos_submitted', 'selfie_uploaded', 'submitted'];

export interface FlowOptions {
  documentType?: DocumentType;
  applicant?: Applicant;
  /** Bytes for each upload (called once per upload); a small JPEG by default. */
  image?: () => Uint8Array;
  /** Called with each route's name and its latency in ms (for the load report). */
  timed?: (route: string, ms: number) => void;
  /** Called after each acknowledged write, with the flow already updated (version, uploads). */
  acknowledged?: (flow: Applying, route: string) => void;
}

const SIDES: Record<DocumentType, string[]> = { passport: ['front'], id_card: ['front', 'back'], drivers_license: ['front', 'back'], residence_permit: ['front', 'back'] };

async function timedCall<T>(options: FlowOptions, route: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await run();
  options.timed?.(route, performance.now() - started);
  return result;
}

/** Creates a workflow and walks it as far as `until`. */
export async function applicantUntil(fetcher: Fetcher, until: Stage, options: FlowOptions = {}): Promise<Applying> {
  const created = await timedCall(options, 'POST /workflows', () => json('create', fetcher('/workflows', jsonInit('POST', {}))));
  const flow: Applying = {
    id: created.id,
    token: created.token,
    version: created.version,
    documentType: options.documentType ?? 'id_card',
    issuingCountry: 'GB',
    uploads: {},
    applicant: options.applicant ?? ada,
  };
  await continueUntil(fetcher, flow, until, options, 'created');
  return flow;
}

/** Walks an existing workflow from stage `from` to `until`. */
export async function continueUntil(fetcher: Fetcher, flow: Applying, until: Stage, options: FlowOptions = {}, from: Stage = 'created'): Promise<Applying> {
  const image = options.image ?? jpeg;
  const put = async (state: string, context: unknown) => {
    const route = 'PUT /workflows/:id/snapshot';
    const answer = await timedCall(options, route, () =>
      json<{ version: number }>(`PUT ${state}`, fetcher(`/workflows/${flow.id}/snapshot`, jsonInit('PUT', { state, context, version: flow.version }, flow.token))),
    );
    flow.version = answer.version;
    options.acknowledged?.(flow, route);
  };
  const upload = async (type: string, side: string | null) => {
    const route = 'POST /workflows/:id/documents';
    const doc = await timedCall(options, route, () => json(`upload ${type}/${side}`, fetcher(`/workflows/${flow.id}/documents`, uploadInit(flow.token, image(), type, side))));
    flow.version = doc.version;
    flow.uploads[side ? `${type}/${side}` : 'selfie'] = doc.id;
    options.acknowledged?.(flow, route);
  };
  for (const stage of STAGES.slice(STAGES.indexOf(from) + 1, STAGES.indexOf(until) + 1)) {
    if (stage === 'details') await put('personal_details', { uploads: {} });
    if (stage === 'selection') await put('document_selection', { applicant: flow.applicant, uploads: {} });
    if (stage === 'photos_uploaded') for (const side of SIDES[flow.documentType]) await upload(flow.documentType, side);
    if (stage === 'photos_submitted') {
      const route = 'POST /workflows/:id/events';
      const uploads = Object.fromEntries(SIDES[flow.documentType].map((side) => [`${flow.documentType}/${side}`, flow.uploads[`${flow.documentType}/${side}`]]));
      const body = { type: 'PHOTOS_SUBMITTED', documentType: flow.documentType, issuingCountry: flow.issuingCountry, uploads, version: flow.version };
      flow.version = (await timedCall(options, route, () => json('PHOTOS_SUBMITTED', fetcher(`/workflows/${flow.id}/events`, jsonInit('POST', body, flow.token))))).version;
      options.acknowledged?.(flow, route);
    }
    if (stage === 'selfie_uploaded') await upload('selfie', null);
    if (stage === 'submitted') await put('final', finalContext(flow));
  }
  return flow;
}

export function finalContext(flow: Applying) {
  return { applicant: flow.applicant, documentType: flow.documentType, issuingCountry: flow.issuingCountry, uploads: { ...flow.uploads } };
}

/** A reviewer claims a case and decides it; returns the case after the decision. */
export async function claimAndDecide(
  fetcher: Fetcher,
  key: string,
  id: string,
  decision: { outcome: 'approve' } | { outcome: 'reject'; reason: string },
  timed?: FlowOptions['timed'],
) {
  const options = { timed };
  const opened = await timedCall(options, 'GET /cases/:id', () => json(`open ${id}`, fetcher(`/cases/${id}`, { headers: bearer(key) })));
  const claimed = await timedCall(options, 'POST /cases/:id/assignment', () =>
    json(`claim ${id}`, fetcher(`/cases/${id}/assignment`, jsonInit('POST', { version: opened.version }, key))),
  );
  return timedCall(options, 'POST /cases/:id/decision', () =>
    json(`decide ${id}`, fetcher(`/cases/${id}/decision`, jsonInit('POST', { ...decision, version: claimed.version }, key))),
  );
}
