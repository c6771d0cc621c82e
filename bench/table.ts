/**
 * One row per figure: the figure, the floor measured in the same run, their
 * ratio, the goal and whether it is met. Goals are fixed here and in the
 * issue; a missed goal is printed as missed, never tuned away.
 */

export type Section = 'bundle' | 'throughput' | 'writes' | 'startup' | 'upload';

export interface Goal {
  /** What the goal is checked against. */
  on: 'figure' | 'ratio';
  /** `max`: at most `value`; `min`: at least `value`. */
  kind: 'max' | 'min';
  value: number;
  /** As printed, e.g. "≤ 35 KB" or "≥ 0.6× bare". */
  text: string;
}

export type Met = 'yes' | 'NO' | 'missing' | 'error' | '';

export interface Row {
  section: Section;
  name: string;
  /** Null when the thing measured does not exist yet (or failed). */
  figure: number | null;
  unit: string;
  floor: number | null;
  /** What the floor is. */
  floorName: string;
  /** When the floor is counted in other units than the figure. */
  floorUnit?: string;
  ratio: number | null;
  goal: Goal | null;
  met: Met;
  /** Spread, percentiles, per-round ratios: whatever the row's reader needs. */
  detail: string;
  /** Raw per-round numbers for results.json. */
  data?: Record<string, unknown>;
}

export function judge(goal: Goal | null, figure: number | null, ratio: number | null): Met {
  if (!goal) return '';
  const value = goal.on === 'figure' ? figure : ratio;
  if (value === null || !Number.isFinite(value)) return 'missing';
  return (goal.kind === 'max' ? value <= goal.value : value >= goal.value) ? 'yes' : 'NO';
}

/** A row whose goal is judged from its own figure and ratio. */
export function row(fields: Omit<Row, 'met' | 'ratio'> & { ratio?: number | null }): Row {
  const ratio =
    fields.ratio !== undefined
      ? fields.ratio
      : fields.figure !== null && fields.floor !== null && fields.floor !== 0
        ? fields.figure / fields.floor
        : null;
  return { ...fields, ratio, met: judge(fields.goal, fields.figure, ratio) };
}

/** A row for something that is not there (yet) or could not be measured. */
export function absent(section: Section, name: string, unit: string, goal: Goal | null, why: string, met: 'missing' | 'error' = 'missing'): Row {
  return { section, name, figure: null, unit, floor: null, floorName: '', ratio: null, goal, met, detail: why };
}

export function formatNumber(value: number | null, unit = ''): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  const text = value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return unit ? `${text} ${unit}` : text;
}

const SECTION_TITLES: Record<Section, string> = {
  bundle: 'Bundles (vite build, minified, as a host page loads them)',
  upload: 'Upload bytes (Chromium, the element’s own image preparation)',
  throughput: 'BFF throughput vs bare node:http (same body, same run)',
  writes: 'Durable snapshot PUTs as the store grows',
  startup: 'Start-up and memory',
};

/** The one table, as plain text (Markdown-compatible). */
export function formatTable(rows: Row[]): string {
  const header = ['figure', 'value', 'floor', 'ratio', 'goal', 'met?', 'detail'];
  const lines: string[][] = [];
  let section: Section | undefined;
  const out: string[] = [];
  const flush = () => {
    if (!lines.length) return;
    const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
    const fmt = (cells: string[]) => `| ${cells.map((c, i) => (i === 6 ? c : c.padEnd(widths[i]))).join(' | ')} |`;
    out.push(fmt(header), `|${widths.map((w, i) => '-'.repeat((i === 6 ? header[6].length : w) + 2)).join('|')}|`, ...lines.map(fmt));
    lines.length = 0;
  };
  for (const r of rows) {
    if (r.section !== section) {
      flush();
      section = r.section;
      out.push('', `### ${SECTION_TITLES[section]}`, '');
    }
    lines.push([
      r.name,
      r.figure === null ? (r.met === 'error' ? 'error' : 'missing') : formatNumber(r.figure, r.unit),
      r.floor === null ? '—' : `${formatNumber(r.floor, r.floorUnit ?? r.unit)}${r.floorName ? ` (${r.floorName})` : ''}`,
      r.ratio === null ? '—' : `${formatNumber(r.ratio)}×`,
      r.goal?.text ?? '—',
      r.met || '—',
      r.detail,
    ]);
  }
  flush();
  return out.join('\n').trim();
}
