#!/usr/bin/env node
// Draws the lead "photos" of the demo articles in demo/articles/.
//
// Every picture is an original, abstract illustration built from simple SVG
// shapes (gradients, rectangles, paths) and rasterised with sharp into a
// 1200x800 JPEG next to the article's .txt file (same basename). The drawing
// is deterministic (seeded PRNG), so re-running the script reproduces the
// committed files.
//
//   node scripts/generate-demo-photos.mjs

import sharp from 'sharp';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const W = 1200;
const H = 800;
const QUALITY = 78;
const MAX_BYTES = 120 * 1024;

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(here, '..', 'demo', 'articles');

// ---------------------------------------------------------------- helpers

function prng(seed) {
  // mulberry32
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const f = (n) => Math.round(n * 10) / 10;
const between = (rnd, lo, hi) => lo + (hi - lo) * rnd();
const pick = (rnd, list) => list[Math.floor(rnd() * list.length)];

function svg(body, defs = '') {
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
<defs>${defs}</defs>
${body}
</svg>`;
}

function linear(id, stops, { x1 = 0, y1 = 0, x2 = 0, y2 = 1 } = {}) {
  const s = stops
    .map(([off, color, op = 1]) => `<stop offset="${off}" stop-color="${color}" stop-opacity="${op}"/>`)
    .join('');
  return `<linearGradient id="${id}" x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}">${s}</linearGradient>`;
}

function radial(id, stops, { cx = 0.5, cy = 0.5, r = 0.5 } = {}) {
  const s = stops
    .map(([off, color, op = 1]) => `<stop offset="${off}" stop-color="${color}" stop-opacity="${op}"/>`)
    .join('');
  return `<radialGradient id="${id}" cx="${cx}" cy="${cy}" r="${r}">${s}</radialGradient>`;
}

const blur = (id, sd) =>
  `<filter id="${id}" x="-50%" y="-50%" width="200%" height="200%"><feGaussianBlur stdDeviation="${sd}"/></filter>`;

// ------------------------------------------------ 1. city skyline at dusk

function kyivSkyline() {
  const rnd = prng(1601);
  const horizon = 540;
  const defs = [
    linear('sky', [
      [0, '#0a1633'],
      [0.35, '#1f3266'],
      [0.62, '#6a4f7e'],
      [0.8, '#d4805a'],
      [0.9, '#f4bb72'],
    ]),
    linear('water', [
      [0, '#2a2f55'],
      [0.5, '#141a36'],
      [1, '#070b1c'],
    ]),
    linear('hill', [
      [0, '#1d2a3a'],
      [1, '#0c121e'],
    ]),
    linear('gold', [
      [0, '#ffe39a'],
      [0.5, '#d9a23a'],
      [1, '#8a5a14'],
    ], { x1: 0, y1: 0, x2: 1, y2: 0 }),
    radial('glow', [
      [0, '#ffcf8a', 0.55],
      [1, '#ffcf8a', 0],
    ]),
    blur('soft', 3),
    blur('haze', 12),
  ].join('');

  const parts = [];
  parts.push(`<rect width="${W}" height="${H}" fill="url(#sky)"/>`);
  // stars
  for (let i = 0; i < 70; i++) {
    const x = rnd() * W;
    const y = rnd() * 260;
    parts.push(`<circle cx="${f(x)}" cy="${f(y)}" r="${f(between(rnd, 0.6, 1.6))}" fill="#fff" opacity="${f(between(rnd, 0.3, 0.9))}"/>`);
  }
  // thin crescent moon
  parts.push(`<circle cx="960" cy="120" r="34" fill="#fff4d6"/><circle cx="974" cy="110" r="32" fill="#13224a"/>`);
  // glow over the horizon
  parts.push(`<ellipse cx="600" cy="${horizon}" rx="700" ry="130" fill="url(#glow)"/>`);

  // far, hazy skyline (left bank blocks)
  let x = -20;
  const far = [];
  while (x < W + 20) {
    const w = between(rnd, 30, 90);
    const h = between(rnd, 40, 130);
    far.push(`<rect x="${f(x)}" y="${f(horizon - h)}" width="${f(w)}" height="${f(h + 2)}"/>`);
    x += w - 4;
  }
  parts.push(`<g fill="#3a3a66" opacity="0.75">${far.join('')}</g>`);

  // the near city: hill with a bell tower on the left, towers on the right
  const city = [];
  city.push(`<path d="M -10 ${horizon} L -10 ${horizon - 120} C 80 ${horizon - 150} 200 ${horizon - 170} 330 ${horizon - 135} C 400 ${horizon - 115} 440 ${horizon - 60} 470 ${horizon} Z" fill="url(#hill)"/>`);
  // bell tower: tiers narrowing upward, golden dome and spire
  const bx = 210;
  const by = horizon - 160;
  city.push(`<g fill="#101828">
    <rect x="${bx - 34}" y="${by - 70}" width="68" height="72"/>
    <rect x="${bx - 27}" y="${by - 130}" width="54" height="62"/>
    <rect x="${bx - 20}" y="${by - 180}" width="40" height="52"/>
    <rect x="${bx - 14}" y="${by - 215}" width="28" height="37"/>
  </g>`);
  // arched openings lit warm
  for (const [w, y0, n] of [[68, by - 58, 3], [54, by - 118, 2], [40, by - 170, 2]]) {
    const step = w / (n + 1);
    for (let i = 1; i <= n; i++) {
      const ax = bx - w / 2 + step * i;
      city.push(`<path d="M ${f(ax - 5)} ${f(y0 + 24)} L ${f(ax - 5)} ${f(y0 + 7)} A 5 5 0 0 1 ${f(ax + 5)} ${f(y0 + 7)} L ${f(ax + 5)} ${f(y0 + 24)} Z" fill="#f6c36a" opacity="0.85"/>`);
    }
  }
  city.push(`<path d="M ${bx - 16} ${by - 214} C ${bx - 16} ${by - 250} ${bx} ${by - 262} ${bx} ${by - 270} C ${bx} ${by - 262} ${bx + 16} ${by - 250} ${bx + 16} ${by - 214} Z" fill="url(#gold)"/>`);
  city.push(`<rect x="${bx - 1.5}" y="${by - 300}" width="3" height="32" fill="#e6b04a"/><rect x="${bx - 8}" y="${by - 292}" width="16" height="3" fill="#e6b04a"/>`);
  // smaller golden domes on the hill
  for (const [dx, s] of [[90, 0.7], [320, 0.55]]) {
    const cx = dx;
    const base = horizon - (dx < 200 ? 140 : 128);
    city.push(`<rect x="${f(cx - 26 * s)}" y="${f(base - 50 * s)}" width="${f(52 * s)}" height="${f(52 * s)}" fill="#101828"/>`);
    city.push(`<path d="M ${f(cx - 22 * s)} ${f(base - 49 * s)} C ${f(cx - 22 * s)} ${f(base - 85 * s)} ${f(cx)} ${f(base - 95 * s)} ${f(cx)} ${f(base - 102 * s)} C ${f(cx)} ${f(base - 95 * s)} ${f(cx + 22 * s)} ${f(base - 85 * s)} ${f(cx + 22 * s)} ${f(base - 49 * s)} Z" fill="url(#gold)"/>`);
  }
  // apartment blocks with windows
  x = 440;
  while (x < W + 10) {
    const w = between(rnd, 48, 120);
    const h = between(rnd, 90, 250);
    const top = horizon - h;
    city.push(`<rect x="${f(x)}" y="${f(top)}" width="${f(w)}" height="${f(h + 2)}" fill="${pick(rnd, ['#121a30', '#161f38', '#0f1628'])}"/>`);
    const cols = Math.max(2, Math.floor((w - 10) / 13));
    const rows = Math.floor((h - 14) / 17);
    const gx = (w - cols * 13) / 2 + 3;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        if (rnd() < 0.42) {
          const col = pick(rnd, ['#ffd98a', '#ffe7b0', '#f6b95c', '#cfe3ff']);
          city.push(`<rect x="${f(x + gx + c * 13)}" y="${f(top + 10 + r * 17)}" width="7" height="10" fill="${col}" opacity="${f(between(rnd, 0.55, 1))}"/>`);
        }
      }
    }
    if (rnd() < 0.3) {
      // red aviation light on the roof
      city.push(`<circle cx="${f(x + w / 2)}" cy="${f(top - 3)}" r="2.5" fill="#ff4a3d"/>`);
    }
    x += w + between(rnd, 2, 14);
  }
  // embankment
  city.push(`<rect x="0" y="${horizon - 4}" width="${W}" height="8" fill="#0b1120"/>`);
  for (let i = 0; i < 24; i++) {
    city.push(`<circle cx="${f(25 + i * 50)}" cy="${horizon - 8}" r="2.2" fill="#ffd27a"/>`);
  }
  parts.push(`<g id="city">${city.join('')}</g>`);

  // river with the city's reflection
  parts.push(`<rect x="0" y="${horizon + 4}" width="${W}" height="${H - horizon}" fill="url(#water)"/>`);
  parts.push(`<g opacity="0.35" filter="url(#soft)"><use xlink:href="#city" transform="translate(0 ${2 * horizon + 8}) scale(1 -1)"/></g>`);
  for (let i = 0; i < 60; i++) {
    const y = horizon + 10 + Math.pow(rnd(), 1.6) * (H - horizon - 10);
    const len = between(rnd, 20, 160);
    const x0 = rnd() * W;
    parts.push(`<rect x="${f(x0)}" y="${f(y)}" width="${f(len)}" height="${f(between(rnd, 1, 2.5))}" fill="${pick(rnd, ['#ffcf7a', '#9fb2e6', '#ffffff'])}" opacity="${f(between(rnd, 0.08, 0.3))}"/>`);
  }
  // near shore
  parts.push(`<path d="M 0 ${H} L 0 ${H - 40} C 300 ${H - 55} 800 ${H - 30} ${W} ${H - 60} L ${W} ${H} Z" fill="#05070f"/>`);
  return svg(parts.join('\n'), defs);
}

// ---------------------------------------------- 2. power lines at dusk

function powerLines() {
  const rnd = prng(1803);
  const horizon = 560;
  const defs = [
    linear('sky', [
      [0, '#1b1846'],
      [0.3, '#4a3472'],
      [0.55, '#a24d6c'],
      [0.72, '#e57a55'],
      [0.82, '#f7b267'],
      [0.88, '#fde0a0'],
    ]),
    linear('snow', [
      [0, '#c7b5cf'],
      [0.4, '#8f86ad'],
      [1, '#3c3a5e'],
    ]),
    radial('sun', [
      [0, '#fff3c4', 1],
      [0.18, '#ffd27f', 1],
      [0.22, '#ffb866', 0.6],
      [1, '#ff9a5a', 0],
    ]),
    blur('mist', 6),
  ].join('');

  const parts = [];
  parts.push(`<rect width="${W}" height="${H}" fill="url(#sky)"/>`);
  parts.push(`<circle cx="830" cy="${horizon - 20}" r="260" fill="url(#sun)"/>`);
  // wispy clouds
  for (let i = 0; i < 7; i++) {
    const y = between(rnd, 120, 380);
    const x = between(rnd, -100, W);
    parts.push(`<ellipse cx="${f(x)}" cy="${f(y)}" rx="${f(between(rnd, 120, 260))}" ry="${f(between(rnd, 5, 12))}" fill="#f5a07a" opacity="${f(between(rnd, 0.15, 0.35))}" filter="url(#mist)"/>`);
  }
  // distant forest line
  let d = `M 0 ${horizon}`;
  for (let x = 0; x <= W; x += 8) {
    d += ` L ${x} ${f(horizon - 14 - rnd() * 18 - 10 * Math.sin(x / 140))}`;
  }
  d += ` L ${W} ${horizon + 10} L 0 ${horizon + 10} Z`;
  parts.push(`<path d="${d}" fill="#2b2147"/>`);
  // village with warm windows
  for (let i = 0; i < 9; i++) {
    const hx = 60 + i * 52 + rnd() * 20;
    const hw = between(rnd, 22, 34);
    const hy = horizon - 4;
    parts.push(`<path d="M ${f(hx)} ${hy} L ${f(hx)} ${hy - 14} L ${f(hx + hw / 2)} ${hy - 26} L ${f(hx + hw)} ${hy - 14} L ${f(hx + hw)} ${hy} Z" fill="#1d1735"/>`);
    if (rnd() < 0.8) parts.push(`<rect x="${f(hx + hw / 2 - 3)}" y="${hy - 11}" width="5" height="5" fill="#ffc96b"/>`);
  }
  // snowy field
  parts.push(`<rect x="0" y="${horizon + 6}" width="${W}" height="${H - horizon}" fill="url(#snow)"/>`);
  for (let i = 0; i < 14; i++) {
    const y = between(rnd, horizon + 20, H);
    parts.push(`<path d="M ${f(rnd() * W - 200)} ${f(y)} q 200 ${f(between(rnd, -10, 10))} 420 0" stroke="#e6d6e8" stroke-width="${f(between(rnd, 1, 3))}" fill="none" opacity="0.35"/>`);
  }

  // pylons receding from the right foreground to the left horizon
  const pylons = [];
  for (let i = 0; i < 6; i++) {
    const t = i / 5;
    const s = 1 - 0.86 * Math.pow(t, 0.7); // scale
    const x = 1010 - 900 * Math.pow(t, 0.8);
    const base = horizon + 8 + 230 * s * s;
    pylons.push({ x, base, s });
  }
  const ink = '#140f26';
  const tips = [];
  for (const { x, base, s } of pylons) {
    const h = 430 * s;
    const top = base - h;
    const legW = 70 * s;
    const waist = 16 * s;
    const sw = Math.max(1, 4 * s);
    const g = [];
    // legs
    g.push(`M ${f(x - legW)} ${f(base)} L ${f(x - waist)} ${f(top + h * 0.35)} L ${f(x - waist * 0.6)} ${f(top)}`);
    g.push(`M ${f(x + legW)} ${f(base)} L ${f(x + waist)} ${f(top + h * 0.35)} L ${f(x + waist * 0.6)} ${f(top)}`);
    // lattice: cross bracing between the legs
    const steps = 7;
    for (let k = 0; k < steps; k++) {
      const y1 = base - (k / steps) * h * 0.65;
      const y2 = base - ((k + 1) / steps) * h * 0.65;
      const w1 = legW - (legW - waist) * (k / steps);
      const w2 = legW - (legW - waist) * ((k + 1) / steps);
      g.push(`M ${f(x - w1)} ${f(y1)} L ${f(x + w2)} ${f(y2)} M ${f(x + w1)} ${f(y1)} L ${f(x - w2)} ${f(y2)}`);
      g.push(`M ${f(x - w2)} ${f(y2)} L ${f(x + w2)} ${f(y2)}`);
    }
    // cross arms
    const arm1 = top + h * 0.22;
    const arm2 = top + h * 0.4;
    const span1 = 120 * s;
    const span2 = 95 * s;
    g.push(`M ${f(x - span1)} ${f(arm1)} L ${f(x + span1)} ${f(arm1)} L ${f(x)} ${f(arm1 + 22 * s)} Z`);
    g.push(`M ${f(x - span2)} ${f(arm2)} L ${f(x + span2)} ${f(arm2)} L ${f(x)} ${f(arm2 + 18 * s)} Z`);
    g.push(`M ${f(x - waist * 0.6)} ${f(top)} L ${f(x + waist * 0.6)} ${f(top)}`);
    parts.push(`<path d="${g.join(' ')}" stroke="${ink}" stroke-width="${f(sw)}" fill="none" stroke-linejoin="round"/>`);
    // insulators
    const ins = [];
    for (const [ax, ay] of [[x - span1, arm1], [x + span1, arm1], [x - span2, arm2], [x + span2, arm2]]) {
      ins.push(`<rect x="${f(ax - 2 * s)}" y="${f(ay)}" width="${f(Math.max(1.2, 4 * s))}" height="${f(20 * s)}" fill="${ink}"/>`);
    }
    parts.push(ins.join(''));
    tips.push([
      [x - span1, arm1 + 20 * s],
      [x + span1, arm1 + 20 * s],
      [x - span2, arm2 + 20 * s],
      [x + span2, arm2 + 20 * s],
      [x, top],
    ]);
  }
  // sagging cables between consecutive pylons, plus the lead-in from off-frame right
  const cables = [];
  for (let k = 0; k < 5; k++) {
    const [x0, y0] = tips[0][k];
    cables.push(`M ${W + 40} ${f(y0 - 120 + k * 8)} Q ${f((W + 40 + x0) / 2)} ${f(y0 + 20)} ${f(x0)} ${f(y0)}`);
  }
  for (let i = 0; i + 1 < tips.length; i++) {
    for (let k = 0; k < 5; k++) {
      const [x0, y0] = tips[i][k];
      const [x1, y1] = tips[i + 1][k];
      const sag = 70 * pylons[i].s;
      cables.push(`M ${f(x0)} ${f(y0)} Q ${f((x0 + x1) / 2)} ${f((y0 + y1) / 2 + sag)} ${f(x1)} ${f(y1)}`);
    }
  }
  parts.push(`<path d="${cables.join(' ')}" stroke="${ink}" stroke-width="1.6" fill="none" opacity="0.9"/>`);
  // a few birds on the wing
  for (let i = 0; i < 5; i++) {
    const bx = between(rnd, 300, 700);
    const by = between(rnd, 150, 300);
    const s = between(rnd, 5, 9);
    parts.push(`<path d="M ${f(bx - s)} ${f(by)} q ${f(s / 2)} ${f(-s / 2)} ${f(s)} 0 q ${f(s / 2)} ${f(-s / 2)} ${f(s)} 0" stroke="${ink}" stroke-width="1.6" fill="none"/>`);
  }
  return svg(parts.join('\n'), defs);
}

// ------------------------------------------------ 3. theatre stage

function theatreStage() {
  const rnd = prng(2011);
  const floorTop = 540;
  const defs = [
    linear('wall', [
      [0, '#120a10'],
      [1, '#2a161c'],
    ]),
    linear('fold', [
      [0, '#3d0710'],
      [0.35, '#a3182a'],
      [0.5, '#c92a3a'],
      [0.7, '#7a0f1e'],
      [1, '#34050d'],
    ], { x1: 0, y1: 0, x2: 1, y2: 0 }),
    linear('floor', [
      [0, '#6b4527'],
      [1, '#1f130b'],
    ]),
    linear('beam', [
      [0, '#fff6dc', 0.55],
      [1, '#fff6dc', 0.04],
    ]),
    linear('beamBlue', [
      [0, '#bcd4ff', 0.45],
      [1, '#bcd4ff', 0.03],
    ]),
    radial('pool', [
      [0, '#fff2cf', 0.85],
      [0.6, '#ffd99a', 0.35],
      [1, '#ffd99a', 0],
    ]),
    radial('poolBlue', [
      [0, '#cfe0ff', 0.6],
      [1, '#cfe0ff', 0],
    ]),
    linear('pit', [
      [0, '#3a2418'],
      [1, '#120a0c'],
    ]),
    blur('b8', 8),
    blur('b3', 3),
  ].join('');

  const parts = [];
  parts.push(`<rect width="${W}" height="${H}" fill="#07040a"/>`);
  parts.push(`<rect x="150" y="60" width="900" height="${floorTop - 60}" fill="url(#wall)"/>`);
  // stage floor in perspective with planks
  parts.push(`<path d="M 150 ${floorTop} L 1050 ${floorTop} L ${W + 120} 700 L -120 700 Z" fill="url(#floor)"/>`);
  const vp = [600, 200];
  const planks = [];
  for (let i = 0; i <= 24; i++) {
    const xb = -120 + (i * (W + 240)) / 24;
    const t = (floorTop - vp[1]) / (700 - vp[1]);
    const xt = vp[0] + (xb - vp[0]) * t;
    planks.push(`M ${f(xt)} ${floorTop} L ${f(xb)} 700`);
  }
  parts.push(`<path d="${planks.join(' ')}" stroke="#140b06" stroke-width="1.5" opacity="0.6"/>`);
  // stage edge
  parts.push(`<rect x="-10" y="700" width="${W + 20}" height="14" fill="#2c1a10"/><rect x="-10" y="714" width="${W + 20}" height="${H - 714}" fill="url(#pit)"/>`);

  // light pools on the floor and beams from above
  parts.push(`<ellipse cx="600" cy="610" rx="230" ry="60" fill="url(#pool)"/>`);
  parts.push(`<ellipse cx="330" cy="600" rx="140" ry="38" fill="url(#poolBlue)"/>`);
  parts.push(`<ellipse cx="880" cy="595" rx="130" ry="34" fill="url(#pool)" opacity="0.6"/>`);
  parts.push(`<g filter="url(#b8)">
    <path d="M 560 -10 L 640 -10 L 830 610 L 370 610 Z" fill="url(#beam)"/>
    <path d="M 170 -10 L 220 -10 L 470 600 L 190 600 Z" fill="url(#beamBlue)"/>
    <path d="M 1010 -10 L 1050 -10 L 1010 595 L 750 595 Z" fill="url(#beam)" opacity="0.55"/>
  </g>`);
  // dust in the main beam
  for (let i = 0; i < 90; i++) {
    const y = between(rnd, 30, 590);
    const half = 40 + (y / 610) * 190;
    const x = 600 + between(rnd, -half, half);
    parts.push(`<circle cx="${f(x)}" cy="${f(y)}" r="${f(between(rnd, 0.6, 1.8))}" fill="#fff" opacity="${f(between(rnd, 0.15, 0.6))}"/>`);
  }
  // set: wooden platform, chairs, a standing figure
  parts.push(`<rect x="470" y="545" width="260" height="36" fill="#3b2616"/><rect x="470" y="545" width="260" height="6" fill="#8b6238"/>`);
  const chair = (cx, base, s, flip = 1) =>
    `<path d="M ${f(cx - 18 * s)} ${f(base)} L ${f(cx - 18 * s)} ${f(base - 40 * s)} L ${f(cx + 18 * s)} ${f(base - 40 * s)} L ${f(cx + 18 * s)} ${f(base)} M ${f(cx - 18 * s * flip)} ${f(base - 40 * s)} L ${f(cx - 18 * s * flip)} ${f(base - 85 * s)}" stroke="#0b0608" stroke-width="${f(5 * s)}" fill="none"/><rect x="${f(cx - 21 * s)}" y="${f(base - 44 * s)}" width="${f(42 * s)}" height="${f(7 * s)}" fill="#0b0608"/>`;
  parts.push(chair(330, 600, 1.1, 1));
  parts.push(chair(850, 592, 1.0, -1));
  parts.push(chair(520, 546, 0.9, 1));
  // figure (silhouette) in the central light
  parts.push(`<g fill="#0a0608">
    <circle cx="640" cy="396" r="14"/>
    <rect x="635" y="406" width="10" height="14"/>
    <path d="M 616 428 Q 616 418 628 417 L 652 417 Q 664 418 664 428 L 658 484 L 622 484 Z"/>
    <path d="M 623 480 L 640 480 L 637 546 L 627 546 Z"/>
    <path d="M 640 480 L 657 480 L 654 546 L 644 546 Z"/>
    <ellipse cx="630" cy="547" rx="9" ry="3.5"/>
    <ellipse cx="650" cy="547" rx="9" ry="3.5"/>
    <path d="M 617 424 L 609 428 L 603 486 L 611 488 L 622 440 Z"/>
    <path d="M 660 421 L 667 428 L 699 403 L 694 396 Z"/>
    <circle cx="699" cy="398" r="5.5"/>
  </g>`);
  // curtains: side drapes made of folds, valance with scallops
  const drape = (x0, x1, bottomSkew) => {
    const folds = [];
    const n = 7;
    const w = (x1 - x0) / n;
    for (let i = 0; i < n; i++) {
      const fx = x0 + i * w;
      const sk = bottomSkew * (i / n);
      folds.push(`<path d="M ${f(fx)} 0 L ${f(fx + w + 1)} 0 L ${f(fx + w + 1 + sk)} ${H} L ${f(fx + sk)} ${H} Z" fill="url(#fold)"/>`);
    }
    return folds.join('');
  };
  parts.push(drape(-10, 170, -40));
  parts.push(drape(1030, 1210, 40));
  let val = `M -10 0 L ${W + 10} 0 L ${W + 10} 70`;
  for (let x = W + 10; x > -10; x -= 60) {
    val += ` Q ${f(x - 30)} 118 ${f(x - 60)} 70`;
  }
  val += ' Z';
  parts.push(`<path d="${val}" fill="#8e1424"/>`);
  parts.push(`<path d="${val}" fill="none" stroke="#d8a84a" stroke-width="3" opacity="0.8"/>`);
  // audience silhouettes in the foreground
  const heads = [];
  for (let row = 0; row < 2; row++) {
    const y = 762 + row * 34;
    const r = 26 + row * 6;
    for (let x = -20 + row * 35 + rnd() * 20; x < W + 40; x += between(rnd, 70, 90)) {
      heads.push(`<circle cx="${f(x)}" cy="${f(y - r)}" r="${f(r * between(rnd, 0.85, 1.05))}"/><ellipse cx="${f(x)}" cy="${f(y + r * 0.9)}" rx="${f(r * 1.9)}" ry="${f(r * 1.2)}"/>`);
    }
  }
  parts.push(`<g fill="#030204">${heads.join('')}</g>`);
  return svg(parts.join('\n'), defs);
}

// --------------------------------------------- 4. laboratory flask

function laboratory() {
  const rnd = prng(2145);
  const table = 590;
  const defs = [
    linear('bg', [
      [0, '#18323f'],
      [1, '#0c1c25'],
    ]),
    linear('light', [
      [0, '#d7f3ff', 0.28],
      [1, '#d7f3ff', 0],
    ], { x1: 0, y1: 0, x2: 1, y2: 1 }),
    linear('bench', [
      [0, '#dfe6ea'],
      [0.15, '#b9c4ca'],
      [1, '#5f6d75'],
    ]),
    linear('liquid', [
      [0, '#3de0c0'],
      [1, '#07806e'],
    ]),
    linear('amber', [
      [0, '#ffc857'],
      [1, '#c9731c'],
    ]),
    linear('glass', [
      [0, '#ffffff', 0.06],
      [0.2, '#ffffff', 0.25],
      [0.35, '#ffffff', 0.05],
      [0.85, '#ffffff', 0.1],
      [1, '#ffffff', 0.3],
    ], { x1: 0, y1: 0, x2: 1, y2: 0 }),
    radial('glowTeal', [
      [0, '#3de0c0', 0.45],
      [1, '#3de0c0', 0],
    ]),
    `<clipPath id="flaskClip"><path d="M 565 300 L 565 390 L 440 ${table - 14} Q 436 ${table} 452 ${table} L 748 ${table} Q 764 ${table} 760 ${table - 14} L 635 390 L 635 300 Z"/></clipPath>`,
    `<clipPath id="beakerClip"><rect x="232" y="410" width="150" height="${table - 410}" rx="6"/></clipPath>`,
    blur('b2', 2),
    blur('b10', 10),
  ].join('');

  const parts = [];
  parts.push(`<rect width="${W}" height="${H}" fill="url(#bg)"/>`);
  // wall tiles
  const tiles = [];
  for (let y = 40; y < table; y += 60) tiles.push(`M 0 ${y} L ${W} ${y}`);
  for (let x = 0; x < W; x += 60) tiles.push(`M ${x} 0 L ${x} ${table}`);
  parts.push(`<path d="${tiles.join(' ')}" stroke="#2b4a58" stroke-width="1.5" opacity="0.6"/>`);
  // window light
  parts.push(`<path d="M 0 0 L 520 0 L 980 ${table} L 300 ${table} Z" fill="url(#light)" filter="url(#b10)"/>`);
  // shelf with bottles
  parts.push(`<rect x="760" y="170" width="420" height="10" fill="#0b161c"/>`);
  for (let i = 0; i < 7; i++) {
    const bx = 780 + i * 56 + rnd() * 8;
    const bh = between(rnd, 50, 90);
    const col = pick(rnd, ['#2f6f83', '#56443a', '#3f5f4a', '#7a5a2a', '#465a86']);
    parts.push(`<rect x="${f(bx)}" y="${f(170 - bh)}" width="30" height="${f(bh)}" rx="5" fill="${col}" opacity="0.9"/><rect x="${f(bx + 9)}" y="${f(170 - bh - 12)}" width="12" height="14" fill="#0b161c"/><rect x="${f(bx + 4)}" y="${f(170 - bh + 6)}" width="4" height="${f(bh - 14)}" fill="#fff" opacity="0.18"/>`);
  }
  // bench
  parts.push(`<rect x="0" y="${table}" width="${W}" height="${H - table}" fill="url(#bench)"/>`);
  parts.push(`<rect x="0" y="${table}" width="${W}" height="4" fill="#f4f8fa"/>`);

  // beaker with amber liquid (left)
  parts.push(`<g clip-path="url(#beakerClip)"><rect x="232" y="480" width="150" height="${table - 480}" fill="url(#amber)" opacity="0.9"/><rect x="232" y="476" width="150" height="6" fill="#ffe3a1" opacity="0.8"/></g>`);
  parts.push(`<path d="M 226 404 L 232 410 L 232 ${table - 6} Q 232 ${table} 238 ${table} L 376 ${table} Q 382 ${table} 382 ${table - 6} L 382 410 L 388 404" fill="url(#glass)" stroke="#e9f7ff" stroke-width="3" stroke-opacity="0.8"/>`);
  for (let k = 0; k < 5; k++) parts.push(`<path d="M 350 ${460 + k * 22} L 376 ${460 + k * 22}" stroke="#e9f7ff" stroke-width="2" opacity="0.6"/>`);
  // glass stirring rod
  parts.push(`<path d="M 300 ${table - 10} L 350 360" stroke="#e9f7ff" stroke-width="5" stroke-linecap="round" opacity="0.5"/>`);

  // the flask: glow, liquid, bubbles, glass
  parts.push(`<ellipse cx="600" cy="${table - 60}" rx="260" ry="140" fill="url(#glowTeal)"/>`);
  parts.push(`<g clip-path="url(#flaskClip)">
    <rect x="420" y="470" width="360" height="${table - 470}" fill="url(#liquid)"/>
    <ellipse cx="600" cy="470" rx="120" ry="7" fill="#8ff5e0" opacity="0.9"/>
  </g>`);
  const bubbles = [];
  for (let i = 0; i < 26; i++) {
    const by = between(rnd, 480, table - 18);
    const half = 40 + ((by - 390) / (table - 390)) * 140;
    const bx = 600 + between(rnd, -half, half) * 0.8;
    const r = between(rnd, 2, 7);
    bubbles.push(`<circle cx="${f(bx)}" cy="${f(by)}" r="${f(r)}" fill="#d8fff6" fill-opacity="0.25" stroke="#e6fffa" stroke-width="1.2" stroke-opacity="0.8"/>`);
  }
  for (let i = 0; i < 6; i++) {
    bubbles.push(`<circle cx="${f(600 + between(rnd, -20, 20))}" cy="${f(between(rnd, 320, 450))}" r="${f(between(rnd, 2, 4))}" fill="none" stroke="#e6fffa" stroke-width="1" opacity="0.6"/>`);
  }
  parts.push(`<g clip-path="url(#flaskClip)">${bubbles.join('')}</g>`);
  const flask = `M 565 300 L 565 390 L 440 ${table - 14} Q 436 ${table} 452 ${table} L 748 ${table} Q 764 ${table} 760 ${table - 14} L 635 390 L 635 300`;
  parts.push(`<path d="${flask}" fill="url(#glass)" stroke="#eaf8ff" stroke-width="4" stroke-opacity="0.85" stroke-linejoin="round"/>`);
  parts.push(`<rect x="556" y="290" width="88" height="14" rx="5" fill="none" stroke="#eaf8ff" stroke-width="4" opacity="0.85"/>`);
  parts.push(`<path d="M 578 320 L 578 395 L 480 ${table - 30}" stroke="#ffffff" stroke-width="6" stroke-linecap="round" fill="none" opacity="0.35" filter="url(#b2)"/>`);
  // wisps of vapour above the neck
  parts.push(`<path d="M 600 285 C 570 250 630 220 600 180 C 575 150 620 120 605 90" stroke="#cfeee8" stroke-width="10" fill="none" opacity="0.18" filter="url(#b10)"/>`);

  // test-tube rack (right) with blue and yellow samples
  parts.push(`<rect x="840" y="500" width="250" height="14" fill="#2a3b44"/><rect x="840" y="570" width="250" height="14" fill="#2a3b44"/><rect x="848" y="514" width="10" height="${table - 514}" fill="#2a3b44"/><rect x="1072" y="514" width="10" height="${table - 514}" fill="#2a3b44"/>`);
  const tubeCols = ['#2f7de1', '#f2c94c', '#2f7de1', '#f2c94c', '#3de0c0'];
  tubeCols.forEach((col, i) => {
    const tx = 872 + i * 42;
    const level = between(rnd, 470, 520);
    parts.push(`<rect x="${tx}" y="${f(level)}" width="22" height="${f(575 - level)}" rx="11" fill="${col}" opacity="0.85"/>`);
    parts.push(`<rect x="${tx}" y="400" width="22" height="178" rx="11" fill="url(#glass)" stroke="#eaf8ff" stroke-width="2.5" stroke-opacity="0.8"/>`);
  });
  // a cylindrical battery cell lying on the bench
  parts.push(`<g transform="translate(120 ${table + 70}) rotate(-8)">
    <rect x="0" y="0" width="190" height="54" rx="10" fill="#1e6b55"/>
    <rect x="0" y="0" width="190" height="16" rx="8" fill="#3a9c7f" opacity="0.7"/>
    <rect x="190" y="14" width="12" height="26" rx="3" fill="#c7d0d5"/>
    <rect x="40" y="0" width="6" height="54" fill="#0f3e31"/>
  </g>`);
  parts.push(`<ellipse cx="215" cy="${table + 132}" rx="120" ry="10" fill="#000" opacity="0.18" filter="url(#b10)"/>`);
  // reflection of the glowing flask on the bench
  parts.push(`<ellipse cx="600" cy="${table + 30}" rx="180" ry="18" fill="#3de0c0" opacity="0.25" filter="url(#b10)"/>`);
  return svg(parts.join('\n'), defs);
}

// ----------------------------------------- 5. football pitch at night

function footballPitch() {
  const rnd = prng(2221);
  const far = 400; // far touchline y
  const near = 860; // near touchline y (below the frame)
  const farL = 90;
  const farR = 1110;
  const nearL = -520;
  const nearR = 1720;
  // map pitch coordinates u (0..1 along the length) and v (0 far .. 1 near)
  const P = (u, v) => {
    const y = far + (near - far) * v;
    const xl = farL + (nearL - farL) * v;
    const xr = farR + (nearR - farR) * v;
    return [xl + (xr - xl) * u, y];
  };
  const pt = (u, v) => P(u, v).map(f).join(' ');
  const defs = [
    linear('sky', [
      [0, '#030818'],
      [1, '#16284f'],
    ]),
    linear('grass', [
      [0, '#2e7d32'],
      [1, '#1b5e20'],
    ]),
    radial('flood', [
      [0, '#ffffff', 0.95],
      [0.08, '#f3f7ff', 0.6],
      [0.4, '#c6d8ff', 0.12],
      [1, '#c6d8ff', 0],
    ]),
    radial('vignette', [
      [0.6, '#000', 0],
      [1, '#000', 0.45],
    ], { r: 0.75 }),
    blur('b1', 1.2),
    blur('b6', 6),
  ].join('');

  const parts = [];
  parts.push(`<rect width="${W}" height="${H}" fill="url(#sky)"/>`);
  // stands: a dark bowl with a crowd of coloured dots and a roof edge
  parts.push(`<path d="M -20 160 Q 600 120 1220 160 L 1220 ${far + 10} L -20 ${far + 10} Z" fill="#0d1326"/>`);
  const crowd = [];
  for (let i = 0; i < 1400; i++) {
    const x = rnd() * W;
    const y = between(rnd, 175, far - 30) + 10 * Math.sin(x / 200);
    crowd.push(`<circle cx="${f(x)}" cy="${f(y)}" r="${f(between(rnd, 1.5, 2.8))}" fill="${pick(rnd, ['#ffd34d', '#2f7de1', '#e8eef8', '#1f9d55', '#ffd34d', '#2f7de1', '#5a6478', '#c43c3c'])}" opacity="${f(between(rnd, 0.45, 0.9))}"/>`);
  }
  parts.push(`<g filter="url(#b1)">${crowd.join('')}</g>`);
  parts.push(`<path d="M -20 150 Q 600 110 1220 150 L 1220 170 Q 600 130 -20 170 Z" fill="#1c2540"/>`);
  // advertising boards (plain colour strips, no lettering)
  parts.push(`<rect x="-20" y="${far - 26}" width="${W + 40}" height="22" fill="#0f3d91"/>`);
  for (let x = 0; x < W; x += 200) parts.push(`<rect x="${x + 10}" y="${far - 22}" width="170" height="14" rx="3" fill="${x % 400 ? '#ffd34d' : '#e8eef8'}" opacity="0.85"/>`);

  // pitch with mowing stripes (along the length, converging)
  parts.push(`<path d="M ${pt(-0.3, 0)} L ${pt(1.3, 0)} L ${pt(1.3, 1)} L ${pt(-0.3, 1)} Z" fill="#1f6a2a"/>`);
  const stripes = [];
  const n = 16;
  for (let i = -4; i < n + 4; i += 2) {
    const u0 = i / n;
    const u1 = (i + 1) / n;
    stripes.push(`M ${pt(u0, 0)} L ${pt(u1, 0)} L ${pt(u1, 1)} L ${pt(u0, 1)} Z`);
  }
  parts.push(`<path d="${stripes.join(' ')}" fill="#2f8a3a"/>`);
  // touchlines and markings (u: 0..1 = goal line to goal line; v 0.02..0.98)
  const m = [];
  const v0 = 0.02;
  const v1 = 0.9;
  m.push(`M ${pt(0.02, v0)} L ${pt(0.98, v0)} L ${pt(0.98, v1)} L ${pt(0.02, v1)} Z`);
  m.push(`M ${pt(0.5, v0)} L ${pt(0.5, v1)}`);
  const vm = (v0 + v1) / 2;
  // penalty areas
  for (const side of [0, 1]) {
    const ug = side ? 0.98 : 0.02;
    const ub = side ? 0.98 - 0.16 : 0.02 + 0.16;
    const us = side ? 0.98 - 0.055 : 0.02 + 0.055;
    m.push(`M ${pt(ug, vm - 0.24)} L ${pt(ub, vm - 0.24)} L ${pt(ub, vm + 0.24)} L ${pt(ug, vm + 0.24)}`);
    m.push(`M ${pt(ug, vm - 0.1)} L ${pt(us, vm - 0.1)} L ${pt(us, vm + 0.1)} L ${pt(ug, vm + 0.1)}`);
  }
  parts.push(`<path d="${m.join(' ')}" stroke="#eef6ee" stroke-width="4" fill="none" opacity="0.9" stroke-linejoin="round"/>`);
  // centre circle as a polygon in pitch space
  const circle = [];
  for (let a = 0; a <= 64; a++) {
    const th = (a / 64) * Math.PI * 2;
    circle.push(pt(0.5 + 0.085 * Math.cos(th), vm + 0.17 * Math.sin(th)));
  }
  parts.push(`<path d="M ${circle.join(' L ')} Z" stroke="#eef6ee" stroke-width="4" fill="none" opacity="0.9"/>`);
  const [cx, cy] = P(0.5, vm);
  parts.push(`<circle cx="${f(cx)}" cy="${f(cy)}" r="5" fill="#eef6ee"/>`);
  // goals (simple white frames at both ends)
  for (const side of [0, 1]) {
    const ug = side ? 0.98 : 0.02;
    const [ax, ay] = P(ug, vm - 0.045);
    const [bx, by] = P(ug, vm + 0.045);
    const hgt = 34 + (by - far) * 0.09;
    parts.push(`<path d="M ${f(ax)} ${f(ay)} L ${f(ax)} ${f(ay - hgt)} L ${f(bx)} ${f(by - hgt)} L ${f(bx)} ${f(by)}" stroke="#ffffff" stroke-width="4" fill="none"/>`);
    parts.push(`<path d="M ${f(ax)} ${f(ay - hgt)} L ${f(bx)} ${f(by - hgt)} L ${f(bx + (side ? 30 : -30))} ${f(by)} L ${f(ax + (side ? 22 : -22))} ${f(ay)} Z" fill="#ffffff" opacity="0.12"/>`);
  }
  // players lining up in two colours
  const player = (x, y, s, shirt, shorts) =>
    `<g><ellipse cx="${f(x)}" cy="${f(y + 2)}" rx="${f(10 * s)}" ry="${f(3 * s)}" fill="#000" opacity="0.35"/>` +
    `<rect x="${f(x - 4 * s)}" y="${f(y - 22 * s)}" width="${f(3 * s)}" height="${f(22 * s)}" fill="#e7c3a0"/><rect x="${f(x + 1 * s)}" y="${f(y - 22 * s)}" width="${f(3 * s)}" height="${f(22 * s)}" fill="#e7c3a0"/>` +
    `<rect x="${f(x - 6 * s)}" y="${f(y - 32 * s)}" width="${f(12 * s)}" height="${f(11 * s)}" fill="${shorts}"/>` +
    `<rect x="${f(x - 7 * s)}" y="${f(y - 54 * s)}" width="${f(14 * s)}" height="${f(23 * s)}" rx="${f(3 * s)}" fill="${shirt}"/>` +
    `<circle cx="${f(x)}" cy="${f(y - 60 * s)}" r="${f(6 * s)}" fill="#e7c3a0"/></g>`;
  const line = [];
  for (let i = 0; i < 11; i++) {
    const u = 0.36 + i * 0.013;
    const [x, y] = P(u, 0.2);
    line.push(player(x, y, 0.95, '#ffd34d', '#2f6fd6'));
  }
  for (let i = 0; i < 11; i++) {
    const u = 0.515 + i * 0.013;
    const [x, y] = P(u, 0.2);
    line.push(player(x, y, 0.95, '#f4f4f4', '#1f9d55'));
  }
  parts.push(line.join(''));
  // the ball on the centre spot's near side
  const [bx, by] = P(0.5, vm + 0.05);
  parts.push(`<ellipse cx="${f(bx + 4)}" cy="${f(by + 10)}" rx="16" ry="5" fill="#000" opacity="0.35"/>`);
  parts.push(`<circle cx="${f(bx)}" cy="${f(by)}" r="13" fill="#fafafa"/><path d="M ${f(bx - 4)} ${f(by - 5)} l 8 0 l 3 7 l -7 5 l -7 -5 Z" fill="#1a1a1a"/><path d="M ${f(bx - 13)} ${f(by + 1)} l 5 -2 l 2 7 l -4 3 Z M ${f(bx + 13)} ${f(by + 1)} l -5 -2 l -2 7 l 4 3 Z" fill="#1a1a1a"/>`);

  // floodlight masts with glow
  for (const [x, tilt] of [[70, 1], [1130, -1]]) {
    parts.push(`<path d="M ${x} 420 L ${x + 8 * tilt} 70" stroke="#0a0f1e" stroke-width="10"/>`);
    parts.push(`<g transform="translate(${x + 8 * tilt - 60} 30)"><rect width="120" height="56" fill="#0a0f1e"/>`);
    const lamps = [];
    for (let r = 0; r < 3; r++) for (let c = 0; c < 6; c++) lamps.push(`<rect x="${6 + c * 19}" y="${5 + r * 17}" width="14" height="12" rx="2" fill="#f8fbff"/>`);
    parts.push(lamps.join('') + '</g>');
    parts.push(`<circle cx="${x + 8 * tilt}" cy="58" r="330" fill="url(#flood)"/>`);
  }
  parts.push(`<rect width="${W}" height="${H}" fill="url(#vignette)"/>`);
  return svg(parts.join('\n'), defs);
}

// --------------------------------------------- 6. three flags on poles

function flags() {
  const rnd = prng(2409);
  const defs = [
    linear('sky', [
      [0, '#3f7ec4'],
      [0.6, '#8dbbe8'],
      [1, '#d8e9f7'],
    ]),
    linear('stone', [
      [0, '#e9e1d2'],
      [1, '#bfb3a0'],
    ]),
    linear('pole', [
      [0, '#8a8f96'],
      [0.4, '#f3f5f7'],
      [1, '#6d737a'],
    ], { x1: 0, y1: 0, x2: 1, y2: 0 }),
    blur('cloud', 14),
  ].join('');

  const parts = [];
  parts.push(`<rect width="${W}" height="${H}" fill="url(#sky)"/>`);
  // clouds
  for (let i = 0; i < 9; i++) {
    const cx = between(rnd, -50, W + 50);
    const cy = between(rnd, 60, 330);
    const g = [];
    for (let k = 0; k < 5; k++) {
      g.push(`<ellipse cx="${f(cx + between(rnd, -90, 90))}" cy="${f(cy + between(rnd, -18, 18))}" rx="${f(between(rnd, 50, 110))}" ry="${f(between(rnd, 22, 40))}"/>`);
    }
    parts.push(`<g fill="#ffffff" opacity="${f(between(rnd, 0.45, 0.8))}" filter="url(#cloud)">${g.join('')}</g>`);
  }
  // classical building behind: pediment, columns, steps
  const top = 470;
  parts.push(`<path d="M 120 ${top} L 600 ${top - 95} L 1080 ${top} Z" fill="#ded5c4"/><path d="M 170 ${top - 8} L 600 ${top - 84} L 1030 ${top - 8} Z" fill="#cfc5b2"/>`);
  parts.push(`<rect x="100" y="${top}" width="1000" height="26" fill="#e6ddcd"/>`);
  parts.push(`<rect x="110" y="${top + 26}" width="980" height="${H - top - 26}" fill="url(#stone)"/>`);
  for (let i = 0; i < 10; i++) {
    const x = 140 + i * 100;
    parts.push(`<rect x="${x}" y="${top + 40}" width="42" height="220" fill="#f3ede2"/><rect x="${x + 4}" y="${top + 40}" width="8" height="220" fill="#ffffff" opacity="0.6"/><rect x="${x + 30}" y="${top + 40}" width="12" height="220" fill="#b9ad98" opacity="0.7"/><rect x="${x - 6}" y="${top + 28}" width="54" height="14" fill="#e8e0d0"/>`);
  }
  for (let i = 0; i < 9; i++) {
    const x = 186 + i * 100;
    parts.push(`<rect x="${x + 14}" y="${top + 80}" width="26" height="150" rx="13" fill="#5d5446" opacity="0.55"/>`);
  }
  for (let k = 0; k < 4; k++) {
    parts.push(`<rect x="${60 - k * 30}" y="${top + 262 + k * 18}" width="${1080 + k * 60}" height="18" fill="${k % 2 ? '#d6ccb9' : '#e4dbcb'}"/>`);
  }

  // flags, each a set of horizontal stripes deformed by a travelling wave
  const flag = (px, py, fw, fh, stripes, phase) => {
    const amp = 26;
    const k = 2 * Math.PI * 1.25;
    const off = (t) => amp * Math.sin(k * t + phase) * t; // vertical displacement grows away from the pole
    const xoff = (t) => -6 * (1 - Math.cos(k * t + phase)) * t; // horizontal bunching
    const N = 48;
    const edge = (yy) => {
      const pts = [];
      for (let i = 0; i <= N; i++) {
        const t = i / N;
        pts.push([px + t * fw + xoff(t), yy + off(t) + 8 * t * t]);
      }
      return pts;
    };
    const g = [];
    const n = stripes.length;
    for (let s = 0; s < n; s++) {
      const a = edge(py + (s * fh) / n);
      const b = edge(py + ((s + 1) * fh) / n).reverse();
      g.push(`<path d="M ${[...a, ...b].map(([x, y]) => `${f(x)} ${f(y)}`).join(' L ')} Z" fill="${stripes[s]}"/>`);
    }
    // light and shade along the folds
    const stops = [];
    for (let i = 0; i <= 16; i++) {
      const t = i / 16;
      const slope = Math.cos(k * t + phase);
      const op = Math.min(0.45, Math.abs(slope) * 0.35 * (0.3 + t));
      stops.push(`<stop offset="${f(t)}" stop-color="${slope > 0 ? '#ffffff' : '#000000'}" stop-opacity="${f(op)}"/>`);
    }
    const id = `shade${Math.round(px)}`;
    const outline = [...edge(py), ...edge(py + fh).reverse()];
    g.push(`<linearGradient id="${id}" gradientUnits="userSpaceOnUse" x1="${px}" y1="0" x2="${px + fw}" y2="0">${stops.join('')}</linearGradient>`);
    g.push(`<path d="M ${outline.map(([x, y]) => `${f(x)} ${f(y)}`).join(' L ')} Z" fill="url(#${id})"/>`);
    return { flag: g.join('') };
  };
  const poles = [
    { x: 300, stripes: ['#0057b7', '#ffd700'], phase: 0.3 },
    { x: 600, stripes: ['#ffffff', '#dc143c'], phase: 1.3 },
    { x: 900, stripes: ['#fdb913', '#006a44', '#c1272d'], phase: 2.2 },
  ];
  const drawn = poles.map((p) => flag(p.x + 6, 150, 250, 160, p.stripes, p.phase));
  for (const [i, p] of poles.entries()) {
    parts.push(`<rect x="${p.x - 5}" y="120" width="11" height="${H - 120}" fill="url(#pole)"/><circle cx="${p.x + 0.5}" cy="116" r="9" fill="#d8b24a"/>`);
    parts.push(drawn[i].flag);
  }
  return svg(parts.join('\n'), defs);
}

// ------------------------------------------------------------------- main

const scenes = [
  ['01-kyiv-tablo', kyivSkyline],
  ['03-energy-morozy', powerLines],
  ['05-teatr-brama', theatreStage],
  ['06-lviv-electrolyte', laboratory],
  ['07-lybid-hattrick', footballPitch],
  ['08-lublin-triangle', flags],
];

let failed = false;
for (const [base, draw] of scenes) {
  if (!existsSync(path.join(outDir, `${base}.txt`))) {
    console.warn(`warning: ${base}.txt not found in ${outDir}`);
  }
  const out = path.join(outDir, `${base}.jpg`);
  const info = await sharp(Buffer.from(draw()), { density: 72 })
    .resize(W, H)
    .flatten({ background: '#000000' })
    .jpeg({ quality: QUALITY, mozjpeg: true })
    .toFile(out);
  const kb = (info.size / 1024).toFixed(1);
  const ok = info.size <= MAX_BYTES;
  if (!ok) failed = true;
  console.log(`${ok ? 'ok ' : 'BIG'} ${path.relative(process.cwd(), out)} ${info.width}x${info.height} ${kb} KB`);
}
if (failed) {
  console.error(`some images exceed ${MAX_BYTES / 1024} KB`);
  process.exitCode = 1;
}
