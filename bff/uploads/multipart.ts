/**
 * An upload's multipart body, parsed as it arrives (@fastify/busboy) under
 * fixed limits: one file, a handful of short fields, a few parts with few,
 * short headers. The first part past a limit ends the parse at once (400):
 * a body of 150,000 empty parts costs what its first few cost.
 */
import { Busboy } from '@fastify/busboy';
import { BodyReader, type BodyBudget, type BodyLimits } from '../body.js';
import { ApiProblem, badRequest } from '../problem.js';

/** What an upload may hold: `file`, `type`, `side` (README § Limits). */
export const MULTIPART_LIMITS = {
  files: 1,
  fields: 2,
  parts: 3,
  fieldNameSize: 16,
  fieldSize: 64,
  headerPairs: 4,
  headerSize: 1024,
} as const;

export interface UploadForm {
  fields: Record<string, string>;
  /** The file's bytes, or undefined when no file part came. */
  file: Uint8Array | undefined;
  /** Gives back what the file held of the body budget. */
  release(): void;
}

export async function readUploadForm(
  body: ReadableStream<Uint8Array> | null,
  contentType: string,
  options: { maxFileBytes: number; limits: BodyLimits; budget: BodyBudget },
): Promise<UploadForm> {
  if (!body) throw badRequest('Malformed multipart body');
  const reader = new BodyReader(body, options.limits);
  let held = 0;
  const release = () => {
    options.budget.give(held);
    held = 0;
  };
  let parser;
  try {
    parser = Busboy({ headers: { 'content-type': contentType }, limits: { ...MULTIPART_LIMITS, fileSize: options.maxFileBytes } });
  } catch {
    reader.stop();
    throw badRequest('Malformed multipart body: no boundary');
  }
  const fields: Record<string, string> = {};
  const chunks: Uint8Array[] = [];
  let fileCount = 0;
  /** The first refusal; the parse stops there. */
  let refusal: ApiProblem | undefined;
  const refuse = (problem: ApiProblem) => {
    refusal ??= problem;
  };
  const malformed = 'Malformed upload: send one file, a type and (for documents) a side';
  const finished = new Promise<void>((resolve) => {
    parser.on('finish', resolve);
    parser.on('error', () => {
      refuse(badRequest('Malformed multipart body'));
      resolve();
    });
  });
  parser.on('partsLimit', () => refuse(badRequest(`${malformed} (more than ${MULTIPART_LIMITS.parts} parts)`)));
  parser.on('filesLimit', () => refuse(badRequest(`${malformed} (more than one file)`)));
  parser.on('fieldsLimit', () => refuse(badRequest(`${malformed} (too many fields)`)));
  parser.on('field', (name, value, nameTruncated, valueTruncated) => {
    if (valueTruncated) return refuse(new ApiProblem(413, `The ${name.slice(0, 16)} field may be at most ${MULTIPART_LIMITS.fieldSize} bytes`));
    if (nameTruncated || Object.hasOwn(fields, name) || (name !== 'type' && name !== 'side'))
      return refuse(badRequest(malformed, [{ path: name.slice(0, 16), message: 'Unexpected or oversized field' }]));
    fields[name] = value;
  });
  parser.on('file', (name, stream) => {
    fileCount++;
    // A part cut short errors its file stream as well as the parser: the parser's error is the one answered.
    stream.on('error', () => refuse(badRequest('Malformed multipart body')));
    if (name !== 'file') {
      refuse(badRequest(malformed, [{ path: name.slice(0, 16), message: 'Unexpected file field' }]));
      return stream.resume();
    }
    stream.on('data', (chunk: Buffer) => {
      if (refusal) return;
      try {
        options.budget.take(chunk.length);
      } catch (error) {
        return refuse(error as ApiProblem);
      }
      held += chunk.length;
      chunks.push(chunk);
    });
    stream.on('limit', () => refuse(new ApiProblem(413, `Uploads may be at most ${options.maxFileBytes} bytes`)));
  });

  const delimiters = delimiterCounter(contentType);
  try {
    for (let chunk = await reader.next(); chunk && !refusal; chunk = await reader.next()) {
      // Counted before busboy sees the bytes: it parses a whole chunk in one go, and 1,000 empty parts
      // in one 64 KB chunk cost it ~300 ms even past its limits. Buffer.indexOf counts them in microseconds.
      if (delimiters(chunk) > MULTIPART_LIMITS.parts + 1) {
        refuse(badRequest(`${malformed} (more than ${MULTIPART_LIMITS.parts} parts)`));
        break;
      }
      // Busboy parses synchronously inside write(); a refusal raised by this chunk stops the loop.
      if (!parser.write(chunk)) await new Promise((resolve) => parser.once('drain', resolve));
    }
    if (!refusal) {
      parser.end();
      await finished;
    }
  } catch (error) {
    release();
    reader.stop();
    destroy(parser);
    throw error;
  }
  if (refusal) {
    release();
    chunks.length = 0;
    destroy(parser);
    await reader.drain(); // so that the client, still sending, reads the answer
    throw refusal;
  }
  if (fileCount > 1) {
    release();
    throw badRequest(`${malformed} (more than one file)`);
  }
  return { fields, file: fileCount ? Buffer.concat(chunks) : undefined, release };
}

/** Ends a parse early; the errors its parts raise on the way out have been answered already. */
function destroy(parser: ReturnType<typeof Busboy>): void {
  parser.on('error', () => {});
  parser.destroy();
}

/**
 * Counts the body's part delimiters ("--boundary" at the start or after CRLF) across chunks,
 * a delimiter split between two chunks included. The closing delimiter counts as one.
 */
function delimiterCounter(contentType: string): (chunk: Uint8Array) => number {
  const match = /;\s*boundary=(?:"([^"]{1,200})"|([^\s;]{1,200}))/i.exec(contentType);
  if (!match) return () => 0; // busboy refuses it
  const delimiter = Buffer.from(`\r\n--${match[1] ?? match[2]}`);
  let count = 0;
  let tail = Buffer.from('\r\n'); // the first delimiter needs no CRLF before it
  return (chunk) => {
    const text = Buffer.concat([tail, chunk]);
    for (let at = text.indexOf(delimiter); at >= 0; at = text.indexOf(delimiter, at + delimiter.length)) count++;
    tail = text.subarray(Math.max(0, text.length - delimiter.length + 1));
    return count;
  };
}
