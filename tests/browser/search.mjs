// Drives the search page of a built site in Debian's Chromium: types a word of a film's title
// and expects that film among the results, follows the link, and checks that the page also
// lists every film without JavaScript; with "poster" after the title, also that the film's
// result shows its poster's thumbnail, loaded.
//   Usage: node search.mjs SITE_DIR WORD "Film title" [poster]
import { serve, launch, finish } from './site.mjs';

const [dir, word, title, poster] = process.argv.slice(2);
const { base, server } = await serve(dir);
const browser = await launch();
const failures = [];
try {
  const page = await browser.newPage();
  await page.goto(base + 'search/', { waitUntil: 'load' });
  // The script runs, so the page does not say that searching as you type needs it.
  if (await page.locator('#search-without-script').count() > 0) {
    failures.push('with JavaScript the search page still says searching needs JavaScript');
  }
  await page.fill('#search-query', word);
  const hit = page.locator('#search-results a', { hasText: title }).first();
  await hit.waitFor({ timeout: 10000 });
  console.log(`"${word}" found ${await page.locator('#search-results li').count()} results`);
  if (poster) {
    const row = page.locator('#search-results li', { has: page.locator('a', { hasText: title }) });
    const thumb = row.first().locator('img.search-thumb');
    await thumb.waitFor({ timeout: 10000 });
    await thumb.scrollIntoViewIfNeeded();
    const loaded = await thumb.evaluate((img) => img.decode().then(() => img.naturalWidth, () => 0));
    if (!(loaded > 0)) failures.push(`the result for "${title}" shows no poster thumbnail`);
  }
  if (process.env.SEARCH_SCREENSHOT) await page.screenshot({ path: process.env.SEARCH_SCREENSHOT });
  await hit.click();
  await page.waitForLoadState('load');
  const h1 = await page.locator('h1').first().innerText();
  if (!h1.startsWith(title)) failures.push(`the result led to "${h1}", not "${title}"`);

  // From the header form on another page, as a reader would.
  await page.goto(base, { waitUntil: 'load' });
  await page.fill('#site-search', word);
  await page.press('#site-search', 'Enter');
  await page.locator('#search-results a', { hasText: title }).first().waitFor({ timeout: 10000 });

  // Without JavaScript: the page still offers the film by title.
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const noJs = await plain.newPage();
  await noJs.goto(base + 'search/?q=' + encodeURIComponent(word), { waitUntil: 'load' });
  const links = await noJs.locator('#browse a').count();
  if (links === 0) failures.push('without JavaScript the search page lists nothing');
  if (!(await noJs.locator('#search-without-script').isVisible())) {
    failures.push('without JavaScript the search page does not say what searching needs');
  }
  await plain.close();
} catch (e) {
  failures.push(String(e));
} finally {
  await browser.close();
  server.close();
}
finish(failures, 'search: passed');
