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
