// Prerenders the first screens into the built index.html, so a patient sees and can use them
// before the app's WebAssembly arrives. Opens the release in headless Chromium and takes the
// app's own HTML, in each of its languages, for: the start page, the page Start leads to (where
// the patient lives), the loading page, and the "answers forgotten" notice. They are written as inert <template>s
// that web/shell.js shows while the app loads; the app takes over (src/app/prerender.rs).
// Without playwright-core (e2e/node_modules) or Chromium it says so and changes nothing.
//
//   node scripts/prerender.mjs dist
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.resolve(process.argv[2] || path.join(root, 'dist'));
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const skip = (why) => {
  console.log(`prerender: skipped (${why}); the first screens appear once the app has loaded`);
  process.exit(0);
};

let chromium;
try {
  ({ chromium } = createRequire(path.join(root, 'e2e', 'package.json'))('playwright-core'));
} catch {
  skip('no playwright-core in e2e/node_modules');
}
if (!fs.existsSync(executablePath)) skip(`no Chromium at ${executablePath}`);

const indexPath = path.join(dist, 'index.html');
const START = '<!-- prerendered';
const END = '<!-- /prerendered -->';
// Idempotent: a page already carrying snapshots is first put back as built.
const built = fs.readFileSync(indexPath, 'utf8').replace(new RegExp(`\\s*${START}[\\s\\S]*?${END}`), '');
fs.writeFileSync(indexPath, built);

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json' };
const server = http.createServer((req, res) => {
  const p = decodeURIComponent(new URL(req.url, 'http://x').pathname).slice(1) || 'index.html';
  const file = path.join(dist, p);
  if (!file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404);
    return res.end();
  }
  res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/** The page's body as the app rendered it, with what the patient sees of each control written
 *  into the HTML (Yew sets values and ticks as properties, which HTML does not carry). */
function capture() {
  for (const el of document.querySelectorAll('input, select, option')) {
    if (el.tagName === 'OPTION') el.toggleAttribute('selected', el.selected);
    else if (el.type === 'checkbox' || el.type === 'radio') el.toggleAttribute('checked', el.checked);
    else if (el.tagName === 'INPUT' && el.type !== 'file' && el.value) el.setAttribute('value', el.value);
    if (el.tagName !== 'OPTION') el.toggleAttribute('disabled', el.disabled);
  }
  return {
    html: [...document.body.children].map((e) => e.outerHTML).join(''),
    title: document.title,
    lang: document.documentElement.lang,
  };
}

async function open(locale, hash = '', { trials = true } = {}) {
  const context = await browser.newContext({ locale, serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  // The loading page: trials.json never arrives.
  if (!trials) await page.route('**/trials.json', () => {});
  await page.goto(url + hash);
  page.done = async () => {
    await context.close();
    if (errors.length) throw new Error(`prerender: the app reported errors: ${errors.join('; ')}`);
  };
  return page;
}

/** Why the page Start leads to cannot be shown by shell.js as it is, if it cannot: shell.js
 *  moves no tick and reveals no field, so a page with boxes to tick is left to the app. */
function unshowable() {
  const form = document.querySelector('main form');
  if (!form) return 'it has no form';
  if (form.querySelector('input[type=radio], input[type=checkbox]')) return 'it has boxes to tick';
  return null;
}

const snapshots = [];
try {
  const first = await open('en');
  await first.waitForSelector('[data-testid=start]');
  const langs = await first.$$eval('[data-testid=language] option', (os) => os.map((o) => o.value));
  await first.done();
  if (!langs.length) throw new Error('prerender: no languages found in the language menu');

  let route = null;
  for (const lang of langs) {
    // Start page, then the page its Start button leads to, once it is ready.
    const page = await open(lang);
    await page.waitForSelector('[data-testid=start]');
    const start = await page.evaluate(capture);
    await page.click('[data-testid=start]');
    await page.waitForFunction(() => location.hash !== '' && location.hash !== '#/');
    const hash = await page.evaluate(() => location.hash);
    if (route !== null && hash.slice(1) !== route) throw new Error(`prerender: Start leads to ${hash} in ${lang}, not #${route}`);
    route = hash.slice(1);
    await page.waitForSelector('main form:not([aria-busy])');
    let next = await page.evaluate(capture);
    const why = await page.evaluate(unshowable);
    if (why) {
      console.log(`prerender: the page Start leads to (${hash}) is not prerendered: ${why}`);
      next = null;
    }
    await page.click('[data-testid=forget]');
    const forgotten = await page.locator('[data-testid=forgotten]').evaluate((e) => e.outerHTML);
    await page.done();

    const loadingPage = await open(lang, '', { trials: false });
    await loadingPage.waitForSelector('.loading');
    const loading = await loadingPage.evaluate(capture);
    await loadingPage.done();

    // A page that differs by region (a lab unit preselected for the country) is kept only
    // for the bare language, which is what the app's language menu picks.
    const regional = async (hash, expected) => {
      for (const region of ['US', 'GB', 'KR', 'CN', 'FR']) {
        const p = await open(`${lang}-${region}`, hash);
        await p.waitForSelector(hash ? 'main form:not([aria-busy])' : '[data-testid=start]');
        const same = (await p.evaluate(capture)).html === expected.html;
        await p.done();
        if (!same) return lang;
      }
      return null;
    };
    for (const s of [start, next, loading]) {
      if (s && s.lang !== lang) throw new Error(`prerender: the page in ${lang} says it is in ${s.lang}`);
    }
    snapshots.push({ page: 'start', lang, ...start, locale: await regional('', start) });
    if (next) snapshots.push({ page: 'next', lang, route, ...next, locale: await regional(`#${route}`, next) });
    snapshots.push({ page: 'loading', lang, ...loading });
    snapshots.push({ page: 'forgotten', lang, html: forgotten });
  }
} finally {
  await browser.close();
  server.close();
}

const attr = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const block = snapshots.map((s) => {
  if (/<script|\sstyle=/i.test(s.html)) throw new Error(`prerender: ${s.page} (${s.lang}) has a script or a style attribute, which the CSP forbids`);
  if (s.page !== 'forgotten' && (s.html.match(/<main[\s>]/g) || []).length !== 1) throw new Error(`prerender: ${s.page} (${s.lang}) is not one page`);
  const data = [['page', s.page], ['lang', s.lang], ['title', s.title], ['route', s.route], ['locale', s.locale]]
    .filter(([, v]) => v)
    .map(([k, v]) => ` data-${k}="${attr(v)}"`)
    .join('');
  return `<template${data}>${s.html}</template>`;
}).join('\n');
const html = built.replace('</body>', `${START}: the first screens, shown by shell.js until the app loads (scripts/prerender.mjs) -->\n${block}\n${END}\n</body>`);
if (html === built) throw new Error('prerender: no </body> in index.html');
fs.writeFileSync(indexPath, html);

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const bytes = Buffer.from(html);
const gzip = zlib.gzipSync(bytes, { level: 9 }).length;
const brotli = zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const pages = [...new Set(snapshots.filter((s) => s.page !== 'forgotten').map((s) => s.page))].join(', ');
console.log(`prerender: ${pages} in ${[...new Set(snapshots.map((s) => s.lang))].join(', ')}; index.html ${kb(bytes.length)}, gzip ${kb(gzip)}, brotli ${kb(brotli)}`);
