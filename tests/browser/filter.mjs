// Drives a film page's review filter and sort in Debian's Chromium. Without JavaScript, each
// verdict control (#positive, #mixed, #negative) shows exactly the reviews of its band, as
// many as its count says and the status line states, #top-critics (on a film with top
// critics' reviews) only theirs, and no sort control is offered; with
// JavaScript, a "Sort by" control orders the reviews (kept in the address as ?sort=...), and
// each change is announced in a live region with the count shown.
//   Usage: node filter.mjs SITE_DIR FILM_PATH [SCREENSHOT_PREFIX]
import { serve, launch, finish } from './site.mjs';

const [dir, film, shots] = process.argv.slice(2);
const { base, server } = await serve(dir);
const url = base + film.replace(/^\//, '');
const browser = await launch();
const failures = [];
const visible = (page) => page.locator('ol.reviews > li:visible').count();
const counted = async (page, filter) =>
  Number((await page.locator(`a[data-filter="${filter}"] .count`).innerText()).trim());
// The number of reviews the status line says are shown: its first number, in every built-in
// language ("Showing the 3 mixed reviews of 11", "Showing 62 of the 80 positive reviews:
// those on this page", "Affichage des 11 critiques.").
const stated = async (page) =>
  Number(/(\d+)/.exec(await page.locator('.filter-status').innerText())[1]);
try {
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const page = await plain.newPage();
  await page.goto(url, { waitUntil: 'load' });
  const all = await counted(page, 'all');
  const onPage = await visible(page);
  if (onPage !== await stated(page) || onPage > all) failures.push(`without a filter ${onPage} of ${all} reviews show, and the status says ${await stated(page)}`);
  if (await page.locator('.review-sort').count() > 0) failures.push('without JavaScript a sort control is offered');
  let bands = 0;
  for (const band of ['positive', 'mixed', 'negative']) {
    await page.goto(`${url}#${band}`, { waitUntil: 'load' });
    const inFilm = await counted(page, band);
    bands += inFilm;
    const want = await stated(page);
    const shown = await visible(page);
    if (shown !== want || want > inFilm) failures.push(`#${band}: ${shown} reviews show, the status says ${want}, the control ${inFilm}`);
    const others = await page.locator(`ol.reviews > li:visible .score:not(.${band})`).count();
    if (others > 0) failures.push(`#${band}: ${others} reviews of another band show`);
    const status = (await page.locator('.filter-status').innerText()).trim();
    if (onPage === all && want !== inFilm) failures.push(`#${band}: one page shows ${want} of the film's ${inFilm}`);
    console.log(`#${band}: ${shown} shown; "${status}"`);
    if (shots && band === 'negative') {
      for (const width of [390, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${url}#${band}`, { waitUntil: 'load' });
        await page.screenshot({ path: `${shots}-nojs-${width}.png` });
      }
    }
  }
  if (bands > all) failures.push(`the bands count ${bands} reviews of ${all}`);
  // Top critics, where the film has any: only their reviews, as many as the status says.
  if (await page.locator('a[data-filter="top-critics"]').count() > 0) {
    await page.goto(`${url}#top-critics`, { waitUntil: 'load' });
    const want = await stated(page);
    const shown = await visible(page);
    const marked = await page.locator('ol.reviews > li:visible .top-critic').count();
    if (shown !== want || marked !== shown || want > await counted(page, 'top-critics')) {
      failures.push(`#top-critics: ${shown} reviews show, ${marked} marked, the status says ${want}`);
    }
    console.log(`#top-critics: ${shown} shown`);
    if (shots) {
      for (const width of [390, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${url}#top-critics`, { waitUntil: 'load' });
        await page.screenshot({ path: `${shots}-top-${width}.png` });
      }
    }
  }

  const scripted = await browser.newContext();
  const js = await scripted.newPage();
  await js.goto(`${url}#mixed`, { waitUntil: 'load' });
  const select = js.locator('.review-sort select');
  await select.waitFor({ timeout: 5000 });
  const live = js.locator('[aria-live="polite"]');
  const said = (await live.innerText()).trim();
  if (!said.includes(`${await stated(js)}`)) failures.push(`the live region says "${said}"`);
  if (await js.locator('a[data-filter="mixed"][aria-current]').count() !== 1) failures.push('the chosen filter is not marked current');
  await select.selectOption('newest');
  if (!js.url().includes('?sort=newest#mixed')) failures.push(`the address after sorting is ${js.url()}`);
  const dates = await js.locator('ol.reviews > li time').evaluateAll((t) => t.map((e) => e.getAttribute('datetime')));
  const sorted = [...dates].sort().reverse();
  if (dates.join() !== sorted.join()) failures.push(`newest first gives ${dates.join(', ')}`);
  const newest = (await select.locator('option[value="newest"]').innerText()).trim();
  if (!(await live.innerText()).includes(newest)) failures.push('the new order is not announced');
  await js.goto(`${url}?sort=score-low`, { waitUntil: 'load' });
  const scores = await js.locator('ol.reviews > li .score').evaluateAll((s) =>
    s.map((e) => (/\d+/.exec(e.textContent) || [null])[0]).filter((x) => x !== null).map(Number));
  if (scores.join() !== [...scores].sort((a, b) => a - b).join()) failures.push(`low to high gives ${scores.join(', ')}`);
  if (await js.locator('.review-sort select').inputValue() !== 'score-low') failures.push('?sort=score-low is not the chosen order on load');
  // A film with more than one page of reviews: its pager keeps the filter and the order.
  const pages = await js.locator('.pager a[href]').evaluateAll((a) => a.map((e) => e.getAttribute('href')));
  if (pages.some((href) => !href.endsWith('?sort=score-low'))) failures.push(`the pager drops the order: ${pages.join(', ')}`);
  // How long one change of filter takes to be laid out, for the record (not a test).
  const ms = await js.evaluate(() => {
    const start = performance.now();
    location.hash = '#positive';
    void document.body.offsetHeight;
    return performance.now() - start;
  });
  console.log(`filter change laid out in ${ms.toFixed(1)} ms for ${await js.locator('ol.reviews > li').count()} reviews`);
  if (shots) {
    for (const width of [390, 1280]) {
      await js.setViewportSize({ width, height: 900 });
      await js.goto(`${url}?sort=newest#negative`, { waitUntil: 'load' });
      await js.screenshot({ path: `${shots}-js-${width}.png` });
    }
  }
} finally {
  await browser.close();
  server.close();
}
finish(failures, `filter and sort: ${film} passed`);
