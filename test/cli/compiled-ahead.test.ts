// What `npm run compile` compiles ahead beside the bundle (the schemas' validators, the docs page's templates) is
// what compiling at run time makes: the repository's out/ checks as up to date either way, and a run with an
// empty cache folder compiles nothing into it.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { intgen, repo } from '../helpers/cli.js';
import { compiledAhead, installWithoutCompiledAhead } from '../helpers/install.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'intgen-compiled-ahead-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const catalog = ['--source', path.join(repo, 'src/integrations'), '--out', path.join(repo, 'out')];

test('npm run compile writes the validators and the docs templates beside the bundle', async () => {
  const shipped = (await readdir(path.join(repo, 'dist/bundle'))).filter((f) => compiledAhead.test(f));
  expect(shipped.map((f) => f.replace(/-.*/, '')).sort()).toEqual(['docs', 'validators']);
});

test('with an empty cache folder, check uses them and compiles nothing into the cache', async () => {
  const cache = path.join(work, 'shipped-cache');
  const check = await intgen(['check', ...catalog], repo, { INTGEN_CACHE_DIR: cache });
  expect(check.code, check.stderr).toBe(0);
  expect(check.stdout).toMatch(/is up to date/);
  expect((await readdir(cache)).filter((f) => compiledAhead.test(f))).toEqual([]);
});

test('an install without them compiles them at run time, to the same out/', async () => {
  const bin = await installWithoutCompiledAhead(path.join(work, 'install'));
  const cache = path.join(work, 'compiled-cache');
  const check = await intgen(['check', ...catalog], repo, { INTGEN_CACHE_DIR: cache }, bin);
  expect(check.code, check.stderr).toBe(0);
  expect(check.stdout).toMatch(/is up to date/);
  // The validators compiled at run time are cached; templates are compiled once per process.
  expect((await readdir(cache)).filter((f) => compiledAhead.test(f)).map((f) => f.replace(/-.*/, ''))).toEqual(['validators']);
});
