// The first screens prerendered into index.html: shown and usable while the WebAssembly is held
// back, the app's own pages exactly, and taken over by the app without losing what the patient
// did (the city chosen, Continue or a button pressed, focus), storing nothing and asking for
// nothing else.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { serve, launch, open, appShown, axe, dist, root, verdicts } from '../lib.mjs';
import { LOCALES } from '../locales.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** Holds the app's WebAssembly back until the returned function is called. */
async function holdWasm(page) {
  let release;
  const gate = new Promise((r) => { release = r; });
  await page.route(/\.wasm$/, async (route) => { await gate; await route.continue(); });
  return release;
}

/** A page whose WebAssembly is held back, with every request it makes recorded. */
async function held(locale, hash = '', { query = '' } = {}) {
  const page = await open(browser, null, { locale });
  page.requests = [];
  page.on('request', (r) => page.requests.push(r.url()));
  page.release = await holdWasm(page);
  await page.goto(server.url + query + hash, { waitUntil: 'domcontentloaded' });
  return page;
}

/** `selector` inside the prerendered page (or, for an attribute selector, on one of its nodes). */
const prerendered = (page, selector) => page.locator(selector.startsWith('[')
  ? `[data-prerendered] ${selector}, [data-prerendered]${selector}` : `[data-prerendered] ${selector}`);

/** The page as shown: prerendered nodes (without the shell's status line), or the app's body. */
function shownHtml(page) {
  return page.evaluate(() => {
    const pre = [...document.querySelectorAll('[data-prerendered]')];
    const nodes = pre.length ? pre : [...document.body.children];
    return nodes.map((n) => {
      const c = n.cloneNode(true);
      c.removeAttribute('data-prerendered');
      c.querySelectorAll('.pending').forEach((p) => p.remove());
      return c.outerHTML;
    }).join('');
  });
}

const stored = (page) => page.evaluate(async () => ({
  local: localStorage.length, session: sessionStorage.length, cookie: document.cookie,
  idb: (await indexedDB.databases()).length,
}));
const nothingStored = { local: 0, session: 0, cookie: '', idb: 0 };

/** Every request so far is for a file of the build, on the page's own origin. */
function onlyBuildFiles(page) {
  const files = new Set(fs.readdirSync(dist));
  for (const u of page.requests) {
    const url = new URL(u);
    assert.equal(url.origin, new URL(server.url).origin, `same origin only: ${u}`);
    const name = url.pathname.slice(1) || 'index.html';
    assert.ok(files.has(name), `a file of the build: ${u}`);
  }
}

/** The route the page after Start has, as written beside its snapshot. */
const nextRoute = () => {
  const m = /data-page="next"[^>]*data-route="([^"]+)"/.exec(fs.readFileSync(`${dist}/index.html`, 'utf8'));
  assert.ok(m, 'the build has a prerendered page after Start');
  return m[1];
};

test('the page after Start is where the patient lives', () => {
  assert.equal(nextRoute(), '/location');
});

for (const [locale, L] of Object.entries({ 'en-US': LOCALES['en-US'], 'ko-KR': LOCALES['ko-KR'] })) {
  test(`${locale}: before the app loads, the start page and where the patient lives are shown and take a city`, async () => {
    const page = await held(locale);
    await prerendered(page, '[data-testid=start]').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), L.lang);
    const startTitle = await page.title();
    const startHtml = await shownHtml(page);
    const entries = await page.evaluate(() => history.length);
    await page.click('[data-testid=start]');
    await prerendered(page, '[data-testid=location] #city').waitFor();
    assert.equal(new URL(page.url()).hash, `#${nextRoute()}`);
    assert.equal(await page.evaluate(() => history.length), entries + 1, 'Start opens a new history entry, as in the app');
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1', 'focus on the heading, as in the app');
    const locationTitle = await page.title();
    await page.locator('#city').selectOption('Paris');
    assert.equal(await page.locator('#city').inputValue(), 'Paris');
    assert.equal(await page.locator('main').count(), 1);
    assert.equal(await page.locator('h1').count(), 1);
    // Back returns to the prerendered start page.
    await page.click('.back-link');
    await prerendered(page, '[data-testid=start]').waitFor();
    assert.equal(await page.title(), startTitle);
    page.release();
    await appShown(page);
    // The app's own start page, word for word and tag for tag.
    assert.equal(await shownHtml(page), startHtml);
    assert.equal(await page.title(), startTitle);
    await page.click('[data-testid=start]');
    await page.waitForSelector('[data-testid=location] #city');
    assert.equal(await page.title(), locationTitle);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test(`${locale}: the prerendered page after Start is the app's own page`, async () => {
    const page = await held(locale, `#${nextRoute()}`);
    await prerendered(page, '#city').waitFor();
    const before = await shownHtml(page);
    const title = await page.title();
    page.release();
    await appShown(page);
    assert.equal(await shownHtml(page), before);
    assert.equal(await page.title(), title);
    await page.context().close();
  });

  test(`${locale}: Continue pressed before the app loads is not lost: the app goes on to how far the patient could travel, the city kept`, async () => {
    const page = await held(locale);
    await page.click('[data-testid=start]');
    await prerendered(page, '#city').waitFor();
    await page.locator('#city').selectOption('Paris');
    await page.click('[data-testid=location] [data-testid=continue]');
    const status = prerendered(page, '[role=status]');
    await status.waitFor();
    assert.match(await status.innerText(), /\S/, 'a loading message');
    assert.equal(await prerendered(page, '[data-testid=location]').count(), 1, 'still on the page until the app loads');
    assert.deepEqual(await stored(page), nothingStored);
    onlyBuildFiles(page);
    page.release();
    await page.waitForSelector('[data-testid=reach]');
    assert.equal(await page.locator('[data-prerendered]').count(), 0);
    assert.equal(await page.locator('main').count(), 1);
    assert.equal(await page.locator('h1').count(), 1);
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1');
    await page.goBack();
    await page.waitForSelector('[data-testid=location] #city');
    assert.equal(await page.locator('#city').inputValue(), 'Paris', 'the city was recorded');
    assert.deepEqual(await stored(page), nothingStored);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test(`${locale}: Continue without a city before the app loads ends on the page with the app's message`, async () => {
    const page = await held(locale);
    await page.click('[data-testid=start]');
    await prerendered(page, '#city').waitFor();
    await page.click('[data-testid=location] [data-testid=continue]');
    await prerendered(page, '[data-pending=submit]').waitFor();
    page.release();
    await page.waitForSelector('[data-testid=error-summary]');
    assert.match(await page.locator('#city-error').innerText(), /\S/);
    assert.equal(await page.locator('[data-testid=location]').count(), 1);
    assert.match(await page.title(), L.errorPrefix);
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'error-summary');
    assert.equal(await page.locator('main').count(), 1);
    await page.context().close();
  });

  test(`${locale}: "skip" pressed before the app loads is done once it has: the first question`, async () => {
    const page = await held(locale);
    await page.click('[data-testid=start]');
    await prerendered(page, '[data-testid=skip-location]').waitFor();
    await page.click('[data-testid=skip-location]');
    await prerendered(page, '[data-pending=click]').waitFor();
    page.release();
    await page.waitForSelector('[data-testid=question]');
    assert.equal(await page.locator('[data-prerendered]').count(), 0);
    assert.equal(await page.locator('h1').count(), 1);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  for (const [name, hash] of [['start page', ''], ['page after Start', 'next']]) {
    test(`${locale}: the prerendered ${name} has no axe violations`, async () => {
      const page = await held(locale, hash && `#${nextRoute()}`);
      await prerendered(page, 'h1').waitFor();
      assert.deepEqual(await axe(page), []);
      assert.equal(await page.locator('main').count(), 1);
      assert.equal(await page.locator('h1').count(), 1);
      await page.context().close();
    });
  }
}

// Every prerendered page in every language, chosen by the browser or by ?lang=: what shows
// before the app loads is the app's own render, tag for tag, with the same title.
for (const [locale, L] of Object.entries(LOCALES)) {
  for (const [name, hash] of [['start page', ''], ['page after Start', 'next']]) {
    for (const query of ['', `?lang=${L.lang}`]) {
      test(`${locale}${query}: the prerendered ${name} is the app's own render`, async () => {
        const page = await held(query ? 'en-US' : locale, hash && `#${nextRoute()}`, { query });
        await prerendered(page, 'h1').waitFor();
        assert.equal(await page.evaluate(() => document.documentElement.lang), L.lang);
        const before = await shownHtml(page);
        const title = await page.title();
        page.release();
        await appShown(page);
        assert.equal(await shownHtml(page), before);
        assert.equal(await page.title(), title);
        assert.deepEqual(page.errors, []);
        await page.context().close();
      });
    }
  }
}

test('a patient choosing a city when the app takes over keeps the menu in focus and the city chosen', async () => {
  const page = await held('en-US');
  await page.click('[data-testid=start]');
  await prerendered(page, '#city').waitFor();
  await page.locator('#city').focus();
  await page.locator('#city').selectOption('Lyon');
  page.release();
  await appShown(page);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'city');
  assert.equal(await page.locator('#city').inputValue(), 'Lyon');
  await page.click('[data-testid=location] [data-testid=continue]');
  await page.waitForSelector('[data-testid=reach]');
  await page.locator('input[type=radio][value=country]').check();
  await page.click('[data-testid=reach] [data-testid=continue]');
  await page.waitForSelector('[data-testid=question]');
  await page.goto(server.url + '#/check');
  await page.waitForSelector('[data-testid=answers]');
  assert.match(await page.locator('[data-fact=location] dd').first().innerText(), /Lyon/);
  await page.context().close();
});

test('choosing another language before the app loads shows the page in it, keeps the city, and the app stays in it', async () => {
  const page = await held('en-US');
  await page.click('[data-testid=start]');
  await prerendered(page, '#city').waitFor();
  await page.locator('#city').selectOption('Seoul');
  await page.selectOption('[data-testid=language]', 'fr');
  await page.waitForFunction(() => document.documentElement.lang === 'fr');
  assert.equal(await page.locator('#city').inputValue(), 'Seoul');
  assert.equal(await prerendered(page, '[data-testid=language]').evaluate((e) => e === document.activeElement), true);
  assert.match(await page.locator('h1').innerText(), /Où/);
  page.release();
  await appShown(page);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
  assert.equal(await page.locator('#city').inputValue(), 'Seoul');
  assert.match(await page.locator('h1').innerText(), /Où/);
  assert.equal(await page.locator('[data-testid=language]').inputValue(), 'fr');
  await page.context().close();
});

test('"forget my answers" before the app loads shows the start page saying so, as the app does', async () => {
  const page = await held('ko-KR');
  await page.click('[data-testid=start]');
  await prerendered(page, '#city').waitFor();
  await page.click('[data-testid=forget]');
  await prerendered(page, '[data-testid=forgotten]').waitFor();
  assert.equal(new URL(page.url()).hash, '#/');
  const notice = await page.locator('[data-testid=forgotten]').innerText();
  page.release();
  await appShown(page);
  assert.equal(await page.locator('[data-testid=forgotten]').innerText(), notice);
  assert.equal(await page.locator('[data-testid=start]').count(), 1);
  await page.context().close();
});

test('a saved answers file opened before the app loads is opened once the app has loaded', async () => {
  const page = await held('en-US');
  await prerendered(page, '[data-testid=upload]').waitFor();
  await page.locator('[data-testid=upload]').setInputFiles(`${root}/tests/patients/may_qualify_NCT03562065.json`);
  await prerendered(page, '[data-pending=file]').waitFor();
  assert.match(await prerendered(page, '[role=status]').innerText(), /\S/, 'a loading message');
  page.release();
  assert.equal((await verdicts(page)).NCT03562065, 'may_qualify');
  assert.equal(new URL(page.url()).hash, '#/results');
  assert.deepEqual(await stored(page), nothingStored);
  await page.context().close();
});

test('?lang= picks the prerendered language over the browser\'s, as the app does', async () => {
  const page = await held('en-US', '', { query: '?lang=ko' });
  await prerendered(page, '[data-testid=start]').waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
  const html = await shownHtml(page);
  page.release();
  await appShown(page);
  assert.equal(await shownHtml(page), html);
  await page.context().close();
});

const notPrerendered = [
  ['the results page', '#/results', ''],
  ['a share link', '#/results?answers=%7B%22age%22%3A%7B%22value%22%3A40%2C%22unit%22%3A%22years%22%7D%7D', ''],
  ['a question', '#/q/age', ''],
  ['how far the patient could travel', '#/reach', ''],
  ['asking no location', '', '?location=no'],
  ['chosen trials', '', '?trials=NCT03562065'],
  ['an accent colour', '', '?accent=%234c2c92'],
  ['a language without a prerendered page', '', '?lang=de'],
];
for (const [name, hash, query] of notPrerendered) {
  test(`${name} shows nothing prerendered; the app renders it`, async () => {
    const page = await held('en-US', hash, { query });
    await page.waitForFunction(() => document.readyState !== 'loading');
    assert.equal(await page.locator('[data-prerendered]').count(), 0);
    assert.equal(await page.locator('main, h1').count(), 0);
    page.release();
    await appShown(page);
    assert.equal(await page.locator('main').count(), 1);
    await page.context().close();
  });
}

test('answers saved on the device or in the tab\'s history: nothing prerendered, the app restores them', async () => {
  const page = await open(browser, server.url);
  await page.evaluate(() => localStorage.setItem('prescreen.answers', '{"age":{"value":33,"unit":"years"}}'));
  page.release = await holdWasm(page);
  await page.reload({ waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => document.readyState !== 'loading');
  assert.equal(await page.locator('[data-prerendered]').count(), 0);
  page.release();
  await appShown(page);
  await page.evaluate(() => localStorage.clear());
  await page.context().close();

  const other = await open(browser, server.url);
  await other.click('[data-testid=start]');
  await other.click('[data-testid=skip-location]');
  await other.locator('#value').fill('61');
  await other.click('[data-testid=continue]');
  await other.waitForFunction(() => document.querySelector('[data-testid=question]')?.dataset.fact !== 'age');
  // The start page's address with the answers in the tab's history, as after a reload there.
  await other.evaluate(() => history.replaceState(history.state, '', '#/'));
  assert.match(await other.evaluate(() => history.state), /"age"/);
  other.release = await holdWasm(other);
  await other.reload({ waitUntil: 'domcontentloaded' });
  await other.waitForFunction(() => document.readyState !== 'loading');
  assert.equal(await other.locator('[data-prerendered]').count(), 0, 'the tab\'s history holds an answer');
  other.release();
  await appShown(other);
  await other.goto(server.url + '#/check');
  await other.waitForSelector('[data-fact=age]');
  assert.match(await other.locator('[data-fact=age] dd').first().innerText(), /^61\b/);
  await other.context().close();
});

test('the index page carries no inline script or style, and its snapshots are inert templates', async () => {
  const html = fs.readFileSync(`${dist}/index.html`, 'utf8');
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/);
  assert.doesNotMatch(html, /\sstyle=/);
  assert.doesNotMatch(html, /<style/);
  const body = html.slice(html.indexOf('<body'));
  const outside = body.replace(/<template[\s\S]*?<\/template>/g, '').replace(/<noscript>[\s\S]*?<\/noscript>/, '');
  assert.doesNotMatch(outside, /<main|<h1|<form/, 'every snapshot is inside a template');
  // The service worker's version is that of the files as finally written (scripts/postbuild.py).
  const sw = fs.readFileSync(`${dist}/sw.js`, 'utf8');
  const files = fs.readdirSync(dist, { recursive: true }).map(String)
    .filter((f) => f !== 'sw.js' && fs.statSync(`${dist}/${f}`).isFile()).sort();
  const digest = crypto.createHash('sha256');
  for (const f of files) { digest.update(f); digest.update(fs.readFileSync(`${dist}/${f}`)); }
  assert.match(sw, new RegExp(`const VERSION = '${digest.digest('hex').slice(0, 16)}'`));
  assert.match(sw, /"index\.html"/);
});

// The age question's unit, as each language writes it, at a phone's width. "years" in Korean,
// Chinese or French is a bug.
const YEARS = { 'ko-KR': '세', 'zh-CN': '岁', 'fr-FR': 'ans' };
for (const [locale, years] of Object.entries(YEARS)) {
  test(`${locale} the age question shows its unit in the patient's language at 390 px`, async () => {
    const page = await open(browser, server.url + '#/q/age', { locale, viewport: { width: 390, height: 844 } });
    await page.waitForSelector('[data-testid=question][data-fact=age]');
    assert.equal((await page.locator('.unit-suffix').innerText()).trim(), years);
    assert.notEqual(await page.title(), '', 'a title');
    await page.context().close();
  });
}

test('every prerendered page is titled in its own language, the loading page too', () => {
  const html = fs.readFileSync(`${dist}/index.html`, 'utf8');
  const titles = {};
  for (const m of html.matchAll(/<template data-page="([a-z]+)"[^>]*data-lang="([a-z]+)"[^>]*data-title="([^"]*)"/g)) {
    (titles[m[1]] ??= {})[m[2]] = m[3];
  }
  assert.ok(titles.loading && titles.start, `pages prerendered: ${Object.keys(titles)}`);
  for (const [page, byLang] of Object.entries(titles)) {
    assert.deepEqual(Object.keys(byLang).sort(), ['en', 'fr', 'ko', 'zh'], page);
    for (const lang of ['fr', 'ko', 'zh']) {
      assert.notEqual(byLang[lang], byLang.en, `${page} in ${lang} is not titled in English`);
    }
  }
});
