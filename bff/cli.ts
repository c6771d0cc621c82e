#!/usr/bin/env node
/**
 * `npx kyc-review-kit serve`: the BFF as a program, configured by the same
 * environment variables as `npm start` (PORT, HOST, KYC_DATA_DIR,
 * KYC_REVIEWERS, KYC_ALLOWED_ORIGINS, KYC_MAX_UPLOAD_BYTES, KYC_RATE_LIMIT,
 * KYC_STATIC_DIR). Stops cleanly on Ctrl+C / SIGTERM.
 */
import { runServer } from './server.js';

const USAGE = `Usage: kyc-review-kit serve

Starts the KYC review BFF (API under /api/v1). Configured by environment variables:
  PORT (3000; 0 picks a free port), HOST (127.0.0.1), KYC_DATA_DIR (./data),
  KYC_REVIEWERS (name:key,… — unset: a "demo" reviewer with a key printed once),
  KYC_ALLOWED_ORIGINS, KYC_MAX_UPLOAD_BYTES, KYC_RATE_LIMIT (off), KYC_STATIC_DIR.`;

export async function main(args: string[]): Promise<number> {
  const [command = 'serve', ...rest] = args;
  if (command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (command !== 'serve' || rest.length) {
    console.error(`Unknown arguments: ${args.join(' ')}\n\n${USAGE}`);
    return 2;
  }
  await runServer();
  return -1; // keeps running
}

main(process.argv.slice(2)).then(
  (code) => code >= 0 && process.exit(code),
  (error) => {
    console.error(`The BFF could not start: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  },
);
