/**
 * Moves an embedded store into PostgreSQL (deployment.md § Moving a deployment):
 *
 *   KYC_DATABASE_URL=postgres://… npm run import -- --from ./data
 *
 * Copies every workflow (record, history, documents) and every image its
 * documents name, then reads each back from the database and compares it
 * with the file (records equal, image bytes hashing to their sha256). Safe
 * to run again: what is already there is not copied twice. Holds the data
 * dir's lock meanwhile, so no server writes to it during the copy.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { lockDataDir } from '../bff/store/lock.js';
import { PgBlobStore } from '../bff/store/pg/blob-store.js';
import { PgWorkflowStore } from '../bff/store/pg/workflow-store.js';
import type { WorkflowRecord } from '../bff/store/types.js';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const at = process.argv.indexOf('--from');
const from = at > 0 ? process.argv[at + 1] : undefined;
if (!from) fail('usage: KYC_DATABASE_URL=postgres://… npm run import -- --from <KYC_DATA_DIR>');
const url = process.env.KYC_DATABASE_URL?.trim();
if (!url) fail('KYC_DATABASE_URL is not set: it names the database to copy into.');
const dataDir = resolve(from);

function* workflowFiles(): Generator<string> {
  const dir = join(dataDir, 'workflows');
  let shards: string[];
  try {
    shards = readdirSync(dir);
  } catch {
    fail(`${dir} cannot be read: is ${dataDir} a KYC_DATA_DIR?`);
  }
  for (const shard of shards.sort()) {
    let names: string[] = [];
    try {
      names = readdirSync(join(dir, shard));
    } catch {
      continue; // a stray file, not a shard
    }
    for (const name of names.sort()) if (name.endsWith('.json') && !name.includes('.tmp-')) yield join(dir, shard, name);
  }
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function main() {
  const release = lockDataDir(dataDir);
  const store = await PgWorkflowStore.open({ url: url!, log: (line) => console.log(line), max: 4 });
  const blobs = new PgBlobStore(store.pool);
  const counts = { workflows: 0, copied: 0, present: 0, differing: 0, unreadable: 0, images: 0, imagesCopied: 0, missingImages: 0 };
  try {
    const seenImages = new Set<string>();
    for (const path of workflowFiles()) {
      let record: WorkflowRecord;
      try {
        record = JSON.parse(readFileSync(path, 'utf8'));
        if (typeof record.id !== 'string' || !Array.isArray(record.history) || !Array.isArray(record.documents)) throw new Error('not a workflow record');
      } catch (error) {
        counts.unreadable++;
        console.warn(`skipped ${path}: ${(error as Error).message}`);
        continue;
      }
      counts.workflows++;
      // Images first: a copied record never names an image the database lacks.
      for (const document of record.documents) {
        if (seenImages.has(document.sha256)) continue;
        seenImages.add(document.sha256);
        const stored = await blobs.get(document.sha256);
        if (stored) {
          if (sha256(stored) !== document.sha256) fail(`image ${document.sha256} in the database does not hash to its name`);
          counts.images++;
          continue;
        }
        let bytes: Buffer;
        try {
          bytes = readFileSync(join(dataDir, 'blobs', document.sha256.slice(0, 2), document.sha256));
        } catch {
          counts.missingImages++;
          console.warn(`workflow ${record.id}: image ${document.sha256} is missing from ${dataDir}/blobs`);
          continue;
        }
        if (sha256(bytes) !== document.sha256) fail(`image file ${document.sha256} does not hash to its name: not copied`);
        await blobs.put(bytes);
        await blobs.settle(document.sha256, true);
        const back = await blobs.get(document.sha256);
        if (!back || sha256(back) !== document.sha256) fail(`image ${document.sha256} did not read back`);
        counts.images++;
        counts.imagesCopied++;
      }
      if (await store.importRecord(record)) counts.copied++;
      else counts.present++;
      const back = await store.get(record.id);
      if (!isDeepStrictEqual(back, record)) {
        counts.differing++;
        console.warn(`workflow ${record.id}: the database holds a different version (${back?.version}) than the file (${record.version}); left as it is`);
      }
    }
  } finally {
    await store.close();
    release();
  }
  console.log(
    `workflows: ${counts.workflows} read, ${counts.copied} copied, ${counts.present} already there, ${counts.workflows - counts.differing} checked equal` +
      (counts.differing ? `, ${counts.differing} differ` : '') +
      (counts.unreadable ? `, ${counts.unreadable} unreadable files skipped` : ''),
  );
  console.log(`images: ${counts.images} checked, ${counts.imagesCopied} copied` + (counts.missingImages ? `, ${counts.missingImages} missing from the data dir` : ''));
  if (counts.differing || counts.missingImages) process.exitCode = 2;
}

main().catch((error) => fail(`import failed: ${error instanceof Error ? error.message : error}`));
