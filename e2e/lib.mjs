// Shared helpers for the browser tests: a static file server for the release build, Debian's
// Chromium driven by playwright-core, a patient who answers whatever the app asks, and axe-core.
import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const dist = path.join(root, 'dist');

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml',
};

/** Serves `dir` on loopback, optionally under a sub-path such as `/screen/`. Records every request.
 *  With `lastModified`, sends it for every file and no Cache-Control, as many static hosts do:
 *  browsers then keep files for a while (a tenth of their age) without asking again. */
export async function serve(dir = dist, base = '/', { lastModified } = {}) {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push({ url: req.url, method: req.method, headers: req.headers });
    let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!p.startsWith(base)) { res.writeHead(404); return res.end(); }
    p = p.slice(base.length) || 'index.html';
    const file = path.join(dir, p);
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404); return res.end(); }
    const headers = { 'content-type': types[path.extname(file)] || 'application/octet-stream' };
    if (lastModified) headers['last-modified'] = lastModified.toUTCString();
    res.writeHead(200, headers);
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}${base}`;
  return { url, requests, close: () => new Promise((r) => server.close(r)) };
}

export const chromiumArgs = [
  '--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: chromiumArgs });
}

/** A new page that fails the test on any page error or failed console message. With `url`, it
 *  waits for the app itself: a prerendered page (tests/prerender.test.mjs) shows earlier. */
export async function open(browser, url, options = {}) {
  const context = await browser.newContext({ locale: 'en-US', ...options });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  if (url) {
    await page.goto(url);
    await appShown(page);
  }
  return page;
}

/** Waits until the app shows a page with a heading, having taken over any prerendered page. */
export async function appShown(page) {
  await page.waitForFunction(() => document.querySelector('h1') && !document.querySelector('[data-prerendered]'));
}

export function patient(name) {
  return JSON.parse(fs.readFileSync(path.join(root, 'tests', 'patients', `${name}.json`), 'utf8'));
}

/** Which page the app shows now. */
export async function where(page) {
  await page.waitForSelector('main h1');
  if (await page.locator('[data-testid=question]').count()) return 'question';
  if (await page.locator('[data-testid=location]').count()) return 'location';
  if (await page.locator('[data-testid=reach]').count()) return 'reach';
  if (await page.locator('[data-testid=answers]').count()) return 'check';
  if (await page.locator('[data-testid=next-step]').count()) return 'results';
  return 'other';
}

/** Fills in the current question with `answer` (the answers-file form), without submitting:
 *  the field of fact `field` on a page of several, else the page's one field.
 *  With `comma`, decimals are typed the French way (1,37). */
export async function fill(page, answer, { comma = false, field = null } = {}) {
  const typed = (n) => (comma ? String(n).replace('.', ',') : String(n));
  const form = page.locator('[data-testid=question]');
  const scope = field && await form.locator(`[data-field="${field}"]`).count() ? form.locator(`[data-field="${field}"]`) : form;
  const check = (sel) => scope.locator(sel).first().check();
  if (answer === 'unknown') {
    const radio = scope.locator('input[type=radio][value=unknown]');
    return (await radio.count()) ? radio.check() : check('input[type=checkbox][value=unknown]');
  }
  if (answer === true || answer === false) return check(`input[type=radio][value=${answer ? 'yes' : 'no'}]`);
  if (answer === 'normal') return check('input[type=radio][value=normal]');
  if (typeof answer === 'string') return check(`input[type=radio][value="${answer}"]`);
  if (Array.isArray(answer)) {
    if (answer.length === 0) return check('input[type=checkbox][value=none]');
    for (const id of answer) await check(`input[type=checkbox][value="${id}"]`);
    return;
  }
  if ('upper_limit' in answer) {
    await check('input[type=radio][value=above]');
    await scope.locator('input[id$="value"]').fill(typed(answer.value));
    return scope.locator('input[id$="limit"]').fill(typed(answer.upper_limit));
  }
  if ('date' in answer) {
    const [year, month = ''] = answer.date.split('-');
    await scope.locator('input[id$="value"]').fill(year);
    await scope.locator('select[id$="month"]').selectOption(month);
    if (answer.about) await scope.locator('input[id$="about"]').check();
    return;
  }
  await scope.locator('input[id$="value"]').fill(typed(answer.value));
  if (await scope.locator('select').count()) await scope.locator('select').selectOption(answer.unit);
}

/** The facts of the fields the current page shows, in order. */
export async function fields(page) {
  return page.locator('[data-testid=question] [data-field]').evaluateAll((els) => els.map((e) => e.dataset.field));
}

/** Fills in every field of the current page from `answers` (`fallback` for a fact they leave
 *  out), follow-ups as they appear; returns the facts filled. */
export async function fillPage(page, answers, { fallback = 'unknown', comma = false } = {}) {
  const done = [];
  for (let round = 0; round < 20; round++) {
    const todo = (await fields(page)).filter((f) => !done.includes(f));
    if (!todo.length) return done;
    const f = todo[0];
    await fill(page, f in answers ? answers[f] : fallback, { comma, field: f });
    done.push(f);
  }
  return done;
}

/** The current question's fact id. */
export async function fact(page) {
  return page.locator('[data-testid=question]').getAttribute('data-fact');
}

/** On the page of how far the patient could travel: `reach` is city, country, anywhere or a
 *  number of kilometres. */
export async function chooseReach(page, reach) {
  const form = page.locator('[data-testid=reach]');
  if (typeof reach === 'number') {
    await form.locator('input[type=radio][value=km]').check();
    await form.locator('#reach-km').fill(String(reach));
  } else {
    await form.locator(`input[type=radio][value=${reach}]`).check();
  }
  await form.locator('[data-testid=continue]').click();
}

/** Picks `city` (or skips) where the app asks where the patient lives, and `reach` for how far
 *  they could travel, then answers every question the app asks from `answers`, "I don't know"
 *  for the rest, and stops on the check-answers page. Returns the facts asked, in order (every
 *  field of every page). */
export async function answerAll(page, answers, { city = null, reach = 'anywhere', fallback = 'unknown', comma = false } = {}) {
  const asked = [];
  for (let step = 0; step < 120; step++) {
    const at = await where(page);
    if (at === 'check' || at === 'results') return asked;
    if (at === 'location') {
      if (city) {
        await page.waitForSelector('#city');
        await page.locator('#city').selectOption(city);
        await page.click('[data-testid=location] [data-testid=continue]');
      } else {
        await page.click('[data-testid=skip-location]');
      }
      await page.waitForFunction(() => !document.querySelector('[data-testid=location]'));
      continue;
    }
    if (at === 'reach') {
      await chooseReach(page, reach);
      await page.waitForFunction(() => !document.querySelector('[data-testid=reach]'));
      continue;
    }
    if (at !== 'question') throw new Error(`unexpected page: ${await page.locator('h1').innerText()}`);
    const id = await fact(page);
    asked.push(...await fillPage(page, answers, { fallback, comma }));
    await page.click('[data-testid=continue]');
    await page.waitForFunction((prev) => {
      const f = document.querySelector('[data-testid=question]');
      return !f || f.getAttribute('data-fact') !== prev || document.querySelector('[data-testid=error-summary]');
    }, id);
    if (await page.locator('[data-testid=error-summary]').count()) {
      throw new Error(`answer to ${id} refused: ${await page.locator('[data-testid=error-summary]').innerText()}`);
    }
  }
  throw new Error('too many questions');
}

/** The verdict of each trial on the results page, by registry id. */
export async function verdicts(page) {
  await page.waitForSelector('[data-testid=next-step]');
  const cards = await page.locator('[data-testid=trial]').all();
  const out = {};
  for (const c of cards) out[await c.getAttribute('data-trial')] = await c.getAttribute('data-verdict');
  return out;
}

export async function toResults(page) {
  if ((await where(page)) === 'check') await page.click('[data-testid=see-results]');
  return verdicts(page);
}

let axeSource;
/** Runs axe-core on the page (WCAG 2.x A and AA rules) and returns the violations. */
export async function axe(page) {
  axeSource ??= fs.readFileSync(path.join(root, 'e2e', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  // Injected through the test driver, not the page, so the page's CSP stays as strict as in use.
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } }));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
