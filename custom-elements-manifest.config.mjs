/**
 * `@custom-elements-manifest/analyzer` reads the element classes' doc blocks
 * (`@tagname`, `@summary`, `@fires {EventClass} name`, `@csspart`,
 * `@cssproperty`) and lit's static `properties` into
 * `lib/custom-elements.json` (package.json `customElements`); `npm run
 * build:package` runs it. It reads whatever files the elements are made of
 * today: every `.ts` in an element's folder. test/node/package/manifest.test.ts
 * compares the result with the classes.
 *
 * The analyzer's lit support needs three corrections (plugin below):
 * - `state: true` properties are internal reactive state, not API: they
 *   would otherwise be listed as attributes and fields;
 * - it reads `this.dispatchEvent(new X(...))` as unnamed (or wrongly named)
 *   events: only the documented `@fires` are kept;
 * - an Event subclass's `constructor(readonly detail: T)` is a field the
 *   analyzer does not see: it is added, so every event's class carries its
 *   detail type.
 * Module paths then point at the built `.js` files the package ships.
 */
const internalState = new Map(); // class name → names of `state: true` properties
const eventDetails = new Map(); // Event subclass name → detail type text

function propertiesObject(ts, member) {
  if (!member.name || member.name.getText() !== 'properties') return null;
  if (!member.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) return null;
  return member.initializer && ts.isObjectLiteralExpression(member.initializer) ? member.initializer : null;
}

export default {
  globs: ['components/kyc-flow/**/*.ts', 'components/kyc-review-queue/**/*.ts'],
  exclude: ['**/*.test.ts', '**/*.d.ts'],
  outdir: 'lib',
  litelement: true,
  // package.json names lib/custom-elements.json itself (a run into another outdir, as the test's, must not rewrite it).
  packagejson: false,
  plugins: [
    {
      name: 'kyc-manifest-corrections',
      analyzePhase({ ts, node }) {
        if (!ts.isClassDeclaration(node) || !node.name) return;
        const className = node.name.getText();
        for (const member of node.members) {
          const properties = propertiesObject(ts, member);
          if (properties) {
            const state = new Set();
            for (const property of properties.properties) {
              if (!ts.isPropertyAssignment(property) || !ts.isObjectLiteralExpression(property.initializer)) continue;
              const isState = property.initializer.properties.some(
                (option) => option.name?.getText() === 'state' && option.initializer?.kind === ts.SyntaxKind.TrueKeyword,
              );
              if (isState) state.add(property.name.getText());
            }
            internalState.set(className, state);
          }
          if (ts.isConstructorDeclaration(member)) {
            const detail = member.parameters.find((p) => p.name.getText() === 'detail' && p.modifiers?.length);
            if (detail?.type) eventDetails.set(className, detail.type.getText());
          }
        }
      },
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            const detail = eventDetails.get(declaration.name);
            if (detail && !declaration.members?.some((m) => m.name === 'detail')) {
              (declaration.members ??= []).push({ kind: 'field', name: 'detail', readonly: true, type: { text: detail } });
            }
            if (!declaration.customElement) continue;
            const state = internalState.get(declaration.name) ?? new Set();
            declaration.members = declaration.members?.filter((m) => !state.has(m.name));
            declaration.attributes = declaration.attributes?.filter((a) => !state.has(a.fieldName ?? a.name));
            // Only documented events (`@fires {Class} name - …`): they have a name and a description.
            declaration.events = declaration.events?.filter((e) => e.name && e.description && e.type?.text);
          }
        }
        const built = (path) => path.replace(/^\.\//, '').replace(/\.ts$/, '.js');
        const visit = (node) => {
          if (Array.isArray(node)) return node.forEach(visit);
          if (!node || typeof node !== 'object') return;
          for (const [key, value] of Object.entries(node)) {
            if ((key === 'path' || key === 'module') && typeof value === 'string' && /^(\.\/)?components\/.*\.ts$/.test(value)) node[key] = built(value);
            else visit(value);
          }
        };
        visit(customElementsManifest.modules);
      },
    },
  ],
};
