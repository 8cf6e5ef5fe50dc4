// Answers are never lost: every kind of link keeps them through a reload, a link or a saved copy
// with answers that no longer fit restores the rest and says which were dropped, and a crash
// shows a page that reloads with the answers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, launch, open, patient, answerAll, toResults, appShown, dist, where } from '../lib.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** The answers this tab's current history entry holds: what a reload restores. */
const kept = (page) => page.evaluate(() => JSON.parse(history.state));

async function reload(page) {
  await page.reload();
  await appShown(page);
}

/** Start, to the first page: where the patient lives. */
async function start(page) {
  await page.click('[data-testid=start]');
  await page.waitForSelector('[data-testid=location]');
}

/** The Paris patient, who does not know her platelets (so a trial card asks for them). */
function parisPatient() {
  const answers = patient('may_qualify_NCT03562065');
  delete answers.platelets;
  return answers;
}

test('after every kind of link, Back and Forward, a reload keeps every answer', { timeout: 120000 }, async () => {
  const page = await open(browser, server.url);
  await start(page);
  await answerAll(page, parisPatient(), { city: 'Paris' });
  await toResults(page);
  const all = await kept(page);
  assert.ok(Object.keys(all).length > 20, `a whole journey's answers: ${Object.keys(all).length}`);
  assert.equal(all.platelets, 'unknown');

  const steps = [
    ['results: "Change your answers"', () => page.click('main a[href="#/check"]'), 'check'],
    ['check: a "Change" link', () => page.locator('[data-testid=answers] a[href^="#/q/"]').first().click(), 'question'],
    ['Back', () => page.goBack(), 'check'],
    ['Forward', () => page.goForward(), 'question'],
    ['Back again', () => page.goBack(), 'check'],
    ['check: the location\'s "Change" link', () => page.click('main a[href="#/location"]'), 'location'],
    ['Back from location', () => page.goBack(), 'check'],
    ['check: "See results"', () => page.click('[data-testid=see-results]'), 'results'],
    ['results: a question on a trial card', () => page.locator('[data-testid=trial] [data-testid=answer-tests]').first().click(), 'question'],
    ['Back to results', () => page.goBack(), 'results'],
    ['results: print view', () => page.click('[data-testid=print-link]'), 'other'],
  ];
  for (const [name, act, lands] of steps) {
    await act();
    await page.waitForTimeout(50);
    assert.equal(await where(page), lands, `${name} lands on the ${lands} page`);
    await reload(page);
    assert.equal(await where(page), lands, `${name}: the same page after a reload`);
    assert.deepEqual(await kept(page), all, `${name}: every answer survives a reload`);
  }
  await page.goto(server.url + '#/check');
  await page.waitForSelector('[data-testid=answers]');
  assert.equal(await page.locator('[data-testid=answers] [data-fact=platelets]').count(), 1);
  await page.context().close();
});

test('a link with one answer that does not fit restores the rest and names the one dropped', async () => {
  const answers = { ...parisPatient(), age: { value: 250, unit: 'years' }, old_question: true };
  const link = server.url + '#/results?answers=' + encodeURIComponent(JSON.stringify(answers));
  const page = await open(browser, link);
  await page.waitForSelector('[data-testid=dropped]');
  const notice = page.locator('[data-testid=dropped]');
  assert.equal(await notice.locator('li[data-fact=age]').count(), 1);
  assert.match(await notice.innerText(), /How old are you\?/);
  assert.match(await notice.innerText(), /1 saved answer is for a question this version no longer asks/);
  const expected = { ...answers };
  delete expected.age;
  delete expected.old_question;
  assert.deepEqual(await kept(page), expected, 'every other answer is restored');
  assert.ok(page.url().includes('answers='), 'the link stays in the address bar until something changes');
  // Answering again clears the notice and the stale link.
  await page.goto(link.split('#')[0] + '#/q/age');
  await page.waitForSelector('[data-testid=question][data-fact=age]');
  await page.locator('#value').fill('45');
  await page.click('[data-testid=continue]');
  await page.waitForFunction(() => !document.querySelector('[data-testid=question][data-fact=age]'));
  assert.equal(await page.locator('[data-testid=dropped]').count(), 0);
  // Back on the link's own entry, the link has given way: a reload keeps the new answer.
  await page.goBack();
  await page.goBack();
  await page.waitForSelector('[data-testid=next-step]');
  assert.equal(page.url().includes('answers='), false, page.url());
  await reload(page);
  assert.deepEqual((await kept(page)).age, { value: 45, unit: 'years' });
  await page.context().close();
});

test('after a clinic renames a question, saved answers keep the others, say so, and the saved copy is not written over unseen', { timeout: 60000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renamed-'));
  fs.cpSync(dist, dir, { recursive: true });
  const site = await serve(dir);
  const page = await open(browser, site.url, { serviceWorkers: 'block' });
  await start(page);
  await answerAll(page, parisPatient(), { city: 'Paris' });
  await toResults(page);
  await page.click('[data-testid=save]');
  await page.waitForSelector('[data-testid=saved]');
  const all = await kept(page);
  const storedBefore = await page.evaluate(() => JSON.stringify({ ...localStorage }));

  // The clinic renames `haemoglobin` everywhere in trials.json (facts, pages, rules); `check`
  // would pass.
  const file = path.join(dir, 'trials.json');
  const trials = JSON.parse(fs.readFileSync(file, 'utf8'));
  const rename = (v) => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => { if (x === 'haemoglobin') v[i] = 'hemoglobin_g'; });
      return v.forEach(rename);
    }
    if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if ((k === 'fact' || k === 'id') && x === 'haemoglobin') v[k] = 'hemoglobin_g';
        else rename(x);
      }
    }
  };
  rename(trials.groups);
  rename(trials.facts);
  rename(trials.trials);
  trials.version += '-renamed';
  fs.writeFileSync(file, JSON.stringify(trials));
  assert.ok(all.haemoglobin, 'the patient had answered the renamed question');

  const fresh = await page.context().newPage();
  await fresh.goto(site.url);
  await appShown(fresh);
  await fresh.waitForSelector('[data-testid=dropped]');
  assert.match(await fresh.locator('[data-testid=dropped]').innerText(), /1 saved answer is for a question this version no longer asks/);
  const expected = { ...all };
  delete expected.haemoglobin;
  assert.deepEqual(await kept(fresh), expected, 'every other saved answer is restored');
  assert.equal(await fresh.evaluate(() => JSON.stringify({ ...localStorage })), storedBefore,
    'the saved copy is not written over before the patient has answered again');
  await page.context().close();
  await site.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a panic shows the crash page, whose button reloads with every answer kept', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url);
  await appShown(page);
  await start(page);
  await page.click('[data-testid=skip-location]');
  await page.waitForSelector('[data-testid=question]');
  await page.locator('#value').fill('45');
  await page.click('[data-testid=continue]');
  await page.waitForFunction(() => !document.querySelector('[data-testid=question][data-fact=age]'));
  await page.goto(server.url + '#/test/crash');
  await page.waitForSelector('[data-testid=crash] h1');
  assert.equal(await page.locator('h1').innerText(), 'Sorry, something went wrong');
  assert.ok(errors.length > 0, 'the panic was real');
  await page.click('[data-testid=crash-reload]');
  await page.waitForSelector('[data-testid=answers] [data-fact=age]');
  assert.match(await page.locator('[data-testid=answers] [data-fact=age] dd').first().innerText(), /^45\b/);
  await context.close();
});

test('a saved file with one answer that does not fit opens with the rest, naming the one dropped', async () => {
  const answers = { ...parisPatient(), platelets: { value: -3, unit: '10^9/L' } };
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'saved-')), 'answers.json');
  fs.writeFileSync(file, JSON.stringify(answers));
  const page = await open(browser, server.url);
  await page.locator('[data-testid=upload]').setInputFiles(file);
  await page.waitForSelector('[data-testid=next-step]');
  await page.waitForSelector('[data-testid=dropped] li[data-fact=platelets]');
  const expected = { ...answers };
  delete expected.platelets;
  assert.deepEqual(await kept(page), expected);
  await page.context().close();
});
