// Takes the screenshots in docs/: a question page and the results page at 320 and 1280 px, in
// English, Korean and Chinese. Run after `scripts/build`: node e2e/screenshots.mjs
import path from 'node:path';
import { serve, launch, open, answerAll, patient, toResults, root } from './lib.mjs';

const server = await serve();
const browser = await launch();
const shot = (name) => path.join(root, 'docs', name);
for (const [locale, suffix] of [['en-US', ''], ['ko-KR', '-ko'], ['zh-CN', '-zh']]) {
  for (const width of [320, 1280]) {
    const page = await open(browser, server.url + '#/q/creatinine', { locale, viewport: { width, height: 900 } });
    await page.screenshot({ path: shot(`question${suffix}-${width}.png`), fullPage: true });
    await page.goto(server.url);
    await page.click('[data-testid=start]');
    await answerAll(page, patient('may_qualify_NCT02633163'), { city: 'Chicago, IL' });
    await toResults(page);
    await page.screenshot({ path: shot(`results${suffix}-${width}.png`), fullPage: width > 320 && !suffix });
    if (width === 320) await page.locator('[data-testid=trial]').first().screenshot({ path: shot(`results-card${suffix}-320.png`) });
    await page.context().close();
  }
}
await browser.close();
await server.close();
console.log('screenshots written to docs/');
