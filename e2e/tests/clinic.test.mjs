// A study coordinator's path: import a registry record, check the file, preview it in the app
// (read locally, nothing uploaded) and walk the questions with it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { serve, launch, open, answerAll, toResults, root } from '../lib.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const prescreen = (...args) => spawnSync('cargo', ['run', '-q', '--bin', 'prescreen', '--', ...args], { cwd: root, encoding: 'utf8' });

function importedFile() {
  const out = prescreen('import', 'tests/fixtures/registry/full.json');
  assert.equal(out.status, 0, out.stderr);
  const trial = JSON.parse(out.stdout);
  const file = JSON.parse(fs.readFileSync(path.join(root, 'trials.json'), 'utf8'));
  // An English-only clinic file: imported text is English until someone translates it.
  file.languages = ['en'];
  for (const t of file.trials) for (const s of t.sites) delete s.local;
  file.trials.push(trial);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinic-'));
  const p = path.join(dir, 'trials.json');
  fs.writeFileSync(p, JSON.stringify(file, null, 2));
  return { p, trial };
}

test('import, then check, then preview: the imported trial can be walked in the app', async () => {
  const { p, trial } = importedFile();
  const checked = prescreen('check', p);
  assert.equal(checked.status, 0, checked.stderr);
  assert.match(checked.stdout, /ok: 6 trials/);
  assert.match(checked.stdout, /warning: trials\[5\]\.criteria\[\d+\]/, 'criteria still to encode are flagged');

  const page = await open(browser, server.url);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.click('[data-testid=preview-link]');
  await page.waitForSelector('[data-testid=preview-file]');
  await page.setInputFiles('[data-testid=preview-file]', p);
  await page.waitForSelector('[data-testid=preview-ok]');
  assert.match(await page.locator('[data-testid=preview-ok]').innerText(), /6 trials/);
  assert.ok((await page.locator('[data-testid=findings] li').count()) > 5);
  assert.ok(!requests.some((u) => u.includes('trials.json') && !u.startsWith(server.url)), 'the file is never sent');
  await page.click('[data-testid=preview-use]');
  await page.waitForSelector('[data-testid=previewing]');
  assert.match(await page.locator('.trial-list').innerText(), new RegExp(trial.title.en.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  await page.click('[data-testid=start]');
  await answerAll(page, { age: { value: 40, unit: 'years' }, sex: 'female' });
  const v = await toResults(page);
  assert.equal(v[trial.id], 'may_qualify', 'inside its age limits, everything else is for its study team');
  const card = page.locator(`[data-trial=${trial.id}]`);
  assert.ok((await card.locator('details .criteria li').count()) >= 10, 'criteria not yet encoded are listed for the study team');
  await page.context().close();
});

test('preview shows a broken file\'s errors with where they are', async () => {
  const { p } = importedFile();
  fs.writeFileSync(p, fs.readFileSync(p, 'utf8').replace('"fact": "age"', '"fact": "agee"'));
  const page = await open(browser, server.url + '#/preview');
  await page.setInputFiles('[data-testid=preview-file]', p);
  await page.waitForSelector('[data-testid=findings]');
  const text = await page.locator('[data-testid=findings]').innerText();
  assert.match(text, /trials\.json:\d+:\d+: error: trials\[\d\]\.criteria\[\d+\]\.rule(\.all\[\d\])?\.fact: unknown fact "agee"; did you mean "age"\?/);
  assert.equal(await page.locator('[data-testid=preview-use]').count(), 0, 'a broken file cannot be used');
  await page.context().close();
});
