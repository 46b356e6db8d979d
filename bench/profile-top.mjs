#!/usr/bin/env node
// The functions that take the most CPU in a V8 profile (node --cpu-prof, or `npm run bench -- --profile <dir>`),
// by self time, then the same time grouped by package or dist/ folder.
//   node bench/profile-top.mjs <file.cpuprofile> [how many, default 30]
import { readFileSync } from 'node:fs';

const [file, count = '30'] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bench/profile-top.mjs <file.cpuprofile> [how many]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));

const selfMicros = new Map();
for (const [i, id] of profile.samples.entries()) selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));

const shortUrl = (url) => url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*?\/(dist|src)\//, '$1/');
const packageOf = (url) =>
  url.includes('/node_modules/')
    ? url.replace(/^.*\/node_modules\/((@[^/]+\/)?[^/]+).*$/, '$1')
    : url.replace(/^file:\/\/.*?\/(dist|src)\/([^/]+).*$/, '$1/$2') || '(native)';

const byFunction = new Map();
const byPackage = new Map();
let total = 0;
for (const [id, micros] of selfMicros) {
  const { functionName, url, lineNumber } = nodes.get(id).callFrame;
  const name = `${functionName || '(anonymous)'} ${url ? `${shortUrl(url)}:${lineNumber + 1}` : ''}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  byPackage.set(packageOf(url), (byPackage.get(packageOf(url)) ?? 0) + micros);
  total += micros;
}

const ms = (micros) => `${(micros / 1000).toFixed(0).padStart(7)} ms`;
const top = (map, n) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, micros]) => `${ms(micros)}  ${name}`);
process.stdout.write(
  [
    `${ms(total)}  total`,
    '',
    'self time by function:',
    ...top(byFunction, Number(count)),
    '',
    'self time by package:',
    ...top(byPackage, 15),
    '',
  ].join('\n'),
);
