/**
 * `npm run reset`: deletes the demo's data (KYC_DATA_DIR, default ./data):
 * every workflow, upload and history. Stop `npm start` first.
 */
import { existsSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { parse, resolve } from 'node:path';
import { REPO } from './build-if-needed.mjs';

const dir = resolve(process.env.KYC_DATA_DIR || './data');
const forbidden = [parse(dir).root, resolve(REPO), resolve(homedir()), resolve(REPO, '..')];
if (forbidden.includes(dir)) {
  console.error(`Refusing to delete ${dir}: KYC_DATA_DIR must point at a data directory of its own.`);
  process.exit(1);
}
if (!existsSync(dir)) {
  console.log(`Nothing to reset: ${dir} does not exist.`);
} else {
  rmSync(dir, { recursive: true, force: true });
  console.log(`Deleted ${dir}. The next npm start begins with no cases.`);
}
