import { chromium } from 'playwright-core';
import fs from 'node:fs';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const p = await b.newPage();
p.on('pageerror', (e) => console.log('pageerror', e.message));
await p.setContent('<p>x</p>');
await p.addScriptTag({ content: fs.readFileSync('/tmp/dbg/out.js', 'utf8') });
console.log(await p.evaluate((h) => window.dbg(h), process.argv[2]));
await b.close();
