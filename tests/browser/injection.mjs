// Opens every page of a built site in Debian's Chromium and fails if any script ran:
// no dialog may open, and no injected element, event handler or script URL may exist in the
// live DOM.   Usage: node injection.mjs http://127.0.0.1:PORT/ page-path...
import { chromium } from 'playwright-core';

const [base, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage();
const dialogs = [];
page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
const problems = [];
for (const path of paths) {
  await page.goto(new URL(path, base).href, { waitUntil: 'load' });
  await page.waitForTimeout(100);
  const found = await page.evaluate(() => {
    const bad = [];
    for (const el of document.querySelectorAll('*')) {
      const tag = el.tagName.toLowerCase();
      // The theme's own: JSON-LD data, the search and review scripts, the search forms, the
      // film and career charts.
      const ours = (tag === 'script' && (el.getAttribute('type') === 'application/ld+json'
                      || /^\/(search|reviews)\.[0-9a-f]{16}\.js$/.test(el.getAttribute('src') || '')))
                || (tag === 'form' && el.getAttribute('action') === '/search/')
                || (tag === 'svg' && el.getAttribute('class') === 'chart'
                      && ['dist-chart', 'timeline-chart', 'career-chart'].includes(el.id));
      if (!ours && ['script', 'iframe', 'svg', 'style', 'object', 'embed', 'math', 'form'].includes(tag)) bad.push(`<${tag}>`);
      for (const a of el.attributes) {
        const v = a.value.trim().toLowerCase();
        if (a.name.startsWith('on')) bad.push(`<${tag} ${a.name}>`);
        if (['href', 'src', 'action'].includes(a.name) && /^(javascript|data|vbscript):/.test(v)) bad.push(`<${tag} ${a.name}=${v}>`);
      }
    }
    return { bad, title: document.title };
  });
  for (const b of found.bad) problems.push(`${path}: ${b}`);
  console.log(`${path}: ${found.bad.length} problems, title ${JSON.stringify(found.title)}`);
}
await browser.close();
for (const d of dialogs) problems.push(`dialog opened: ${d}`);
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`${paths.length} passed, 0 failed`);
