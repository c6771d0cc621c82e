/**
 * `npm run bench` (BENCH_SMOKE=1 for a tiny run). Prints one table and
 * writes bench/results.json (not when BENCH_PARTS picks parts).
 */
import { abortBench, runBench } from './bench.js';

process.once('SIGINT', () => {
  void abortBench().finally(() => process.exit(130));
});

// BENCH_PARTS=store (or bundles,upload,store): run only those parts, e.g. to compare store changes quickly.
const only = process.env.BENCH_PARTS?.split(',').map((part) => part.trim());
const parts = only && { bundles: only.includes('bundles'), upload: only.includes('upload'), store: only.includes('store') };
const result = await runBench({ smoke: process.env.BENCH_SMOKE === '1', parts, resultsPath: only ? null : undefined });
const { machine } = result;
console.log(
  `\nKYC kit bench${result.smoke ? ' (SMOKE: tiny sizes, figures meaningless)' : ''} — ${result.startedAt}, ${machine.cpus}× ${machine.model}, node ${machine.node}, load average at start ${machine.loadavgAtStart.map((l) => l.toFixed(1)).join(' ')}, ${result.seconds.toFixed(0)} s`,
);
console.log(result.table);
console.log('');
for (const note of result.notes) console.log(`- ${note}`);
const missed = result.rows.filter((r) => r.met === 'NO');
console.log(`\n${result.rows.filter((r) => r.met === 'yes').length} goal(s) met, ${missed.length} missed${missed.length ? `: ${missed.map((r) => r.name).join('; ')}` : ''}.`);
