// Runs the intgen CLI in this process and, at exit, writes what the process itself used (peak RSS from
// process.resourceUsage().maxRSS, CPU time) as JSON to the file named by INTGEN_BENCH_REPORT. The parent times
// the whole process from the outside.
// Usage: INTGEN_BENCH_REPORT=<file> node bench/measure.mjs <intgen arguments…>
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const report = process.env.INTGEN_BENCH_REPORT;
if (!report) throw new Error('set INTGEN_BENCH_REPORT to the file the measurements go to');

process.on('exit', (code) => {
  const usage = process.resourceUsage();
  writeFileSync(
    report,
    JSON.stringify({ exitCode: code, maxRssKiB: usage.maxRSS, userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000 }),
  );
});

// The CLI reads its arguments from process.argv after the script path, as if started as bin/intgen.js.
const bin = fileURLToPath(new URL('../bin/intgen.js', import.meta.url));
process.argv = [process.argv[0], bin, ...process.argv.slice(2)];
await import(bin);
