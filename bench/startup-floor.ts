/**
 * The start-up floor: what any server must do before answering with
 * 100,000 workflow files on disk — list them, read and parse each one — and
 * then answer /health. Same runtime as the BFF (node + tsx), no framework,
 * nothing kept. KYC_DATA_DIR and PORT as for the BFF.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';

const dir = join(process.env.KYC_DATA_DIR!, 'workflows');
let versions = 0;
for (const shard of readdirSync(dir))
  for (const name of readdirSync(join(dir, shard))) versions += (JSON.parse(readFileSync(join(dir, shard, name), 'utf8')) as { version: number }).version;

const body = Buffer.from(JSON.stringify({ status: 'ok', versions }));
createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
}).listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');

process.on('SIGTERM', () => process.exit(0));
