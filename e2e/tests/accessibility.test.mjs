// axe-core on every kind of page, at 320 px and at desktop width: no violations allowed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serve, launch, open as openPage, axe, answerAll, patient, toResults, where } from '../lib.mjs';
import { LOCALES } from '../locales.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

// Every answer type appears among these facts.
const pages = {
  'start page': '',
  'number question (age)': '#/q/age',
  'choice question (sex)': '#/q/sex',
  'yes/no question': '#/q/sle_diagnosis',
  'several-choices question': '#/q/conditions',
  'upper-limit question (ALT)': '#/q/alt',
  'number question with units': '#/q/creatinine',
  'location step': '#/location',
  'check your answers': '#/check',
  'not found': '#/nowhere',
};

for (const [locale, L] of Object.entries(LOCALES)) {
const open = (browser, url, options = {}) => openPage(browser, url, { locale, ...options });
for (const width of [320, 1280]) {
  for (const [name, hash] of Object.entries(pages)) {
    test(`${locale} ${name} at ${width} px has no axe violations`, async () => {
      const page = await open(browser, server.url + hash, { viewport: { width, height: 800 } });
      if (hash === '#/location') await page.waitForSelector('#city');
      assert.deepEqual(await axe(page), []);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px too wide)`);
      await page.context().close();
    });
  }

  test(`${locale} results and the print view at ${width} px have no axe violations`, async () => {
    const page = await open(browser, server.url, { viewport: { width, height: 800 } });
    await page.click('[data-testid=start]');
    await answerAll(page, patient('may_qualify_NCT03562065'), { city: 'Paris', comma: L.comma });
    await toResults(page);
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
    assert.deepEqual(await axe(page), []);
    await page.click('[data-testid=print-link]');
    await page.waitForSelector('[data-testid=print]');
    assert.deepEqual(await axe(page), []);
    await page.context().close();
  });

  test(`${locale} where the patient lives and how far they could travel, with and without errors, at ${width} px have no axe violations`, async () => {
    const page = await open(browser, server.url + '#/location', { viewport: { width, height: 800 } });
    await page.waitForSelector('#city');
    await page.click('[data-testid=location] [data-testid=continue]');
    await page.waitForSelector('[data-testid=error-summary]');
    assert.deepEqual(await axe(page), []);
    await page.locator('#city').selectOption('Paris');
    await page.click('[data-testid=location] [data-testid=continue]');
    await page.waitForSelector('[data-testid=reach]');
    assert.deepEqual(await axe(page), []);
    await page.click('[data-testid=reach] [data-testid=continue]');
    await page.waitForSelector('[data-testid=error-summary]');
    assert.deepEqual(await axe(page), []);
    await page.locator('input[value=km]').check();
    await page.locator('#reach-km').fill('-3');
    await page.click('[data-testid=reach] [data-testid=continue]');
    await page.waitForSelector('#reach-km-error');
    assert.deepEqual(await axe(page), []);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px too wide)`);
    await page.context().close();
  });

  test(`${locale} a question with an error at ${width} px has no axe violations`, async () => {
    const page = await open(browser, server.url + '#/q/creatinine', { viewport: { width, height: 800 } });
    await page.locator('#value').fill('-5');
    await page.click('[data-testid=continue]');
    await page.waitForSelector('[data-testid=error-summary]');
    assert.deepEqual(await axe(page), []);
    await page.context().close();
  });
}

}

test('the broken-file page has no axe violations', async () => {
  const page = await openPage(browser, null);
  await page.route('**/trials.json', (route) => route.fulfill({ body: '{"version": 1', contentType: 'application/json' }));
  await page.goto(server.url);
  await page.waitForSelector('[data-testid=broken]');
  assert.deepEqual(await axe(page), []);
  await page.context().close();
});

test('at 200% zoom (640 px wide at 2x) a question and the results still fit', async () => {
  const page = await openPage(browser, server.url, { viewport: { width: 640, height: 800 }, deviceScaleFactor: 2 });
  await page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
  await page.click('[data-testid=start]');
  assert.equal(await where(page), 'location');
  await page.waitForSelector('#city');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${overflow}px too wide`);
  await page.context().close();
});

// A page of several fields: each with its own legend and error, a summary linking to each field
// in error, usable by keyboard, axe-clean, in every language.
for (const [locale, L] of Object.entries(LOCALES)) {
  test(`${locale} a page of several questions: errors link to each field, keyboard works, no axe violations`, async () => {
    const page = await openPage(browser, server.url, { locale, viewport: { width: 390, height: 844 } });
    await page.click('[data-testid=start]');
    await page.click('[data-testid=skip-location]');
    await page.waitForSelector('[data-testid=question][data-fact=age]');
    await page.locator('#value').fill('45');
    await page.click('[data-testid=continue]');
    await page.waitForSelector('[data-testid=question][data-fact=sle_diagnosis]');
    await page.locator('input[value=yes]').check();
    await page.click('[data-testid=continue]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=question] [data-field]').length > 1);
    assert.equal(await page.locator('main h1').count(), 1, 'one page heading');
    assert.deepEqual(await axe(page), []);
    await page.click('[data-testid=continue]');
    await page.waitForSelector('[data-testid=error-summary]');
    const shown = await page.locator('[data-testid=question] [data-field]').evaluateAll((els) => els.map((e) => e.dataset.field));
    const links = await page.locator('[data-testid=error-summary] a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.equal(links.length, shown.length, `a link for each field in error: ${links}`);
    for (const [i, f] of shown.entries()) assert.ok(links[i].startsWith(`#${f}-`), `${links[i]} leads to ${f}`);
    for (const href of links) assert.equal(await page.locator(href).count(), 1, `${href} exists`);
    assert.match(await page.title(), L.errorPrefix);
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('error-summary')), true);
    assert.deepEqual(await axe(page), []);
    // By keyboard: the first summary link takes focus to its field, and Space chooses it.
    await page.locator('[data-testid=error-summary] a').first().focus();
    await page.keyboard.press('Enter');
    const target = links[0].slice(1);
    assert.equal(await page.evaluate(() => document.activeElement?.id), target);
    await page.keyboard.press('Space');
    assert.equal(await page.locator(links[0]).isChecked(), true);
    await page.context().close();
  });
}

// Every page of several fields, as a patient who answered "I don't know" almost everywhere comes
// back to it from a link: axe-clean, every field reached by keyboard in order, and an error
// summary linking to each field in error.
const multiPages = JSON.parse(fs.readFileSync(new URL('../../trials.json', import.meta.url), 'utf8'))
  .groups.flatMap((g) => g.pages ?? []).filter((p) => p.facts.length > 1);
const everyUnknown = (() => {
  const trials = JSON.parse(fs.readFileSync(new URL('../../trials.json', import.meta.url), 'utf8'));
  const a = { age: { value: 45, unit: 'years' }, sex: 'female', sle_diagnosis: true, lupus_nephritis: true, cancer_history: 'other', can_become_pregnant: true };
  // A question that others follow is answered so that they open (every medicine chosen, so
  // each medicine's page opens; "no" to "still taking it", so its date opens).
  const preset = new Set(Object.keys(a));
  for (const f of trials.facts) {
    const on = f.follows;
    if (!on || preset.has(on.fact)) continue;
    if (on.has_any) a[on.fact] = [...new Set([...(a[on.fact] ?? []), ...on.has_any])];
    else if ('is' in on) a[on.fact] = on.is;
    else if (on.in) a[on.fact] = on.in[0];
  }
  for (const f of trials.facts) if (!(f.id in a) && f.unknown_allowed !== false) a[f.id] = 'unknown';
  return a;
})();
for (const [locale, L] of Object.entries(LOCALES)) {
  test(`${locale} every page of several questions works by keyboard and has no axe violations, with and without errors`, { timeout: 180000 }, async () => {
    const page = await openPage(browser, null, { locale, viewport: { width: 390, height: 844 } });
    const link = server.url + '#/results?answers=' + encodeURIComponent(JSON.stringify(everyUnknown));
    await page.goto(link);
    await page.waitForSelector('[data-testid=next-step]');
    let checked = 0;
    for (const p of multiPages) {
      await page.goto(server.url + '#/q/' + p.facts[0]);
      await page.waitForSelector(`[data-testid=question] [data-field="${p.facts[0]}"]`);
      const shown = await page.locator('[data-testid=question] [data-field]').count();
      if (shown < 2) continue;
      checked++;
      assert.deepEqual(await axe(page), [], p.id);
      // By keyboard alone, from the heading: Tab reaches every field, in order, then Continue.
      await page.locator('main h1').focus();
      const order = [];
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        const at = await page.evaluate(() => {
          const el = document.activeElement;
          return { field: el?.closest('[data-field]')?.dataset.field ?? null, continue: el?.dataset.testid === 'continue' };
        });
        if (at.continue) break;
        if (at.field && order.at(-1) !== at.field) order.push(at.field);
      }
      const expected = await page.locator('[data-testid=question] [data-field]').evaluateAll((els) => els.map((e) => e.dataset.field));
      assert.deepEqual(order, expected, `${p.id}: Tab visits each field once, in order, then Continue`);
      assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'continue', `${p.id}: Tab reaches Continue`);
      // Each number field given text that is not a number: one summary link per field.
      const numbers = page.locator('[data-testid=question] [data-field]:has(input[id$="-value"])');
      const fields = await numbers.evaluateAll((els) => els.map((e) => e.dataset.field));
      for (const f of fields) {
        const unknown = page.locator(`[data-field="${f}"] input[type=checkbox][value=unknown]`);
        if (await unknown.count() && await unknown.isChecked()) await unknown.uncheck();
        const ratio = page.locator(`[data-field="${f}"] input[type=radio][value=above]`);
        if (await ratio.count()) await ratio.check();
        await page.locator(`[data-field="${f}"] input[id$="-value"]`).fill('abc');
      }
      if (!fields.length) continue;
      await page.click('[data-testid=continue]');
      await page.waitForSelector('[data-testid=error-summary]');
      const links = await page.locator('[data-testid=error-summary] a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      for (const f of fields) assert.ok(links.some((l) => l === `#${f}-value`), `${p.id}: a link to ${f}: ${links}`);
      for (const l of links) assert.equal(await page.locator(l).count(), 1, `${l} exists`);
      assert.match(await page.title(), L.errorPrefix);
      assert.deepEqual(await axe(page), [], `${p.id} with errors`);
    }
    assert.ok(checked >= 8, `pages of several fields checked: ${checked} of ${multiPages.length}`);
    await page.context().close();
  });
}
