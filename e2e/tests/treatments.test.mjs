// The treatment history and the infection tests as a patient enters them on the question pages:
// the result names the criterion in plain words, with its source sentence one tap away.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, answerAll, toResults } from '../lib.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** Starts the screener and answers every page it asks from `answers` ("I don't know" for the
 *  rest); returns the facts asked and the verdicts. */
async function journey(page, answers, city) {
  await page.goto(server.url);
  await page.click('[data-testid=start]');
  await page.waitForSelector('[data-testid=location]');
  const asked = await answerAll(page, answers, { city, reach: 'city' });
  return { asked, verdicts: await toResults(page) };
}

/** The reason on `trial`'s card that says `plain`, and its source sentence once opened. */
async function reason(page, trial, plain) {
  const item = page.locator(`[data-testid=trial][data-trial=${trial}] .criteria li`).filter({ hasText: plain });
  assert.equal(await item.count(), 1, `one reason on ${trial} says ${plain}`);
  await item.locator('details summary').click();
  return item.locator('blockquote').innerText();
}

test('a patient who took azathioprine 150 mg a day for 8 months sees why NCT04835883 is probably not, with its source sentence', async () => {
  const page = await open(browser, null, { locale: 'en-US' });
  const { asked, verdicts } = await journey(page, {
    age: { value: 38, unit: 'years' },
    sex: 'female',
    sle_diagnosis: true,
    steroid_dose: { value: 5, unit: 'mg_prednisone' },
    treatments: ['azathioprine'],
    aza_dose: { value: 150, unit: 'mg/day' },
    aza_duration: { value: 8, unit: 'month' },
    aza_ongoing: true,
    aza_response: 'did_not_help',
  }, 'Seoul');
  for (const f of ['treatments', 'aza_dose', 'aza_duration', 'aza_response']) assert.ok(asked.includes(f), `${f} is asked: ${asked}`);
  assert.equal(verdicts.NCT04835883, 'probably_not');
  const source = await reason(page, 'NCT04835883', 'azathioprine 200 mg a day or more');
  assert.match(source, /azathioprine \(AZA\) ≥ 200 mg\/day/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a patient with a positive HBsAg test now sees NCT03562065 as probably not, with the reason', async () => {
  const page = await open(browser, null, { locale: 'en-US' });
  const { asked, verdicts } = await journey(page, {
    age: { value: 30, unit: 'years' },
    sex: 'female',
    sle_diagnosis: true,
    infections: ['hepatitis_b_now'],
  }, 'Paris');
  assert.ok(asked.includes('infections'), `infections is asked: ${asked}`);
  assert.equal(verdicts.NCT03562065, 'probably_not');
  const source = await reason(page, 'NCT03562065', 'active hepatitis B or C');
  assert.match(source, /Hepatitis B \(HBsAg surface antigen\)/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
