/**
 * The throughput floor: bare node:http answering fixed JSON bodies (the very
 * bytes the BFF answered), no routing framework, no auth, no logging.
 * ROUTES_FILE holds {"<path with query>": "<body>"}; PORT as usual.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const routes = new Map<string, Buffer>(
  Object.entries(JSON.parse(readFileSync(process.env.ROUTES_FILE!, 'utf8')) as Record<string, string>).map(([path, body]) => [path, Buffer.from(body)]),
);
routes.set('/health', Buffer.from('{"status":"ok"}'));

createServer((request, response) => {
  const body = routes.get(request.url ?? '');
  if (!body) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
}).listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');

process.on('SIGTERM', () => process.exit(0));
