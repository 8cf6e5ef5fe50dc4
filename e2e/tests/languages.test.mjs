// Languages done properly in the browser: Korean and Chinese lines that never split a word, site
// and city names in the patient's language, city lists in the language's order, the embed's
// iframe titled in its language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, answerAll, patient, toResults } from '../lib.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** Every place in the page's main text where a line ends inside a word, as "before|after" with
 *  some context. A line end is found from the laid-out boxes: each character's rectangle (Range
 *  per character), a new line where a character sits lower than the one before. It may fall at a
 *  space, after punctuation or before an opening bracket; in Chinese also beside an ideograph or
 *  CJK punctuation. A word too wide for its box on its own (an address, say) may break anywhere. */
async function brokenWords(page, lang) {
  return page.evaluate((lang) => {
    const cjk = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;
    const after = /[-‐–—/,.;:!?)\]}、。，；：！？）」』·…%]/;
    // Before an opening bracket, or before a range sign ("30분~1시간"), as before a dash.
    const beforeOk = /[(\[{（「『~〜–—]/;
    // No line may start with closing punctuation or end with an opening one (kinsoku).
    const noStart = /[)\]}、。，；：！？）」』”’%]/;
    const noEnd = /[(\[{（「『“‘]/;
    const space = /\s/;
    const found = [];
    const walker = document.createTreeWalker(document.querySelector('main') || document.body, NodeFilter.SHOW_TEXT);
    const probe = document.createElement('span');
    probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap;left:0;top:0';
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || el.closest('select, option, script, style, .visually-hidden')) continue;
      const text = node.data;
      const range = document.createRange();
      let prev = null; // { i, top, bottom }
      for (let i = 0; i < text.length; i++) {
        if (space.test(text[i])) continue;
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const r = [...range.getClientRects()].find((x) => x.width > 0 || x.height > 0);
        if (!r) { prev = null; continue; }
        if (prev && r.top >= prev.bottom - 2) {
          const a = text[prev.i], b = text[i];
          const gap = text.slice(prev.i + 1, i);
          const ok = !noStart.test(b) && !noEnd.test(a) && (space.test(gap) || after.test(a) || beforeOk.test(b)
            || (lang === 'zh' && (cjk.test(a) || cjk.test(b))));
          if (!ok) {
            // The whole word (between spaces) measured on one line in the same font.
            let s = prev.i; while (s > 0 && !space.test(text[s - 1])) s--;
            let e = i; while (e < text.length && !space.test(text[e])) e++;
            const word = text.slice(s, e);
            el.appendChild(probe);
            probe.textContent = word;
            const wide = probe.getBoundingClientRect().width;
            probe.remove();
            const box = el.closest('p, li, h1, h2, h3, h4, legend, label, dd, dt, div, td, th, summary, a') || el;
            const cs = getComputedStyle(box);
            const room = box.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
            if (wide <= room) found.push(`${text.slice(Math.max(0, prev.i - 6), prev.i + 1)}|${text.slice(i, i + 6)}`);
          }
        }
        prev = { i, top: r.top, bottom: r.bottom };
      }
    }
    return found;
  }, lang);
}

const questions = ['#/q/sle_diagnosis', '#/q/conditions', '#/q/creatinine', '#/q/contraception', '#/q/cancer_history', '#/q/alt'];

for (const [locale, lang] of [['ko-KR', 'ko'], ['zh-CN', 'zh']]) {
  test(`${locale} at 320 px: no word is broken across lines on question pages and the results`, { timeout: 180000 }, async () => {
    const page = await open(browser, server.url, { locale, viewport: { width: 320, height: 800 } });
    const broken = {};
    for (const hash of questions) {
      await page.goto(server.url + hash);
      await page.waitForSelector('[data-testid=question]');
      const b = await brokenWords(page, lang);
      if (b.length) broken[hash] = b;
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${hash}: no sideways scrolling (${overflow}px too wide)`);
    }
    await page.goto(server.url);
    await page.click('[data-testid=start]');
    await answerAll(page, patient('journey_seoul_cytopenia'), { city: 'Seoul' });
    await toResults(page);
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
    const b = await brokenWords(page, lang);
    if (b.length) broken.results = b;
    assert.deepEqual(broken, {});
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

test('ko-KR: the Seoul study names its site and city in Korean, and each country lists its cities in Korean order', { timeout: 60000 }, async () => {
  const page = await open(browser, server.url + '#/location', { locale: 'ko-KR', viewport: { width: 390, height: 844 } });
  await page.waitForSelector('#city');
  const groups = await page.locator('#city optgroup').evaluateAll((gs) => gs.map((g) => ({
    label: g.label, cities: [...g.querySelectorAll('option')].map((o) => o.textContent),
  })));
  assert.ok(groups.length > 5);
  const korean = new Intl.Collator('ko');
  for (const g of groups) {
    assert.deepEqual(g.cities, [...g.cities].sort(korean.compare), `${g.label} in Korean order`);
  }
  // Not the English order: in the United States list, 로스앤젤레스 (Los Angeles) comes before 시카고 (Chicago).
  const us = groups.find((g) => g.label === '미국').cities;
  assert.ok(us.indexOf('로스앤젤레스, CA') < us.indexOf('시카고, IL'), us.join(' '));
  await page.locator('#city').selectOption('Seoul');
  await page.click('[data-testid=location] [data-testid=continue]');
  await page.goto(server.url + '#/results');
  await page.waitForSelector('[data-testid=next-step]');
  const seoul = page.locator('[data-trial=NCT04835883] .site').first();
  assert.equal(await seoul.locator('.site-name').innerText(), '한양대학교병원');
  assert.match(await seoul.locator('.site-place').innerText(), /^서울, KR/);
  const nanjing = page.locator('[data-trial=NCT03580291] .site').first();
  assert.match(await nanjing.locator('.site-place').innerText(), /^난징, 장쑤성, CN/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a French embed titles its frame in French, following the page shown', { timeout: 60000 }, async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'host-'));
  fs.writeFileSync(path.join(dir, 'index.html'), `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Clinique</title></head>
<body><main><h1>Clinique</h1><div data-prescreen data-lang="fr"></div></main><script src="${server.url}embed.js" async></script></body></html>`);
  const host = await serve(dir);
  const page = await open(browser, host.url, { locale: 'en-US' });
  await page.waitForSelector('iframe');
  const frame = page.frameLocator('iframe');
  await frame.locator('[data-testid=start]').waitFor();
  const inner = page.frames().find((f) => f !== page.mainFrame());
  await page.waitForFunction(() => !/Lupus stem-cell study check/.test(document.querySelector('iframe').title));
  const title = await page.evaluate(() => document.querySelector('iframe').title);
  assert.equal(title, await inner.evaluate(() => document.title));
  assert.equal(await inner.evaluate(() => document.documentElement.lang), 'fr');
  assert.doesNotMatch(title, /study|check/i, title);
  await frame.locator('[data-testid=start]').click();
  await frame.locator('[data-testid=location]').waitFor();
  await page.waitForFunction((t) => document.querySelector('iframe').title !== t, title);
  assert.equal(await page.evaluate(() => document.querySelector('iframe').title), await inner.evaluate(() => document.title));
  await page.context().close();
  await host.close();
});
