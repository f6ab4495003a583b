// What the browser checks share: a static server for a built site (fetch() and absolute links
// do not work from file:// pages) and Debian's Chromium, launched as the checks need it.
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, extname } from 'node:path';

const TYPES = { '.html': 'text/html; charset=utf-8', '.json': 'application/json',
                '.js': 'text/javascript', '.css': 'text/css', '.webp': 'image/webp',
                '.svg': 'image/svg+xml', '.jpg': 'image/jpeg', '.png': 'image/png' };

// Serves the folder `dir` on a free port of this machine; gives its address and the server.
export async function serve(dir) {
  const server = createServer(async (req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path.includes('..')) { res.writeHead(400).end(); return; }
    if (path.endsWith('/')) path += 'index.html';
    try {
      const body = await readFile(join(dir, path));
      res.writeHead(200, { 'content-type': TYPES[extname(path)] || 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  }).listen(0, '127.0.0.1');
  await new Promise((ok) => server.once('listening', ok));
  return { base: `http://127.0.0.1:${server.address().port}/`, server };
}

// Debian's Chromium, never a downloaded browser.
export function launch() {
  const args = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
                '--disable-component-update', '--disable-sync'];
  return chromium.launch({ executablePath: '/usr/bin/chromium', args });
}

// Ends a check: its failures on stderr and a failing exit, or `passed` on stdout.
export function finish(failures, passed) {
  if (failures.length) {
    console.error(failures.join('\n'));
    process.exit(1);
  }
  console.log(passed);
}
