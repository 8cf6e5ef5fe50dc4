// Results a patient can act on: the best next step on top, no empty group, the nearest study
// first with its distance and contact within a screen and a half on a phone; fixing an answer
// from the results or check-your-answers and coming back there; saved answers offered on return.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, patient, answerAll, toResults, verdicts, where, fill } from '../lib.mjs';
import { LOCALES } from '../locales.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const link = (answers) => server.url + '#/results?answers=' + encodeURIComponent(JSON.stringify(answers));
const PHONE = { width: 390, height: 844 };

/** The Paris patient, who does not know her platelets: NCT03562065 needs only them. */
function parisPatient() {
  const answers = patient('may_qualify_NCT03562065');
  delete answers.platelets;
  return answers;
}

const samples = {
  Paris: () => patient('journey_paris_no_nephritis'),
  Seoul: () => patient('journey_seoul_man_nephritis'),
  'many "I don\'t know"': () => patient('journey_dont_know'),
};

for (const [locale, L] of Object.entries(LOCALES)) {
  for (const [name, answers] of Object.entries(samples)) {
    test(`${locale} ${name}: the best next step on top, no empty group, the first card's distance and contact within a screen and a half at 390 px`, async () => {
      const page = await open(browser, null, { locale, viewport: PHONE });
      await page.goto(link(answers()));
      await page.waitForSelector('[data-testid=next-step]');
      assert.equal(await page.evaluate(() => document.documentElement.lang), L.lang);
      for (const g of await page.locator('.result-group').all()) {
        assert.ok((await g.locator('[data-testid=trial]').count()) > 0, 'no empty group');
      }
      const limit = PHONE.height * 1.5;
      const bottom = (sel) => page.locator(sel).first().evaluate((e) => e.getBoundingClientRect().bottom + window.scrollY);
      const card = '[data-testid=trial]';
      assert.ok(await bottom('[data-testid=next-step]') <= limit, 'the next step is on the first screen and a half');
      const distance = await bottom(`${card} [data-testid=distance]`);
      assert.ok(distance <= limit, `the first card's distance ends at ${Math.round(distance)} px, over ${limit}`);
      const contacts = page.locator(`${card} >> nth=0 >> .site >> nth=0 >> .contacts li`);
      if (await contacts.count()) {
        const c = await contacts.first().evaluate((e) => e.getBoundingClientRect().bottom + window.scrollY);
        assert.ok(c <= limit, `the first card's contact ends at ${Math.round(c)} px, over ${limit}`);
      }
      // Within a group, the nearest study first.
      for (const g of await page.locator('.result-group').all()) {
        const kms = await g.locator('[data-testid=trial]').evaluateAll((cards) => cards.map((c) => {
          const d = c.querySelector('[data-testid=distance]')?.textContent ?? '';
          const n = parseFloat(d.replace(/[^\d.,]/g, '').replace(/[.,](?=\d{3}\b)/g, '').replace(',', '.'));
          return Number.isNaN(n) ? Infinity : n;
        }));
        assert.deepEqual(kms, [...kms].sort((a, b) => a - b), `nearest first: ${kms}`);
      }
      assert.deepEqual(page.errors, []);
      await page.context().close();
    });
  }
}

test('a study\'s "I have these results" link opens the test with "I don\'t know" unticked and the field focused, and "Save and return" comes back to the updated results', async () => {
  const page = await open(browser, server.url, { viewport: PHONE });
  await page.click('[data-testid=start]');
  await answerAll(page, parisPatient(), { city: 'Paris', reach: 'country' });
  assert.equal((await toResults(page)).NCT03562065, 'need_more_information');
  await page.locator('[data-trial=NCT03562065] [data-testid=ask-doctor]').waitFor();
  assert.match(await page.locator('[data-trial=NCT03562065] [data-testid=ask-doctor]').innerText(), /blood test for platelets/);
  await page.click('[data-trial=NCT03562065] [data-testid=answer-tests]');
  await page.waitForSelector('[data-testid=question] [data-field=platelets], [data-testid=question][data-fact=platelets]');
  const scope = (await page.locator('[data-field=platelets]').count()) ? '[data-field=platelets] ' : '';
  const field = page.locator(`${scope}input[id$="value"]`);
  assert.equal(await page.locator(`${scope}input[type=checkbox][value=unknown]`).isChecked(), false, '"I don\'t know" unticked');
  assert.equal(await field.isEnabled(), true);
  assert.equal(await page.evaluate(() => document.activeElement?.id), await field.getAttribute('id'), 'the field has focus');
  assert.equal((await page.locator('[data-testid=continue]').innerText()).trim(), 'Save and return');
  assert.equal(await page.locator('[data-testid=progress]').count(), 0, 'no count of questions left while changing');
  await field.fill('200');
  await page.click('[data-testid=continue]');
  await page.waitForSelector('[data-testid=next-step]');
  assert.equal(await where(page), 'results', 'back on the results');
  assert.equal((await verdicts(page)).NCT03562065, 'may_qualify', 'the results are updated');
  assert.equal(await page.locator('[data-testid=next-step]').getAttribute('data-trial'), 'NCT03562065', 'and it is the best next step');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a change from check your answers, by section, returns there', async () => {
  const page = await open(browser, link(parisPatient()));
  await page.goto(server.url + '#/check');
  await page.waitForSelector('[data-testid=answers]');
  const headings = await page.locator('[data-testid=answers] h2').allInnerTexts();
  assert.ok(headings.length >= 5, `a heading per section: ${headings}`);
  await page.locator('[data-fact=age] a').click();
  await page.waitForSelector('[data-testid=question][data-fact=age]');
  assert.equal((await page.locator('[data-testid=continue]').innerText()).trim(), 'Save and return');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'value', 'the field has focus');
  await fill(page, { value: 52, unit: 'years' });
  await page.click('[data-testid=continue]');
  await page.waitForSelector('[data-testid=answers]');
  assert.equal(await where(page), 'check');
  assert.match(await page.locator('[data-fact=age] dd').first().innerText(), /^52\b/);
  await page.context().close();
});

test('saved answers are offered on the start page, with the date, to continue or to forget; focus goes to the confirmation on Save', async () => {
  const answers = patient('may_qualify_NCT03562065');
  answers.$location = { label: 'Paris', lat: 48.857, lon: 2.352, country: 'FR', reach: 'country' };
  const page = await open(browser, link(answers));
  await page.waitForSelector('[data-testid=save]');
  await page.click('[data-testid=save]');
  await page.waitForSelector('[data-testid=saved]');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'saved', 'focus on the confirmation');
  const other = await page.context().newPage();
  await other.goto(server.url);
  await other.waitForSelector('[data-testid=saved-answers]');
  const today = new Date();
  assert.match(await other.locator('[data-testid=saved-answers]').innerText(), new RegExp(`${today.getDate()} .* ${today.getFullYear()}`));
  assert.equal(await other.locator('[data-testid=start]').count(), 0);
  await other.click('[data-testid=continue-saved]');
  await other.waitForSelector('[data-testid=answers]');
  await other.goto(server.url);
  await other.waitForSelector('[data-testid=saved-answers]');
  await other.click('[data-testid=start-again]');
  await other.waitForSelector('[data-testid=forgotten]');
  assert.equal(await other.evaluate(() => localStorage.length), 0);
  assert.equal(await other.locator('[data-testid=start]').count(), 1);
  await page.context().close();
});

for (const [locale] of Object.entries(LOCALES)) {
  test(`${locale} the print for the doctor of the Paris sample is at most two A4 pages, the verdicts first`, async () => {
    const page = await open(browser, link({ ...patient('journey_paris_no_nephritis') }), { locale });
    await page.goto(server.url + '#/print');
    await page.waitForSelector('[data-testid=print]');
    const order = await page.locator('[data-testid=print] h2').allInnerTexts();
    assert.equal(order.length, 3, `results, answers, study teams: ${order}`);
    const first = await page.locator('[data-testid=print] h2').first().evaluate((h) => h.nextElementSibling?.classList.contains('print-trial'));
    assert.ok(first, 'the verdicts come first');
    const pdf = await page.pdf({ format: 'A4' });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) || []).length;
    assert.ok(pages >= 1 && pages <= 2, `${pages} A4 pages`);
    await page.context().close();
  });
}

test('one status per study: "unknown" is not also marked "not recruiting"; a study that is not recruiting is', async () => {
  const page = await open(browser, link(patient('journey_paris_no_nephritis')));
  await page.waitForSelector('[data-testid=next-step]');
  assert.equal(await page.locator('[data-trial=NCT03562065] [data-testid=not-recruiting]').count(), 0);
  assert.equal(await page.locator('[data-trial=NCT03562065] .status').count(), 1);
  assert.equal(await page.locator('[data-trial=NCT02633163] [data-testid=not-recruiting]').count(), 1);
  await page.context().close();
});
