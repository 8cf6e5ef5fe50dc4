// Hosting promises: privacy by construction, the Content-Security-Policy in force, any sub-path,
// offline after a first visit, and embedding in another site's page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serve, launch, open, appShown, answerAll, toResults, patient, root, dist, where } from '../lib.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

// Values unlikely to appear anywhere by chance, to look for in every request.
const distinctive = {
  age: { value: 47, unit: 'years' }, sex: 'female', weight: { value: 61.3, unit: 'kg' },
  creatinine: { value: 1.37, unit: 'mg/dL' }, platelets: { value: 123456, unit: '/uL' },
};

test('a whole journey sends nothing anywhere: same-origin requests only, no answer in any, no cookie, no storage until "save"', async () => {
  const page = await open(browser, null);
  const seen = [];
  page.on('request', (r) => seen.push({ url: r.url(), body: r.postData() || '', headers: r.headers() }));
  await page.goto(server.url);
  await page.click('[data-testid=start]');
  await answerAll(page, distinctive, { city: 'Paris' });
  await toResults(page);
  const origin = new URL(server.url).origin;
  assert.ok(seen.length > 5);
  for (const r of seen) {
    if (r.url.startsWith('data:')) continue;
    assert.equal(new URL(r.url).origin, origin, `only the page's own origin: ${r.url}`);
    const all = r.url + r.body + JSON.stringify(r.headers);
    for (const needle of ['1.37', '123456', '61.3', 'creatinine']) {
      assert.ok(!all.includes(needle), `no answer in ${r.url}`);
    }
    assert.equal(r.body, '', 'no request carries a body');
  }
  assert.deepEqual(await page.context().cookies(), []);
  const stored = () => page.evaluate(async () => ({
    local: localStorage.length, session: sessionStorage.length, cookie: document.cookie,
    idb: (await indexedDB.databases()).length,
    caches: await Promise.all((await caches.keys()).map(async (k) => (await (await caches.open(k)).keys()).map((r) => new URL(r.url).pathname))),
  }));
  const before = await stored();
  assert.deepEqual([before.local, before.session, before.cookie, before.idb], [0, 0, '', 0]);
  // The offline cache holds the build's files only, never answers.
  for (const paths of before.caches) for (const p of paths) assert.match(p, /\/([\w.-]+\.(js|wasm|css|json|html))?$/);
  await page.click('[data-testid=save]');
  await page.waitForSelector('[data-testid=saved]');
  assert.equal((await stored()).local, 1, 'saved only when asked');
  await page.context().close();
});

test('the Content-Security-Policy blocks an injected inline script and a request to another origin', async () => {
  const page = await open(browser, server.url);
  const result = await page.evaluate(async () => {
    const violations = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true;';
    document.body.appendChild(s);
    let fetched = 'no error';
    try { await fetch('http://127.0.0.1:9/collect?x=1'); } catch (e) { fetched = e.name; }
    await new Promise((r) => setTimeout(r, 200));
    return { injected: window.__injected === true, fetched, violations };
  });
  assert.equal(result.injected, false, 'the inline script did not run');
  assert.equal(result.fetched, 'TypeError', 'the cross-origin request failed');
  assert.ok(result.violations.includes('script-src-elem'), JSON.stringify(result.violations));
  assert.ok(result.violations.includes('connect-src'), JSON.stringify(result.violations));
  await page.context().close();
});

test('the trials and the cities are published without spaces between their tokens, the same data as the files a clinic edits', () => {
  for (const file of ['trials.json', 'cities.json']) {
    const published = fs.readFileSync(path.join(dist, file), 'utf8');
    const edited = fs.readFileSync(path.join(root, file), 'utf8');
    assert.ok(!/\n/.test(published) && published.length < edited.length, `${file}: ${published.length} of ${edited.length} characters`);
    assert.deepEqual(JSON.parse(published), JSON.parse(edited), file);
  }
});

test('the build works under a sub-path', async () => {
  const sub = await serve(undefined, '/clinic/screen/');
  const page = await open(browser, sub.url);
  await page.click('[data-testid=start]');
  await answerAll(page, patient('may_qualify_NCT03562065'), { city: 'Paris' });
  assert.equal((await toResults(page)).NCT03562065, 'may_qualify');
  assert.ok(sub.requests.every((r) => r.url.startsWith('/clinic/screen/')), 'every file is found under the sub-path');
  await page.context().close();
  await sub.close();
});

test('after a first visit the screener loads and completes a journey offline', async () => {
  const page = await open(browser, server.url);
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.context().setOffline(true);
  await page.goto(server.url + '?lang=en');
  await page.waitForSelector('[data-testid=start]');
  await page.click('[data-testid=start]');
  await answerAll(page, patient('may_qualify_NCT03580291'), { city: 'Nanjing' });
  assert.equal((await toResults(page)).NCT03580291, 'may_qualify');
  await page.context().close();
});

test('a clinic\'s updates reach returning patients: a replaced trials.json on the next visit, a new release with its old cache deleted, offline after', { timeout: 120000 }, async () => {
  const { dir, site, retitle, remove } = await publishedCopy();
  const page = await open(browser, site.url + '?lang=en');
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const firstCaches = await page.evaluate(() => caches.keys());
  assert.equal(firstCaches.length, 1);
  const titles = () => page.$$eval('.trial-list strong', (s) => s.map((e) => e.textContent));
  const shows = (title) => page
    .waitForFunction((t) => [...document.querySelectorAll('.trial-list strong')].some((e) => e.textContent === t), title, { timeout: 20000 })
    .catch(async () => assert.fail(`expected "${title}" among the trials, saw ${JSON.stringify(await titles())}`));

  // A replaced trials.json, nothing rebuilt: the worker fetches it fresh.
  retitle('Replaced without rebuilding');
  await page.goto(site.url + '?lang=en');
  await appShown(page);
  await shows('Replaced without rebuilding');

  // A new release (its files and worker change): the new worker takes over and the old cache goes.
  retitle('A new release');
  const index = path.join(dir, 'index.html');
  fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace('<head>', '<head><meta name="release" content="2">'));
  execFileSync('python3', [path.join(root, 'scripts', 'postbuild.py'), dir, 'sw']);
  await page.goto(site.url + '?lang=en');
  await appShown(page);
  await shows('A new release');
  const after = await page.evaluate(async (old) => {
    for (let i = 0; i < 100; i++) {
      const keys = await caches.keys();
      if (keys.length === 1 && keys[0] !== old) return keys;
      await new Promise((r) => setTimeout(r, 100));
    }
    return caches.keys();
  }, firstCaches[0]);
  assert.equal(after.length, 1, `one cache left: ${after}`);
  assert.notEqual(after[0], firstCaches[0], 'the old release\'s cache is deleted');
  const cached = await page.evaluate(async (name) => {
    const r = await (await caches.open(name)).match('trials.json');
    return r && (await r.json()).trials[0].title.en;
  }, after[0]);
  assert.equal(cached, 'A new release', 'the new cache holds the new trials');

  await page.context().setOffline(true);
  await page.goto(site.url + '?lang=en');
  await appShown(page);
  assert.ok((await titles()).includes('A new release'), 'offline, the new release is shown');
  assert.equal(await page.getAttribute('meta[name=release]', 'content'), '2', 'offline, the new index.html');
  assert.deepEqual(page.errors, []);
  await page.context().close();
  await remove();
});

test('the trials, and the cities of a page that asks for a city, are asked for once each, by the page\'s own script as the page loads (beside the app\'s download), and the app takes those answers', async () => {
  const page = await open(browser, null, { serviceWorkers: 'block' });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const asked = { 'trials.json': [], 'cities.json': [] };
  cdp.on('Network.requestWillBeSent', (e) => {
    const file = new URL(e.request.url).pathname.split('/').pop();
    if (asked[file]) asked[file].push(e.initiator);
  });
  await page.goto(server.url + '#/location');
  await appShown(page);
  await page.selectOption('#city', 'Paris');
  for (const [file, by] of Object.entries(asked)) {
    assert.equal(by.length, 1, `${file} asked for once`);
    const script = by[0].url || by[0].stack?.callFrames?.[0]?.url || '';
    assert.ok(script.endsWith('/shell.js'), `${file} by the page's script: ${JSON.stringify(by[0])}`);
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('without a service worker too, a replaced trials.json shows on the next visit', { timeout: 60000 }, async () => {
  const { site, retitle, remove } = await publishedCopy();
  const page = await open(browser, site.url + '?lang=en', { serviceWorkers: 'block' });
  retitle('Replaced, no worker');
  await page.goto(site.url + '?lang=en');
  await appShown(page);
  const titles = await page.$$eval('.trial-list strong', (s) => s.map((e) => e.textContent));
  assert.ok(titles.includes('Replaced, no worker'), `the replaced file is used: ${JSON.stringify(titles)}`);
  await page.context().close();
  await remove();
});

test('a network that publishes trials.pack instead of trials.json is screened from the pack, online and offline', { timeout: 120000 }, async () => {
  const { dir, site, retitle, remove } = await publishedCopy();
  retitle('Published as a pack');
  const json = path.join(dir, 'trials.json');
  execFileSync('cargo', ['run', '-q', '--bin', 'prescreen', '--', 'pack', json, path.join(dir, 'trials.pack')], { cwd: root, stdio: 'ignore' });
  const first = JSON.parse(fs.readFileSync(json, 'utf8')).trials[0].id;
  fs.rmSync(json);
  const page = await open(browser);
  const failed = [];
  page.on('requestfailed', (r) => failed.push(r.url()));
  page.on('response', (r) => { if (!r.ok()) failed.push(r.url()); });
  await page.goto(site.url + '?lang=en');
  await appShown(page);
  const titles = () => page.$$eval('.trial-list strong', (s) => s.map((e) => e.textContent));
  assert.ok((await titles()).includes('Published as a pack'), `the pack's trials are listed: ${JSON.stringify(await titles())}`);
  assert.ok(site.requests.some((r) => r.url.endsWith('/trials.pack')));
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await appShown(page);

  await page.context().setOffline(true);
  await page.goto(site.url + '?lang=en');
  await appShown(page);
  await page.click('[data-testid=start]');
  await answerAll(page, patient('may_qualify_NCT03562065'), { city: 'Paris' });
  assert.equal((await toResults(page)).NCT03562065, 'may_qualify');
  const card = await page.textContent(`[data-testid=trial][data-trial=${first}]`);
  assert.ok(card.includes('Published as a pack'), 'offline, results describe the trials from the cached pack');
  // Looking for trials.json first is expected to fail on such a site (not found online, not
  // cached offline); nothing else may.
  assert.ok(failed.length > 0 && failed.every((u) => new URL(u).pathname.endsWith('/trials.json')), `failed: ${failed}`);
  assert.deepEqual(page.errors.filter((e) => !e.startsWith('Failed to load resource')), []);
  await page.context().close();
  await remove();
});

/** A copy of the build served as many static hosts do: files dated a year back and no
 *  Cache-Control, so the browser's own cache would keep every file for weeks. `retitle`
 *  replaces trials.json with the first trial's English title changed. */
async function publishedCopy() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'published-'));
  fs.cpSync(dist, dir, { recursive: true });
  const site = await serve(dir, '/', { lastModified: new Date(Date.now() - 365 * 86400e3) });
  const file = path.join(dir, 'trials.json');
  const retitle = (title) => {
    const trials = JSON.parse(fs.readFileSync(file, 'utf8'));
    trials.trials[0].title.en = title;
    fs.writeFileSync(file, JSON.stringify(trials));
  };
  const remove = async () => { await site.close(); fs.rmSync(dir, { recursive: true, force: true }); };
  return { dir, site, retitle, remove };
}

async function hostPage(screenerUrl, attributes) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'host-'));
  let html = fs.readFileSync(path.join(root, 'examples', 'host.html'), 'utf8').replace('https://screen.example.org/', screenerUrl);
  if (attributes) html = html.replace(/<div data-prescreen[^>]*><\/div>/, `<div data-prescreen ${attributes}></div>`);
  // The kinds of message the host page hears, for tests to read.
  html = html.replace('</head>', "<script>window.heard = []; addEventListener('message', (e) => heard.push(e.data && e.data.type));</script>\n</head>");
  fs.writeFileSync(path.join(dir, 'index.html'), html);
  return serve(dir);
}

async function screenerFrame(page, screener) {
  await page.waitForSelector('iframe');
  await page.waitForFunction(() => document.querySelector('iframe').style.height !== '700px');
  return page.frames().find((f) => f !== page.mainFrame() && f.url().startsWith(screener.url));
}

async function heights(page, frame) {
  const content = await frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
  const box = await page.evaluate(() => document.querySelector('iframe').getBoundingClientRect().height);
  return { content, box };
}

test('the example host page: the frame follows its content both ways, the host cannot read it, options apply', async () => {
  const host = await hostPage(server.url);
  assert.notEqual(new URL(host.url).origin, new URL(server.url).origin, 'two origins, as in real use');
  const page = await open(browser, host.url);
  const frame = await screenerFrame(page, server);
  await frame.waitForSelector('[data-testid=start]');
  assert.notEqual(await page.evaluate(() => document.activeElement.tagName), 'IFRAME', 'the screener does not take focus from the host page');
  // Options from the snippet: two trials, the accent colour, English.
  assert.equal(await frame.locator('.trial-list li').count(), 2);
  assert.equal(await frame.evaluate(() => getComputedStyle(document.querySelector('.header')).backgroundColor), 'rgb(76, 44, 146)');
  assert.equal(await frame.evaluate(() => document.documentElement.lang), 'en');
  const settle = async () => {
    await page.waitForFunction(() => true);
    for (let i = 0; i < 40; i++) {
      const h = await heights(page, frame);
      if (Math.abs(h.content - h.box) <= 2) return h;
      await page.waitForTimeout(100);
    }
    return heights(page, frame);
  };
  const start = await settle();
  assert.ok(Math.abs(start.content - start.box) <= 2, JSON.stringify(start));
  await frame.click('[data-testid=start]');
  await frame.waitForSelector('[data-testid=location] #city');
  const question = await settle();
  assert.ok(question.box < start.box - 100, `shrinks for a shorter page: ${start.box} → ${question.box}`);
  assert.ok(Math.abs(question.content - question.box) <= 2);
  await frame.evaluate(() => { location.hash = '#/results'; });
  await frame.waitForSelector('[data-testid=next-step]');
  const results = await settle();
  assert.ok(results.box > question.box + 100, `grows for a longer page: ${question.box} → ${results.box}`);
  // The host page's scripts cannot reach into the screener.
  const attempt = await page.evaluate(() => {
    const f = document.querySelector('iframe');
    try { return f.contentWindow.document.body.innerHTML.length; } catch (e) { return e.name; }
  });
  assert.equal(attempt, 'SecurityError');
  assert.equal(await page.evaluate(() => document.querySelector('iframe').contentDocument), null);
  const sandbox = await page.evaluate(() => document.querySelector('iframe').getAttribute('sandbox'));
  assert.match(sandbox, /allow-scripts/);
  assert.doesNotMatch(sandbox, /allow-top-navigation/);
  // Nothing it does needs to let popups out of the sandbox (print needs allow-modals).
  assert.doesNotMatch(sandbox, /allow-popups-to-escape-sandbox/);
  await page.context().close();
  await host.close();
});

test('an embed can turn off the location step and force a language', async () => {
  const host = await hostPage(server.url, 'data-location="no" data-lang="en"');
  const page = await open(browser, host.url);
  const frame = await screenerFrame(page, server);
  await frame.waitForSelector('[data-testid=start]');
  await frame.click('[data-testid=start]');
  // answerAll drives a Page; a Frame offers the same calls.
  const asked = await answerAll(frame, patient('probably_not_all'));
  assert.ok(asked.length >= 1);
  assert.equal(await where(frame), 'check', 'straight to check your answers: no location step');
  assert.equal(await frame.locator('[data-fact=location]').count(), 0);
  // It told its host its height, and no list of trials: only the embed builder's preview asks.
  const heard = await page.evaluate(() => window.heard);
  assert.ok(heard.includes('prescreen:height'), JSON.stringify(heard));
  assert.ok(!heard.includes('prescreen:choices'), JSON.stringify(heard));
  await page.context().close();
  await host.close();
});

test('the embed page builds a snippet and previews it', async () => {
  const page = await open(browser, null);
  await page.goto(server.url + 'embed.html');
  await page.waitForSelector('#trials input');
  // The first preview asked its screener for the trials; the snippet asks for nothing.
  assert.match(await page.evaluate(() => document.querySelector('#preview iframe').src), /[?&]offer=trials(&|$)/);
  assert.doesNotMatch(await page.inputValue('#snippet'), /offer/);
  // By keyboard: the preview grows as its app renders, which can move a box from under a click.
  const toggle = async (box) => { await page.focus(box); await page.keyboard.press('Space'); };
  await toggle('#trials-NCT03562065');
  await page.selectOption('#lang', 'fr');
  await toggle('#location');
  assert.deepEqual([await page.isChecked('#trials-NCT03562065'), await page.isChecked('#location')], [true, false]);
  const snippet = await page.inputValue('#snippet');
  assert.match(snippet, /data-prescreen data-lang="fr" data-trials="NCT03562065" data-location="no"/);
  assert.match(snippet, /<script src="http:\/\/127\.0\.0\.1:\d+\/embed\.js" async><\/script>/);
  // The preview is rebuilt on every change; the current one carries every chosen option.
  await page.waitForFunction(() => /trials=NCT03562065.*location=no|location=no.*trials=NCT03562065/.test(document.querySelector('#preview iframe')?.src || ''));
  const src = await page.evaluate(() => document.querySelector('#preview iframe').src);
  assert.match(src, /lang=fr/);
  assert.doesNotMatch(src, /offer=/, 'the boxes are there: no preview asks again');
  assert.doesNotMatch(await page.inputValue('#snippet'), /offer/);
  // Located afresh on each use: the frame may not have started loading when its src is set.
  const frame = page.frameLocator('#preview iframe');
  await frame.locator('[data-testid=start]').waitFor();
  assert.equal(await frame.locator('.trial-list li').count(), 1, 'the preview shows only the chosen trial');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'location', 'loading the preview leaves focus where it was');
  await page.context().close();
});


test('the embed page refuses an accent colour the screener refuses, saying why, and leaves it out of the snippet', async () => {
  const page = await open(browser, null);
  await page.goto(server.url + 'embed.html');
  await page.waitForSelector('#trials input');
  await page.locator('#accent').fill('#ffff00');
  await page.waitForFunction(() => document.querySelector('#accent-error')?.textContent.trim() !== '');
  assert.match(await page.locator('#accent-error').innerText(), /too light/);
  assert.doesNotMatch(await page.inputValue('#snippet'), /data-accent/, 'the snippet leaves the colour out');
  // A dark colour is taken: no message, and the snippet carries it.
  await page.locator('#accent').fill('#4c2c92');
  await page.waitForFunction(() => /data-accent="#4c2c92"/.test(document.querySelector('#snippet').value));
  const frame = page.frameLocator('#preview iframe');
  await frame.locator('[data-testid=start]').waitFor();
  await page.waitForTimeout(300);
  assert.equal((await page.locator('#accent-error').innerText()).trim(), '');
  // Text that is not a colour at all is refused with what to write.
  await page.locator('#accent').fill('red');
  await page.waitForFunction(() => document.querySelector('#accent-error')?.textContent.trim() !== '');
  assert.match(await page.locator('#accent-error').innerText(), /#1d70b8/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the embed page escapes what it writes into the snippet, even a hostile value', async () => {
  const page = await open(browser, null);
  await page.goto(server.url + 'embed.html');
  await page.waitForSelector('#trials input');
  // The boxes carry the ids the preview's screener sent, and it refuses a file with such an id
  // (next test); whatever a box holds, the snippet escapes it.
  const hostile = 'NCT1"><script src=//evil.example/x.js></script>';
  await page.evaluate((v) => { document.querySelector('#trials input').value = v; }, hostile);
  await page.locator('#trials input').first().check();
  const snippet = await page.inputValue('#snippet');
  assert.doesNotMatch(snippet, /<script src=\/\/evil/, snippet);
  assert.match(snippet, /data-trials="NCT1&quot;&gt;&lt;script src=\/\/evil\.example\/x\.js&gt;&lt;\/script&gt;"/);
  // Pasted into a page, the snippet is one element and one script: the screener's own.
  const parsed = await page.evaluate((html) => {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    return { divs: doc.querySelectorAll('div').length, scripts: [...doc.querySelectorAll('script')].map((s) => s.getAttribute('src')) };
  }, snippet);
  assert.equal(parsed.divs, 1);
  assert.deepEqual(parsed.scripts, [new URL('embed.js', server.url).href]);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the embed page offers no trial from a trials file the screener refuses, and its preview says why', async () => {
  const { dir, site, remove } = await publishedCopy();
  const file = path.join(dir, 'trials.json');
  const trials = JSON.parse(fs.readFileSync(file, 'utf8'));
  trials.trials[0].id = 'NCT1"><script src=//evil.example/x.js></script>';
  fs.writeFileSync(file, JSON.stringify(trials));
  const page = await open(browser, null, { serviceWorkers: 'block' });
  await page.goto(site.url + 'embed.html');
  const frame = page.frameLocator('#preview iframe');
  await frame.locator('[data-testid=broken]').waitFor();
  assert.match(await frame.locator('[data-testid=broken]').innerText(), /trials\[0\]/);
  assert.equal(await page.locator('#trials input').count(), 0, 'no trial is offered from a refused file');
  assert.doesNotMatch(await page.inputValue('#snippet'), /evil/);
  await page.context().close();
  await remove();
});
