/**
 * One `vite build` makes everything the demo serves (into `dist/`), as three
 * environments built one after the other:
 *
 * - `client`: the host pages in `host-pages/` as a multi-page app
 *   (`/`, `/kyc/`, `/kyc/de/`, `/backoffice/`, `/themed/`) with their own small scripts
 *   and stylesheets under `/assets/`, and the framework pages `/react/`
 *   (React 19, `@vitejs/plugin-react`) and `/vue/` (Vue 3, `@vitejs/plugin-vue`),
 *   which import the package (`kyc-review-kit/…`) and bundle the element
 *   with the rest of their app, as a host app's bundler does;
 * - `kycFlow` and `kycReviewQueue`: each element as ONE self-contained ES
 *   module, `/elements/kyc-flow.js` and `/elements/kyc-review-queue.js`
 *   (built apart so that neither shares a chunk with the other; lazy chunks,
 *   such as the QR encoder, go to `/elements/chunks/`).
 *
 * The pages load an element with `<script type="module" src="/elements/….js"
 * vite-ignore>`: vite leaves that tag alone (and drops `vite-ignore`), so the
 * built page holds exactly the snippet an embedding site would write.
 *
 * `vite` (dev) serves the pages with reload, maps `/elements/<tag>.js` to the
 * element's source entry, and proxies `/api` to the BFF (`KYC_BFF_URL`,
 * default http://127.0.0.1:3001; `npm run dev` starts both).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import vue from '@vitejs/plugin-vue';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { minifyLitCss } from './scripts/minify-lit-css.js';

const repo = fileURLToPath(new URL('.', import.meta.url));
const outDir = `${repo}dist`;

/** Tag → public entry (`components/<tag>/<tag>.ts`, which defines the tag). */
export const ELEMENTS = {
  'kyc-flow': `${repo}components/kyc-flow/kyc-flow.ts`,
  'kyc-review-queue': `${repo}components/kyc-review-queue/kyc-review-queue.ts`,
} as const;
type Tag = keyof typeof ELEMENTS;

/** In dev, `/elements/<tag>.js` is the element's source entry (in a build it is the bundle). */
function elementsFromSource(): Plugin {
  return {
    name: 'kyc-elements-from-source',
    apply: 'serve',
    resolveId(id) {
      const match = /^\/elements\/(kyc-[a-z-]+)\.js$/.exec(id.split('?')[0] ?? '');
      return match && match[1] in ELEMENTS ? ELEMENTS[match[1] as Tag] : null;
    },
  };
}

function elementBuild(tag: Tag) {
  return {
    consumer: 'client' as const,
    build: {
      outDir: `${outDir}/elements`,
      emptyOutDir: false,
      copyPublicDir: false,
      sourcemap: true,
      // Browsers with native custom elements, shadow DOM and class fields.
      target: 'es2022',
      rolldownOptions: {
        input: { [tag]: ELEMENTS[tag] },
        // Keep the class export (`import { KycFlow } from '/elements/kyc-flow.js'`).
        preserveEntrySignatures: 'exports-only' as const,
        output: {
          format: 'es' as const,
          entryFileNames: '[name].js',
          chunkFileNames: 'chunks/[name]-[hash].js',
          assetFileNames: 'chunks/[name]-[hash][extname]',
        },
      },
    },
  };
}

/**
 * `kyc-review-kit/<entry>` (the package's own name, as an app that installed
 * it writes) resolves to that entry's source: package.json `exports` points
 * at `lib/<path>.js`, built from `<path>.ts`. The React and Vue pages import
 * the package this way.
 */
function packageFromSource(): Plugin {
  const pkg = JSON.parse(readFileSync(`${repo}package.json`, 'utf8')) as { name: string; exports: Record<string, string | { default: string }> };
  return {
    name: 'kyc-package-from-source',
    enforce: 'pre',
    resolveId(id) {
      if (!id.startsWith(`${pkg.name}/`)) return null;
      const entry = pkg.exports[`.${id.slice(pkg.name.length)}`];
      const target = typeof entry === 'string' ? entry : entry?.default;
      return target?.endsWith('.js') ? `${repo}${target.replace(/^\.\/lib\//, '').replace(/\.js$/, '.ts')}` : null;
    },
  };
}

/** In dev, navigations under /vue/ answer with the Vue page (its element routes /vue/cases/<id>), as bff/static.ts does. */
function vueFallback(): Plugin {
  return {
    name: 'kyc-vue-fallback',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const path = (req.url ?? '').split('?')[0] ?? '';
        if ((req.headers.accept ?? '').includes('text/html') && path.startsWith('/vue/') && path !== '/vue/') req.url = '/vue/index.html';
        next();
      });
    },
  };
}

/**
 * In dev, every page request (a navigation) under /backoffice/ answers with the
 * portal page (as `bff/static.ts` does for `npm start`): deep links survive a reload.
 */
function backofficeFallback(): Plugin {
  return {
    name: 'kyc-backoffice-fallback',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const path = (req.url ?? '').split('?')[0] ?? '';
        const wantsPage = (req.headers.accept ?? '').includes('text/html');
        if (wantsPage && path.startsWith('/backoffice/') && !['/backoffice/', '/backoffice/index.html'].includes(path)) {
          req.url = '/backoffice/index.html';
        }
        next();
      });
    },
  };
}

/** `vite-ignore` leaves `<script … vite-ignore>` as a stray space: tidy it, so the page shows the plain snippet. */
function tidyIgnoredScripts(): Plugin {
  return {
    name: 'kyc-tidy-ignored-scripts',
    transformIndexHtml: {
      order: 'post',
      handler: (html) => html.replace(/(<script\b[^>]*?)\s+>/g, '$1>'),
    },
  };
}

export default defineConfig(({ command }): UserConfig => ({
  root: `${repo}host-pages`,
  publicDir: false,
  appType: 'mpa',
  plugins: [
    minifyLitCss(),
    elementsFromSource(),
    backofficeFallback(),
    tidyIgnoredScripts(),
    packageFromSource(),
    vueFallback(),
    // The framework pages, each with its framework's own plugin.
    react({ include: /host-pages\/react\/.*\.tsx?$/ }),
    // The kyc- tags are custom elements, not Vue components.
    vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('kyc-') } } }),
  ],
  server: {
    port: Number(process.env.VITE_PORT) || 5173,
    strictPort: false,
    // Element sources live beside host-pages/, not under it.
    fs: { allow: [repo] },
    proxy: {
      // Same origin for the pages, as under `npm start` (event streams pass through unbuffered).
      '/api': { target: process.env.KYC_BFF_URL || 'http://127.0.0.1:3001' },
    },
  },
  environments: {
    client: {
      build: {
        outDir,
        emptyOutDir: true,
        sourcemap: true,
        // No inline scripts or styles anywhere: the pages run under a CSP without 'unsafe-inline'.
        assetsInlineLimit: 0,
        modulePreload: { polyfill: false },
        rolldownOptions: {
          input: {
            index: `${repo}host-pages/index.html`,
            kyc: `${repo}host-pages/kyc/index.html`,
            kycDe: `${repo}host-pages/kyc/de/index.html`,
            kycFr: `${repo}host-pages/kyc/fr/index.html`,
            kycEs: `${repo}host-pages/kyc/es/index.html`,
            kycAr: `${repo}host-pages/kyc/ar/index.html`,
            backoffice: `${repo}host-pages/backoffice/index.html`,
            themed: `${repo}host-pages/themed/index.html`,
            react: `${repo}host-pages/react/index.html`,
            vue: `${repo}host-pages/vue/index.html`,
            bank: `${repo}host-pages/bank/index.html`,
            bankRecords: `${repo}host-pages/bank/records/index.html`,
          },
        },
      },
    },
    ...(command === 'build' ? { kycFlow: elementBuild('kyc-flow'), kycReviewQueue: elementBuild('kyc-review-queue') } : {}),
  },
  builder: {
    async buildApp(builder) {
      // Pages first: their build empties dist/, the elements then go to dist/elements/.
      await builder.build(builder.environments.client!);
      await builder.build(builder.environments.kycFlow!);
      await builder.build(builder.environments.kycReviewQueue!);
    },
  },
}));
