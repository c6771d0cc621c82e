/**
 * Lit's css`` literals ship as written: the bundler minifies JavaScript, not
 * CSS inside template strings. This vite plugin drops comments and runs of
 * whitespace from the static css`` literals of the elements' *.styles.ts
 * files at build time (about 450 B brotli off kyc-flow.js). A literal with an
 * interpolation is left as it is. Used by vite.config.ts and by the bench's
 * bundle measurement, so the figure is the shipped bundle's.
 */
import type { Plugin } from 'vite';

export function minifyCssText(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};])\s*/g, '$1')
    .trim();
}

export function minifyLitCss(): Plugin {
  return {
    name: 'kyc-minify-lit-css',
    apply: 'build',
    transform(code, id) {
      if (!/[\\/]components[\\/].+\.styles\.ts$/.test(id)) return null;
      return code.replace(/\bcss`([^`]*)`/g, (whole, body: string) => (body.includes('${') ? whole : `css\`${minifyCssText(body)}\``));
    },
  };
}
