// A date question on a page of several (tests/fixtures/treatments.json published as the site's
// trials.json): its follow-up opens, its controls are labelled and reached in order, its errors
// are linked from the summary, dates decide verdicts against today, and doses offer only the
// units their question names.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, launch, open, axe, fields, dist, root } from '../lib.mjs';

let site, browser;
before(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'treatments-'));
  fs.cpSync(dist, dir, { recursive: true });
  fs.copyFileSync(path.join(root, 'tests', 'fixtures', 'treatments.json'), path.join(dir, 'trials.json'));
  site = await serve(dir);
  browser = await launch();
});
after(async () => { await browser?.close(); await site?.close(); });

/** The page of medicines, as the patient reaches it after giving their age (the page before). */
const page_ = (locale = 'en-US') => {
  const aged = encodeURIComponent(JSON.stringify({ age: { value: 40, unit: 'years' } }));
  return open(browser, `${site.url}#/q/rituximab?answers=${aged}`, { locale, serviceWorkers: 'block' });
};

/** This month, as the patient's calendar has it. */
const thisMonth = () => { const d = new Date(); return { year: String(d.getFullYear()), month: String(d.getMonth() + 1).padStart(2, '0') }; };

test('a date follow-up opens on its page, is labelled, keyboard-ordered and axe-clean, with and without errors', { timeout: 60000 }, async () => {
  const page = await page_();
  assert.deepEqual(await fields(page), ['rituximab', 'mmf'], 'follow-ups wait for their answer');
  await page.locator('[data-field=rituximab] input[value=yes]').check();
  await page.locator('[data-field=mmf] input[value=now]').check();
  await page.waitForSelector('[data-field=mmf_dose]');
  assert.deepEqual(await fields(page), ['rituximab', 'rituximab_last', 'mmf', 'mmf_dose']);

  const date = page.locator('[data-field=rituximab_last]');
  assert.equal(await date.locator('fieldset legend').innerText(), 'When did you last have rituximab?');
  const ids = await date.locator('input, select').evaluateAll((els) => els.map((e) => e.id));
  assert.deepEqual(ids, ['rituximab_last-value', 'rituximab_last-month', 'rituximab_last-about', 'rituximab_last-unknown']);
  for (const id of ids) assert.equal(await page.locator(`label[for="${id}"]`).count(), 1, `${id} has a label`);
  const months = await date.locator('select option').allInnerTexts();
  assert.equal(months.length, 13);
  assert.equal(months[0], 'Month not known');
  assert.equal(months[5], 'May');
  // By keyboard: year, month, about, I don't know.
  await page.locator('#rituximab_last-value').focus();
  for (const next of ids.slice(1)) {
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), next);
  }
  // The dose offers only its question's units, the usual daily one chosen.
  const units = await page.locator('#mmf_dose-unit option').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(units, ['mg_twice_daily', 'mg/day', 'g/day']);
  assert.equal(await page.locator('#mmf_dose-unit').inputValue(), 'mg/day');
  assert.deepEqual(await axe(page), []);

  // Nothing typed: the summary takes focus and links to the year and the dose.
  await page.click('[data-testid=continue]');
  await page.waitForSelector('[data-testid=error-summary]');
  await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
  const links = await page.locator('[data-testid=error-summary] a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(links, ['#rituximab_last-value', '#mmf_dose-value']);
  assert.match(await page.locator('#rituximab_last-value-error').innerText(), /Enter the year, like 2025/);
  const described = await date.locator('fieldset').getAttribute('aria-describedby');
  assert.ok(described.split(' ').includes('rituximab_last-value-error'), described);
  assert.deepEqual(await axe(page), []);
  await page.locator('[data-testid=error-summary] a').first().click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'rituximab_last-value');

  // Next year is after today: refused, and the summary takes focus again.
  await page.evaluate(() => document.activeElement.blur());
  await page.locator('#rituximab_last-value').fill(String(new Date().getFullYear() + 1));
  await page.locator('#mmf_dose-value').fill('1000');
  await page.click('[data-testid=continue]');
  await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
  assert.match(await page.locator('#rituximab_last-value-error').innerText(), /not after today/);
  assert.equal(await page.locator('[data-testid=error-summary] a').count(), 1);
  await page.context().close();
});

test('a date decides the verdict against today, and reads back on check your answers', { timeout: 60000 }, async () => {
  for (const [when, verdict, shown] of [
    [thisMonth(), 'probably_not', null],
    [{ year: '2020', month: '' }, 'need_more_information', '2020'],
  ]) {
    const page = await page_();
    await page.locator('[data-field=rituximab] input[value=yes]').check();
    await page.locator('[data-field=mmf] input[value=never]').check();
    await page.locator('#rituximab_last-value').fill(when.year);
    await page.locator('#rituximab_last-month').selectOption(when.month);
    await page.locator('#rituximab_last-about').check();
    await page.click('[data-testid=continue]');
    await page.waitForFunction(() => !document.querySelector('[data-field=rituximab_last]'));
    await page.goto(site.url + '#/check');
    const row = page.locator('[data-testid=answers] [data-fact=rituximab_last]');
    const expected = shown ? `about ${shown}` : `about ${new Date().toLocaleString('en-GB', { month: 'long' })} ${when.year}`;
    assert.match(await row.innerText(), new RegExp(expected));
    await page.goto(site.url + '#/results');
    await page.waitForSelector('[data-testid=trial]');
    assert.equal(await page.locator('[data-testid=trial]').getAttribute('data-verdict'), verdict, JSON.stringify(when));
    await page.context().close();
  }
});

test('the date field speaks the patient\'s language', { timeout: 60000 }, async () => {
  for (const [locale, first, may] of [['fr-FR', 'Mois inconnu', 'mai'], ['ko-KR', '몇 월인지 모름', '5월'], ['zh-CN', '不记得月份', '5月']]) {
    const page = await page_(locale);
    await page.locator('[data-field=rituximab] input[value=yes]').check();
    const months = await page.locator('#rituximab_last-month option').allInnerTexts();
    assert.deepEqual([months[0], months[5]], [first, may], locale);
    assert.deepEqual(await axe(page), [], locale);
    await page.context().close();
  }
});
