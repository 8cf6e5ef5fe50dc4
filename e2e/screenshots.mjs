// Takes the screenshots in docs/: a question page and the results page at 320 and 1280 px.
// Run after `scripts/build`: node e2e/screenshots.mjs
import path from 'node:path';
import { serve, launch, open, answerAll, patient, toResults, root } from './lib.mjs';

const server = await serve();
const browser = await launch();
for (const width of [320, 1280]) {
  const page = await open(browser, server.url + '#/q/creatinine', { viewport: { width, height: 900 } });
  await page.screenshot({ path: path.join(root, 'docs', `question-${width}.png`), fullPage: true });
  await page.goto(server.url);
  await page.click('[data-testid=start]');
  await answerAll(page, patient('may_qualify_NCT02633163'), { city: 'Chicago, IL' });
  await toResults(page);
  await page.screenshot({ path: path.join(root, 'docs', `results-${width}.png`), fullPage: width > 320 });
  if (width === 320) {
    await page.locator('[data-testid=trial]').first().screenshot({ path: path.join(root, 'docs', 'results-card-320.png') });
  }
  await page.context().close();
}
await browser.close();
await server.close();
console.log('screenshots written to docs/');
