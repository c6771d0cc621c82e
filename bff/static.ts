/**
 * Serves the demo's built host pages and element bundles (`vite build` →
 * `dist/`) beside the API, when `KYC_STATIC_DIR` is set (`npm start` sets it).
 *
 * - Every response carries a strict Content-Security-Policy (no
 *   'unsafe-inline', no 'unsafe-eval'), `X-Content-Type-Options: nosniff`,
 *   a `Referrer-Policy` and `frame-ancestors 'none'`.
 * - `/backoffice/` and every path under it answer with the backoffice page,
 *   so deep links into the portal (and into `<kyc-review-queue>`) survive a
 *   reload; so do `/vue/` and the paths under it (the Vue page's queue).
 * - `/elements/*` may be loaded by other origins (CORS `*`): an embedding
 *   site's `<script type="module" src="https://kyc.example.com/elements/kyc-flow.js">`.
 * - Content-hashed files are cached for a year; the rest revalidate (ETag).
 * - Text is compressed (brotli or gzip) once per file version, in memory.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { Context, Hono } from 'hono';

/** The pages' policy: everything from this origin only; images also from object URLs (`blob:`). */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.map', '.json', '.txt', '.svg']);

/** Paths whose file names carry a content hash (vite's `assets/`, the elements' lazy chunks). */
const HASHED = /^\/(assets|elements\/chunks)\//;

/** Single-page sections: any path under the prefix answers with that page. */
const FALLBACKS: [prefix: string, page: string][] = [
  ['/backoffice/', 'backoffice/index.html'],
  ['/vue/', 'vue/index.html'],
];

type Bytes = Uint8Array<ArrayBuffer>;

interface Loaded {
  body: Bytes;
  etag: string;
  mtimeMs: number;
  encoded: Map<string, Bytes>;
}

export interface StaticOptions {
  /** The built site (vite's `dist/`). */
  dir: string;
}

/** Adds GET/HEAD routes for the built demo to `app` (after the API, which keeps its own 404s). */
export function serveStatic(app: Hono, options: StaticOptions): void {
  const root = resolve(options.dir);
  const cache = new Map<string, Loaded>();

  async function load(file: string): Promise<Loaded | null> {
    let info;
    try {
      info = await stat(file);
    } catch {
      return null;
    }
    if (!info.isFile()) return null;
    const cached = cache.get(file);
    if (cached && cached.mtimeMs === info.mtimeMs) return cached;
    const body: Bytes = new Uint8Array(await readFile(file));
    const loaded: Loaded = {
      body,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
      mtimeMs: info.mtimeMs,
      encoded: new Map(),
    };
    cache.set(file, loaded);
    return loaded;
  }

  /** A path inside the root, or null for anything that tries to leave it or reach a dotfile. */
  function fileFor(pathname: string): string | null {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return null;
    }
    if (decoded.includes('\0') || decoded.includes('\\')) return null;
    if (decoded.split('/').some((segment) => segment.startsWith('.'))) return null;
    const file = resolve(root, `.${decoded.endsWith('/') ? `${decoded}index.html` : decoded}`);
    return file === root || file.startsWith(root + sep) ? file : null;
  }

  function securityHeaders(c: Context) {
    c.header('Content-Security-Policy', PAGE_CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Permissions-Policy', 'camera=(self), microphone=(), geolocation=(), payment=()');
  }

  function send(c: Context, file: string, loaded: Loaded, pathname: string) {
    const ext = extname(file).toLowerCase();
    securityHeaders(c);
    c.header('Content-Type', TYPES[ext] ?? 'application/octet-stream');
    c.header('ETag', loaded.etag);
    c.header('Cache-Control', HASHED.test(pathname) ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (pathname.startsWith('/elements/')) {
      c.header('Access-Control-Allow-Origin', '*');
      c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    }
    const compressible = COMPRESSIBLE.has(ext) && loaded.body.length > 512;
    if (compressible) c.header('Vary', 'Accept-Encoding');
    const inm = c.req.header('If-None-Match');
    if (inm && inm.split(',').some((tag) => tag.trim().replace(/^W\//, '') === loaded.etag)) {
      return c.body(null, 304);
    }
    let body = loaded.body;
    if (compressible) {
      const accepts = (c.req.header('Accept-Encoding') ?? '').toLowerCase();
      const encoding = /\bbr\b/.test(accepts) ? 'br' : /\bgzip\b/.test(accepts) ? 'gzip' : null;
      if (encoding) {
        let encoded = loaded.encoded.get(encoding);
        if (!encoded) {
          encoded = new Uint8Array(
            encoding === 'br'
              ? brotliCompressSync(loaded.body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 9 } })
              : gzipSync(loaded.body, { level: 9 }),
          );
          loaded.encoded.set(encoding, encoded);
        }
        body = encoded;
        c.header('Content-Encoding', encoding);
      }
    }
    c.header('Content-Length', String(body.byteLength));
    return c.body(body, 200);
  }

  app.get('*', async (c) => {
    const pathname = c.req.path;
    if (pathname === '/api' || pathname.startsWith('/api/')) return c.notFound();
    const file = fileFor(pathname);
    if (file) {
      const loaded = await load(file);
      if (loaded) return send(c, file, loaded, pathname);
      // A directory asked for without its slash: /kyc → /kyc/ (relative URLs in the page need it).
      if (!pathname.endsWith('/') && (await load(resolve(file, 'index.html')))) {
        const query = new URL(c.req.url).search;
        // One leading slash: "//kyc/" would be protocol-relative, a redirect to the host "kyc".
        return c.redirect(`${pathname.replace(/^\/+/, '/')}/${query}`, 301);
      }
    }
    const fallback = FALLBACKS.find(([prefix]) => pathname === prefix.slice(0, -1) || pathname.startsWith(prefix));
    if (fallback) {
      const page = resolve(root, fallback[1]);
      const loaded = await load(page);
      if (loaded) return send(c, page, loaded, pathname);
    }
    securityHeaders(c);
    c.header('Cache-Control', 'no-cache');
    return c.text('Not found', 404);
  });
}
