// Patients walking through the release build in Chromium: one per trial who may qualify, one
// ruled out everywhere, one who doesn't know, changing answers, reloading, sharing, refusing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serve, launch, open as openPage, patient, answerAll as answerAllIn, verdicts, toResults, where, fill, fact } from '../lib.mjs';
import { LOCALES } from '../locales.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** Start, to the first page: where the patient lives. */
async function start(page) {
  await page.click('[data-testid=start]');
  await page.waitForSelector('[data-testid=location]');
}

/** Start, then skip where the patient lives (every study in reach), to the first question. */
async function startAtQuestion(page) {
  await start(page);
  await page.click('[data-testid=skip-location]');
  await page.waitForSelector('[data-testid=question]');
}

for (const [locale, L] of Object.entries(LOCALES)) {
const open = (browser, url, options = {}) => openPage(browser, url, { locale, ...options });
const answerAll = (page, answers, options = {}) => answerAllIn(page, answers, { comma: L.comma, ...options });
const qualifying = [
  ['may_qualify_NCT04835883_cytopenia', 'NCT04835883', 'Seoul'],
  ['may_qualify_NCT04835883_nephritis', 'NCT04835883', 'Seoul'],
  ['may_qualify_NCT00698191', 'NCT00698191', 'Nanjing'],
  ['may_qualify_NCT03562065', 'NCT03562065', 'Paris'],
  ['may_qualify_NCT03580291', 'NCT03580291', 'Nanjing'],
  ['may_qualify_NCT02633163', 'NCT02633163', 'Chicago, IL'],
];

for (const [file, trial, city] of qualifying) {
  test(`${locale} ${file}: ends with ${trial} under "may qualify", nearest site first`, async () => {
    const page = await open(browser, server.url);
    await start(page);
    await answerAll(page, patient(file), { city });
    const v = await toResults(page);
    assert.equal(v[trial], 'may_qualify');
    const card = page.locator(`#may-qualify ~ [data-trial=${trial}], [data-testid=may-qualify] [data-trial=${trial}]`).first();
    assert.equal(await card.count(), 1, 'the card sits in the "may qualify" group');
    assert.match(await card.locator('[data-testid=distance]').first().innerText(), L.distance);
    assert.equal(await page.evaluate(() => document.documentElement.lang), L.lang);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

test(`${locale} ` + 'a patient every trial rules out sees every trial under "probably not", with reasons', async () => {
  const page = await open(browser, server.url);
  await start(page);
  await answerAll(page, patient('probably_not_all'));
  const v = await toResults(page);
  assert.equal(Object.keys(v).length, 5);
  assert.ok(Object.values(v).every((x) => x === 'probably_not'), JSON.stringify(v));
  for (const card of await page.locator('[data-testid=trial]').all()) {
    assert.ok((await card.locator('.criteria li').count()) >= 1, 'each card gives a reason');
    await card.locator('.criteria details summary').first().click();
    assert.match(await card.locator('.criteria blockquote').first().innerText(), /\w/, 'the source sentence is one tap away');
  }
  await page.context().close();
});

test(`${locale} ` + 'a patient who answers "I don\'t know" is never ruled out, and is told what would settle it', async () => {
  const page = await open(browser, server.url);
  await start(page);
  const asked = await answerAll(page, { age: { value: 40, unit: 'years' }, sex: 'female' });
  assert.ok(asked.length > 10);
  const v = await toResults(page);
  assert.ok(Object.values(v).every((x) => x === 'need_more_information'), JSON.stringify(v));
  const settle = page.locator('[data-testid=trial] [data-testid=answer-now], [data-testid=trial] [data-testid=answer-tests]');
  assert.ok((await settle.count()) > 0);
  await settle.first().click();
  assert.equal(await where(page), 'question', 'each answer that would settle it links to its question');
  await page.context().close();
});

test(`${locale} ` + 'going back to change an answer updates everything after it', async () => {
  const page = await open(browser, server.url);
  await start(page);
  const p = patient('may_qualify_NCT03562065');
  await answerAll(page, p);
  assert.equal((await toResults(page)).NCT03562065, 'may_qualify');
  await page.goto(server.url + '#/check');
  await page.locator('[data-fact=age] a').click();
  assert.equal(await fact(page), 'age');
  assert.equal(await page.locator('#value').inputValue(), String(p.age.value), 'the form shows the earlier answer');
  await fill(page, { value: 70, unit: 'years' });
  await page.click('[data-testid=continue]');
  // With every other answer kept, the next stop is the check page again.
  await page.waitForSelector('[data-testid=answers]');
  assert.match(await page.locator('[data-fact=age] dd').first().innerText(), /^70\b/);
  const v = await toResults(page);
  assert.equal(v.NCT03562065, 'probably_not', '"younger than 70": 70 is out');
  await page.context().close();
});

test(`${locale} ` + 'browser Back and Forward move between questions, and a reload mid-way keeps the answers', async () => {
  const page = await open(browser, server.url);
  await startAtQuestion(page);
  await fill(page, { value: 45, unit: 'years' });
  await page.click('[data-testid=continue]');
  // The diagnosis comes next: it settles every study at once.
  await page.waitForFunction(() => document.querySelector('[data-testid=question]')?.dataset.fact === 'sle_diagnosis');
  await fill(page, true);
  await page.click('[data-testid=continue]');
  await page.waitForFunction(() => document.querySelector('[data-testid=question]')?.dataset.fact !== 'sle_diagnosis');
  const third = await fact(page);
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('[data-testid=question]')?.dataset.fact === 'sle_diagnosis');
  assert.equal(await page.locator('input[value=yes]').isChecked(), true);
  await page.goForward();
  await page.waitForFunction((f) => document.querySelector('[data-testid=question]')?.dataset.fact === f, third);
  await page.reload();
  await page.waitForFunction((f) => document.querySelector('[data-testid=question]')?.dataset.fact === f, third);
  await page.goto(server.url + '#/check');
  await page.waitForSelector('[data-testid=answers]');
  assert.match(await page.locator('[data-fact=age] dd').first().innerText(), /^45\b/);
  assert.equal(await page.locator('[data-fact=sle_diagnosis] dd').first().innerText(), L.yes);
  assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0, 'nothing stored until asked');
  assert.equal(await page.evaluate(() => document.cookie), '');
  await page.context().close();
});

test(`${locale} ` + 'the shared link restores the results exactly, in a fresh browser', async () => {
  const page = await open(browser, server.url);
  await start(page);
  await answerAll(page, patient('may_qualify_NCT02633163'), { city: 'Chicago, IL' });
  const before = await toResults(page);
  const link = await page.locator('[data-testid=share-link]').inputValue();
  assert.ok(link.startsWith(server.url + '#/results?answers='), link);
  const fresh = await open(browser, null);
  await fresh.goto(link);
  assert.deepEqual(await verdicts(fresh), before);
  assert.match(await fresh.locator('[data-trial=NCT02633163] [data-testid=distance]').first().innerText(), L.distance);
  assert.equal(fresh.url(), link, 'the link stays in the address bar until an answer changes');
  await fresh.context().close();
  await page.context().close();
});

test(`${locale} ` + 'the downloaded answers file restores the same state when opened', async () => {
  const page = await open(browser, server.url);
  await start(page);
  await answerAll(page, patient('may_qualify_NCT03580291'), { city: 'Shanghai' });
  const before = await toResults(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download]')]);
  const file = await download.path();
  const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.ok(Math.abs(saved.$location.lat - 31.23) < 0.2 && Math.abs(saved.$location.lon - 121.47) < 0.2, JSON.stringify(saved.$location));
  const fresh = await open(browser, server.url);
  await fresh.locator('[data-testid=upload]').setInputFiles(file);
  assert.deepEqual(await verdicts(fresh), before);
  await fresh.context().close();
  await page.context().close();
});

test(`${locale} ` + '"save on this device" keeps answers across tabs until "forget my answers"', async () => {
  const page = await open(browser, server.url);
  await start(page);
  await answerAll(page, patient('probably_not_all'));
  await toResults(page);
  assert.equal(await page.evaluate(() => localStorage.length), 0);
  await page.click('[data-testid=save]');
  await page.waitForSelector('[data-testid=saved]');
  const other = await page.context().newPage();
  await other.goto(server.url + '#/check');
  await other.waitForSelector('[data-fact=age]');
  await other.click('[data-testid=forget]');
  await other.waitForSelector('[data-testid=forgotten]');
  assert.equal(await other.evaluate(() => localStorage.length), 0);
  await page.context().close();
});

test(`${locale} ` + 'impossible numbers are refused with a message saying what to enter', async () => {
  const page = await open(browser, server.url);
  await startAtQuestion(page);
  // Age takes a whole number: text that is not one is told so, with a whole example.
  for (const [typed, message] of [['abc', L.whole], ['250', L.range], [L.comma ? '45,5' : '45.5', L.whole]]) {
    await page.locator('#value').fill(typed);
    await page.click('[data-testid=continue]');
    await page.waitForSelector('[data-testid=error-summary]');
    assert.match(await page.locator('[data-testid=error-summary]').innerText(), message);
    assert.match(await page.locator('#value-error').innerText(), message);
    assert.match(await page.title(), L.errorPrefix);
    assert.equal(await fact(page), 'age', 'the question stays');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'error-summary');
  }
  await page.locator('#value').fill('45');
  await page.click('[data-testid=continue]');
  await page.waitForFunction(() => document.querySelector('[data-testid=question]')?.dataset.fact !== 'age');
  assert.doesNotMatch(await page.title(), L.errorPrefix);
  await page.context().close();
});

test(`${locale} ` + 'a broken trials.json shows a page saying what is wrong and where', async () => {
  const page = await open(browser, null);
  await page.route('**/trials.json', async (route) => {
    const text = fs.readFileSync(new URL('../../trials.json', import.meta.url), 'utf8').replace('"fact": "age"', '"fact": "agee"');
    await route.fulfill({ body: text, contentType: 'application/json' });
  });
  await page.goto(server.url);
  await page.waitForSelector('[data-testid=broken]');
  const text = await page.locator('[data-testid=broken]').innerText();
  assert.match(text, /trials\.json:\d+:\d+/);
  assert.match(text, /unknown fact "agee"; did you mean "age"\?/);
  assert.equal(await page.locator('[data-testid=start]').count(), 0, 'no half-working screener');
  await page.context().close();
});

test(`${locale} ` + 'focus moves to the heading on each page', async () => {
  const page = await open(browser, server.url);
  await start(page);
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1', 'on where the patient lives');
  await page.click('[data-testid=skip-location]');
  await page.waitForSelector('[data-testid=question]');
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1');
  await page.keyboard.press('Tab');
  await page.keyboard.type('52');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid=question]')?.dataset.fact !== 'age');
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1', 'keyboard alone moves on');
  await page.context().close();
});

}

test('switching language mid-way keeps every answer, and the page says which language it is in', async () => {
  const page = await openPage(browser, server.url, { locale: 'en-US' });
  await startAtQuestion(page);
  await fill(page, { value: 52, unit: 'years' });
  await page.click('[data-testid=continue]');
  await page.waitForFunction(() => document.querySelector('[data-testid=question]')?.dataset.fact === 'sle_diagnosis');
  await page.selectOption('[data-testid=language]', 'ko');
  await page.waitForFunction(() => document.documentElement.lang === 'ko');
  assert.equal(await fact(page), 'sle_diagnosis', 'still on the same question');
  assert.equal(await page.locator('label[for=answer]').innerText(), '예');
  await page.selectOption('[data-testid=language]', 'fr');
  await page.goto(server.url + '#/check');
  await page.waitForSelector('[data-fact=age]');
  assert.match(await page.locator('[data-fact=age] dd').first().innerText(), /^52 ans$/);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
  await page.context().close();
});

test('a follow-up shows only once the answer above it opens it, and never after "I don\'t know" or "no"', async () => {
  const page = await openPage(browser, server.url, { locale: 'en-US' });
  await start(page);
  // Every answer "I don't know" but age and sex: no kidney, brain, pregnancy or cancer follow-up.
  const asked = await answerAllIn(page, { age: { value: 45, unit: 'years' }, sex: 'male', sle_diagnosis: true });
  for (const f of ['biopsy_class', 'cns_lupus_mental', 'can_become_pregnant', 'breastfeeding', 'cancer_when']) {
    assert.ok(!asked.includes(f), `${f} asked after its parent was answered "no" or "I don't know": ${asked}`);
  }
  assert.ok(['lupus_nephritis', 'cns_lupus', 'cancer_history'].every((f) => asked.includes(f)), `the parents were asked: ${asked}`);
  // Yes to lupus in the brain on the same page shows its follow-up there and then.
  await page.goto(server.url + '#/q/cns_lupus');
  await page.waitForSelector('[data-testid=question] [data-field=cns_lupus]');
  assert.equal(await page.locator('[data-field=cns_lupus_mental]').count(), 0);
  await page.locator('[data-field=cns_lupus] input[value=yes]').check();
  await page.waitForSelector('[data-field=cns_lupus_mental]');
  await page.locator('[data-field=cns_lupus] input[value=unknown]').check();
  await page.waitForFunction(() => !document.querySelector('[data-field=cns_lupus_mental]'));
  await page.context().close();
});

/** The facts each trial reads, by registry id (every "fact" its criteria name). */
function factsByTrial() {
  const trials = JSON.parse(fs.readFileSync(new URL('../../trials.json', import.meta.url), 'utf8')).trials;
  const read = (v, into) => {
    if (Array.isArray(v)) v.forEach((x) => read(x, into));
    else if (v && typeof v === 'object') {
      if (typeof v.fact === 'string') into.add(v.fact);
      Object.values(v).forEach((x) => read(x, into));
    }
    return into;
  };
  return Object.fromEntries(trials.map((t) => [t.id, { facts: read([t.criteria, t.subgroups ?? []], new Set()), countries: t.sites.map((s) => s.country) }]));
}

test('a patient near Paris, reach "country", is asked nothing only the studies abroad read, until they choose to check those too', async () => {
  const trials = factsByTrial();
  const french = Object.values(trials).filter((t) => t.countries.includes('FR'));
  assert.ok(french.length >= 1, 'a study with a site in France');
  const near = new Set(french.flatMap((t) => [...t.facts]));
  const abroad = new Set(Object.values(trials).flatMap((t) => [...t.facts]).filter((f) => !near.has(f)));
  assert.ok(abroad.size > 5, `facts only the studies abroad read: ${[...abroad]}`);
  const page = await openPage(browser, server.url, { locale: 'en-US' });
  await start(page);
  const p = patient('journey_paris_no_nephritis');
  const asked = await answerAllIn(page, p, { city: 'Paris', reach: 'country' });
  assert.deepEqual(asked.filter((f) => abroad.has(f)), [], `asked for the studies abroad: ${asked}`);
  // Every study is listed; those abroad are marked as far away.
  await page.click('[data-testid=see-results]');
  await page.waitForSelector('[data-testid=next-step]');
  for (const [id, t] of Object.entries(trials)) {
    const far = await page.locator(`[data-testid=trial][data-trial=${id}] [data-testid=far]`).count();
    assert.equal(far > 0, !t.countries.includes('FR'), `${id} marked far away: ${far > 0}`);
  }
  await page.goto(server.url + '#/check');
  await page.click('[data-testid=check-further]');
  const further = await answerAllIn(page, p, { city: 'Paris', reach: 'country' });
  assert.ok(further.some((f) => abroad.has(f)), `checking further asks what the studies abroad need: ${further}`);
  assert.deepEqual(further.filter((f) => asked.includes(f)), [], 'nothing asked twice');
  await page.click('[data-testid=see-results]');
  await page.waitForSelector('[data-testid=next-step]');
  assert.equal(await page.locator('[data-testid=far]').count(), 0, 'every study is in reach now');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the answers downloaded for the doctor\'s systems are a FHIR QuestionnaireResponse, made on the device, that opens to the same results', async () => {
  const page = await openPage(browser, server.url, { locale: 'fr-FR' });
  await start(page);
  await answerAllIn(page, patient('may_qualify_NCT03562065'), { city: 'Paris', reach: 'country', comma: true });
  const before = await toResults(page);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-fhir]')]);
  const file = await download.path();
  assert.deepEqual(requests.filter((u) => !u.startsWith('blob:') && !u.startsWith('data:')), [], 'nothing is sent to make it');
  const response = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.equal(response.resourceType, 'QuestionnaireResponse');
  assert.equal(response.status, 'completed');
  assert.ok(Date.now() - Date.parse(response.authored) < 10 * 60 * 1000, `authored now: ${response.authored}`);
  const items = [];
  const walk = (xs) => (xs ?? []).forEach((i) => { if (i.answer) items.push(i); walk(i.item); });
  walk(response.item);
  const age = items.find((i) => i.linkId === 'age');
  assert.equal(age.answer[0].valueQuantity.system, 'http://unitsofmeasure.org');
  assert.equal(age.answer[0].valueQuantity.code, 'a');
  const fresh = await openPage(browser, server.url, { locale: 'fr-FR' });
  await fresh.locator('[data-testid=upload]').setInputFiles(file);
  assert.deepEqual(await verdicts(fresh), before);
  assert.match(await fresh.locator('[data-trial=NCT03562065] [data-testid=distance]').first().innerText(), /km/, 'the place came back too');
  assert.equal(await fresh.locator('[data-testid=far]').count(), await page.locator('[data-testid=far]').count(), 'and how far the patient could travel');
  assert.deepEqual(fresh.errors, []);
  await fresh.context().close();
  await page.context().close();
});
