/**
 * Inline style values that a strict Content-Security-Policy allows.
 *
 * A page with `style-src 'self'` (no `'unsafe-inline'`) blocks every write of
 * the `style` attribute, including lit's `style=${…}` bindings and the first
 * render of lit's `styleMap()` (which sets the attribute as text). Writes
 * through CSSOM (`element.style.setProperty`) are allowed. This element
 * directive only ever writes through CSSOM:
 *
 *     html`<img ${cssomStyle({ width: '150%' })} />`
 *
 * Property names are CSS names (`width`, `--my-prop`); a `null`/`undefined`
 * value removes the property.
 */
import { noChange } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

export type CssomStyleInfo = Readonly<Record<string, string | null | undefined>>;

class CssomStyleDirective extends Directive {
  private readonly names = new Set<string>();

  constructor(partInfo: PartInfo) {
    super(partInfo);
    if (partInfo.type !== PartType.ELEMENT) throw new Error('cssomStyle() is an element binding: <img ${cssomStyle({…})}>');
  }

  render(_styles: CssomStyleInfo) {
    return noChange;
  }

  override update(part: ElementPart, [styles]: [CssomStyleInfo]) {
    const { style } = part.element as HTMLElement | SVGElement;
    for (const name of this.names) {
      if (styles[name] == null) {
        style.removeProperty(name);
        this.names.delete(name);
      }
    }
    for (const [name, value] of Object.entries(styles)) {
      if (value == null) continue;
      if (style.getPropertyValue(name) !== value) style.setProperty(name, value);
      this.names.add(name);
    }
    return noChange;
  }
}

export const cssomStyle = directive(CssomStyleDirective);
