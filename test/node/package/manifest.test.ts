/**
 * The custom-elements manifest (package.json `customElements`) is generated
 * from the element classes' doc blocks: this test generates it afresh from
 * the sources and compares it with what the classes really do, so the docs
 * cannot drift from the code:
 * - attributes = the class's `observedAttributes`;
 * - fields = its public reactive properties (lit's `elementProperties`, not
 *   `state`), plus documented getters that exist on the class;
 * - events = the `Event` subclasses of the element's `events.ts` (name and
 *   class), each with its `detail` type;
 * - CSS parts = every `part="…"` in the element's files;
 * - CSS custom properties = every `var(--kyc-…)` its styles read.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../..', import.meta.url));

interface Member {
  kind: string;
  name: string;
  privacy?: string;
  static?: boolean;
  attribute?: string;
  type?: { text: string };
}
interface Declaration {
  kind: string;
  name: string;
  customElement?: boolean;
  tagName?: string;
  members?: Member[];
  attributes?: { name: string; fieldName?: string }[];
  events?: { name: string; type?: { text: string }; description?: string }[];
  cssParts?: { name: string; description?: string }[];
  cssProperties?: { name: string; description?: string }[];
}
interface Manifest {
  modules: { path: string; declarations?: Declaration[] }[];
}

let manifest: Manifest;
let out: string;

before(() => {
  // The analyzer takes --outdir relative to the working directory.
  out = mkdtempSync(join(tmpdir(), 'kyc-cem-'));
  const cem = join(REPO, 'node_modules', '.bin', 'cem');
  execFileSync(cem, ['analyze', '--quiet', '--config', 'custom-elements-manifest.config.mjs', '--outdir', relative(REPO, out)], { cwd: REPO, stdio: 'pipe' });
  manifest = JSON.parse(readFileSync(join(out, 'custom-elements.json'), 'utf8')) as Manifest;
});
after(() => rmSync(out, { recursive: true, force: true }));

test('package.json names the manifest that build:package writes', () => {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { customElements?: string; exports: Record<string, unknown> };
  assert.equal(pkg.customElements, 'lib/custom-elements.json');
  assert.equal(pkg.exports['./custom-elements.json'], './lib/custom-elements.json');
  const config = readFileSync(join(REPO, 'custom-elements-manifest.config.mjs'), 'utf8');
  assert.match(config, /outdir: 'lib'/);
});

/** Every file of an element's folder (what the element is made of today), without tests. */
function sourcesOf(tag: string): string {
  const dir = join(REPO, 'components', tag);
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .map((name) => readFileSync(join(dir, name), 'utf8'))
    .join('\n');
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

const ELEMENTS = [
  { tag: 'kyc-flow', className: 'KycFlow', load: () => import('../../../components/kyc-flow/kyc-flow.component.js'), events: () => import('../../../components/kyc-flow/events.js') },
  {
    tag: 'kyc-review-queue',
    className: 'KycReviewQueue',
    load: () => import('../../../components/kyc-review-queue/kyc-review-queue.component.js'),
    events: () => import('../../../components/kyc-review-queue/events.js'),
  },
] as const;

for (const element of ELEMENTS) {
  describe(`<${element.tag}> in the manifest`, () => {
    let declaration: Declaration;
    // lit's class statics, read in Node (lit's node build needs no DOM).
    let cls: { observedAttributes: string[]; elementProperties: Map<PropertyKey, { state?: boolean; attribute?: unknown }>; prototype: object };

    before(async () => {
      const found = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement && d.tagName === element.tag);
      assert.equal(found.length, 1, `one declaration with tagName ${element.tag}`);
      declaration = found[0]!;
      assert.equal(declaration.name, element.className);
      cls = ((await element.load()) as Record<string, unknown>)[element.className] as typeof cls;
    });

    test('attributes are the observedAttributes', () => {
      assert.deepEqual(sorted((declaration.attributes ?? []).map((a) => a.name)), sorted(cls.observedAttributes));
    });

    test('public fields are the reactive properties (without internal state) and real getters', () => {
      const reactive = [...cls.elementProperties].filter(([, options]) => !options.state).map(([name]) => String(name));
      const publicFields = (declaration.members ?? []).filter((m) => m.kind === 'field' && !m.static && (m.privacy ?? 'public') === 'public');
      const names = publicFields.map((m) => m.name);
      for (const name of reactive) assert.ok(names.includes(name), `the manifest lists the property ${name}`);
      for (const name of names) assert.ok(name in cls.prototype, `${name} in the manifest exists on ${element.className}`);
      for (const field of publicFields) assert.ok(field.type?.text, `${field.name} has a type`);
      const state = [...cls.elementProperties].filter(([, options]) => options.state).map(([name]) => String(name));
      for (const name of state) assert.ok(!names.includes(name), `internal state ${name} is not in the manifest`);
    });

    test('events are the Event subclasses of events.ts, each with its class and detail type', async () => {
      const module = await element.events();
      const classes = Object.values(module).filter(
        (value): value is typeof Event & { eventName: string } => typeof value === 'function' && value.prototype instanceof Event,
      );
      assert.ok(classes.length > 0);
      const events = declaration.events ?? [];
      assert.deepEqual(sorted(events.map((e) => e.name)), sorted(classes.map((c) => c.eventName)));
      const declarations = manifest.modules.flatMap((m) => m.declarations ?? []);
      for (const event of events) {
        const cls = classes.find((c) => c.eventName === event.name)!;
        assert.equal(event.type?.text, cls.name, `${event.name} is documented as ${cls.name}`);
        assert.ok(event.description, `${event.name} has a description`);
        const eventClass = declarations.find((d) => d.kind === 'class' && d.name === cls.name);
        const detail = eventClass?.members?.find((m) => m.name === 'detail');
        assert.ok(detail?.type?.text, `${cls.name} carries its detail type in the manifest`);
      }
    });

    test('CSS parts are every part="…" in the element, each described', () => {
      const used = [...sourcesOf(element.tag).matchAll(/\bpart="([^"$]+)"/g)].flatMap((m) => m[1]!.split(/\s+/));
      const documented = (declaration.cssParts ?? []).map((p) => p.name);
      assert.deepEqual(sorted(documented), sorted(used));
      for (const part of declaration.cssParts ?? []) assert.ok(part.description, `part ${part.name} is described`);
    });

    test('CSS custom properties are every --kyc-* the styles read, each described', () => {
      const used = [...sourcesOf(element.tag).matchAll(/var\((--kyc-[a-z0-9-]+)/g)].map((m) => m[1]!);
      const documented = (declaration.cssProperties ?? []).map((p) => p.name);
      assert.deepEqual(sorted(documented), sorted(used));
      for (const property of declaration.cssProperties ?? []) assert.ok(property.description, `${property.name} is described`);
    });
  });
}
