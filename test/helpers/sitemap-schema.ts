/**
 * The rules of the sitemaps.org 0.9 schemas (sitemap.xsd for <urlset>, siteindex.xsd for
 * <sitemapindex>) and of Google's News sitemap schema (sitemap-news 0.9), checked in code. The
 * schema files themselves are not in the repository and cannot be fetched here, so their rules
 * are written out as they state them:
 *
 * - urlset: any elements of other namespaces, then one or more <url> (at most 50,000);
 *   url: <loc>, then optional <lastmod>, <changefreq>, <priority> in that order, then any
 *   elements of other namespaces; nothing else of the sitemap namespace, and no text.
 * - sitemapindex: any elements of other namespaces, then one or more <sitemap> (at most
 *   50,000); sitemap: <loc>, optional <lastmod>, then elements of other namespaces.
 * - loc: an absolute URI of 12 to 2,048 characters; lastmod: an xsd:date or xsd:dateTime;
 *   changefreq: always, hourly, daily, weekly, monthly, yearly or never; priority: 0.0 to 1.0.
 * - news:news: <publication> (<name>, <language>: an ISO 639 code of two or three letters,
 *   or zh-cn / zh-tw), optional <access> (Subscription or Registration) and <genres>, then
 *   <publication_date> (xsd:date or xsd:dateTime), <title>, optional <keywords> and
 *   <stock_tickers>, in that order.
 *
 * Every function returns the problems found, each saying where, so a failed assertion tells
 * what to fix; an empty list means valid.
 */

export const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
export const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';

export interface XmlElement {
  ns: string;
  local: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (not its children's), entities decoded. */
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    const c = ENTITIES[e];
    if (c === undefined) throw new Error(`unknown entity ${all}`);
    return c;
  });
}

/**
 * A namespace-aware tree of a document as we write them (declaration, elements, attributes in
 * double quotes, text): throws on anything malformed rather than guess.
 */
export function parseXml(xml: string): XmlElement {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: Array<{ el: XmlElement; scope: Map<string, string>; name: string }> = [];
  let root: XmlElement | null = null;
  for (const [token] of body.matchAll(/<[^>]*>|[^<]+/g)) {
    if (!token.startsWith('<')) {
      if (stack.length) stack.at(-1)!.el.text += decode(token);
      else if (token.trim()) throw new Error(`text outside the root: ${token.slice(0, 40)}`);
      continue;
    }
    const close = /^<\/([\w:.-]+)\s*>$/.exec(token);
    if (close) {
      const top = stack.pop();
      if (!top || top.name !== close[1]) throw new Error(`</${close[1]}> closes <${top?.name}>`);
      continue;
    }
    const open = /^<([\w:.-]+)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>$/.exec(token);
    if (!open) throw new Error(`malformed tag ${token.slice(0, 60)}`);
    const attrs: Record<string, string> = {};
    for (const [, k, v] of open[2]!.matchAll(/([\w:.-]+)="([^"]*)"/g)) attrs[k!] = decode(v!);
    const scope = new Map(stack.at(-1)?.scope ?? []);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'xmlns') scope.set('', v);
      else if (k.startsWith('xmlns:')) scope.set(k.slice(6), v);
    }
    const name = open[1]!;
    const [prefix, local] = name.includes(':') ? name.split(':') : ['', name];
    const ns = scope.get(prefix!);
    if (ns === undefined && prefix) throw new Error(`undeclared prefix in <${name}>`);
    const el: XmlElement = { ns: ns ?? '', local: local!, attrs, children: [], text: '' };
    if (stack.length) stack.at(-1)!.el.children.push(el);
    else if (root) throw new Error('a second root element');
    else root = el;
    if (!open[3]) stack.push({ el, scope, name });
  }
  if (stack.length) throw new Error(`<${stack.at(-1)!.name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}

const DATE = /^-?\d{4,}-(\d\d)-(\d\d)(Z|[+-](\d\d):(\d\d))?$/;
const DATE_TIME = /^-?\d{4,}-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-](\d\d):(\d\d))?$/;

/** xsd:date or xsd:dateTime, by their lexical rules and ranges. */
export function isXsdDateOrDateTime(s: string): boolean {
  const d = DATE.exec(s);
  const t = DATE_TIME.exec(s);
  const m = d ?? t;
  if (!m) return false;
  const [month, day] = [Number(m[1]), Number(m[2])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  if (t && (Number(t[3]) > 23 || Number(t[4]) > 59 || Number(t[5]) > 59)) return false;
  const zh = Number((d ? d[4] : t![8]) ?? 0);
  return zh <= 14;
}

function checkLoc(el: XmlElement, where: string, problems: string[]) {
  const v = el.text;
  if (el.children.length) problems.push(`${where}: <loc> holds elements`);
  if (v.length < 12 || v.length > 2048) problems.push(`${where}: <loc> of ${v.length} characters (12 to 2,048)`);
  try {
    if (!/^https?:$/.test(new URL(v).protocol)) problems.push(`${where}: <loc> ${v} is not http(s)`);
  } catch {
    problems.push(`${where}: <loc> ${v} is not an absolute URI`);
  }
}

function checkLastmod(el: XmlElement, where: string, problems: string[]) {
  if (!isXsdDateOrDateTime(el.text)) problems.push(`${where}: <lastmod>${el.text}</lastmod> is neither xsd:date nor xsd:dateTime`);
}

/**
 * Children of the sitemap namespace in the order given (each optional one at most once, the
 * required ones present), followed only by elements of other namespaces.
 */
function checkSequence(el: XmlElement, where: string, order: Array<[string, 'required' | 'optional']>, problems: string[]): Map<string, XmlElement> {
  const found = new Map<string, XmlElement>();
  let at = 0;
  let others = false;
  for (const c of el.children) {
    if (c.ns !== SITEMAP_NS) {
      others = true;
      continue;
    }
    if (others) problems.push(`${where}: <${c.local}> after an element of another namespace`);
    const i = order.findIndex(([n]) => n === c.local);
    if (i < 0) problems.push(`${where}: <${c.local}> is not allowed here`);
    else if (i < at || found.has(c.local)) problems.push(`${where}: <${c.local}> out of order or repeated`);
    else {
      found.set(c.local, c);
      at = i + 1;
    }
  }
  for (const [n, need] of order) if (need === 'required' && !found.has(n)) problems.push(`${where}: <${n}> is missing`);
  if (el.text.trim()) problems.push(`${where}: stray text ${el.text.trim().slice(0, 40)}`);
  return found;
}

/** The list of (1 to 50,000) entries of a root, after any elements of other namespaces. */
function checkEntries(root: XmlElement, entry: string, problems: string[]): XmlElement[] {
  const entries: XmlElement[] = [];
  for (const c of root.children) {
    if (c.ns === SITEMAP_NS && c.local === entry) entries.push(c);
    else if (c.ns === SITEMAP_NS) problems.push(`<${root.local}>: <${c.local}> is not allowed`);
    else if (entries.length) problems.push(`<${root.local}>: an element of another namespace after the first <${entry}>`);
  }
  if (entries.length === 0) problems.push(`<${root.local}> holds no <${entry}>: the schema requires at least one`);
  if (entries.length > 50_000) problems.push(`<${root.local}> holds ${entries.length} <${entry}>, more than 50,000`);
  if (root.text.trim()) problems.push(`<${root.local}>: stray text`);
  return entries;
}

/** sitemap.xsd, with the News extension's rules for every <news:news>. */
export function urlsetProblems(xml: string): string[] {
  const problems: string[] = [];
  const root = parseXml(xml);
  if (root.ns !== SITEMAP_NS || root.local !== 'urlset') return [`the root is {${root.ns}}${root.local}, not the sitemap namespace's urlset`];
  checkEntries(root, 'url', problems).forEach((url, i) => {
    const where = `url ${i + 1}`;
    const f = checkSequence(url, where, [['loc', 'required'], ['lastmod', 'optional'], ['changefreq', 'optional'], ['priority', 'optional']], problems);
    if (f.has('loc')) checkLoc(f.get('loc')!, where, problems);
    if (f.has('lastmod')) checkLastmod(f.get('lastmod')!, where, problems);
    const freq = f.get('changefreq')?.text;
    if (freq !== undefined && !['always', 'hourly', 'daily', 'weekly', 'monthly', 'yearly', 'never'].includes(freq)) problems.push(`${where}: changefreq ${freq}`);
    const priority = f.get('priority')?.text;
    if (priority !== undefined && !(/^\d*(\.\d*)?$/.test(priority) && Number(priority) >= 0 && Number(priority) <= 1)) problems.push(`${where}: priority ${priority}`);
    for (const news of url.children.filter((c) => c.ns === NEWS_NS)) newsProblems(news, where, problems);
  });
  return problems;
}

/** siteindex.xsd. */
export function sitemapIndexProblems(xml: string): string[] {
  const problems: string[] = [];
  const root = parseXml(xml);
  if (root.ns !== SITEMAP_NS || root.local !== 'sitemapindex') return [`the root is {${root.ns}}${root.local}, not the sitemap namespace's sitemapindex`];
  checkEntries(root, 'sitemap', problems).forEach((s, i) => {
    const where = `sitemap ${i + 1}`;
    const f = checkSequence(s, where, [['loc', 'required'], ['lastmod', 'optional']], problems);
    if (f.has('loc')) checkLoc(f.get('loc')!, where, problems);
    if (f.has('lastmod')) checkLastmod(f.get('lastmod')!, where, problems);
  });
  return problems;
}

const NEWS_ORDER: Array<[string, boolean]> = [['publication', true], ['access', false], ['genres', false], ['publication_date', true], ['title', true], ['keywords', false], ['stock_tickers', false]];

function newsProblems(news: XmlElement, at: string, problems: string[]) {
  const where = `${at} news:${news.local}`;
  if (news.local !== 'news') return void problems.push(`${where}: only <news:news> may stand in a <url>`);
  const names = news.children.map((c) => (c.ns === NEWS_NS ? c.local : `{${c.ns}}${c.local}`));
  const expected = NEWS_ORDER.filter(([n, required]) => required || names.includes(n)).map(([n]) => n);
  if (names.join(' ') !== expected.join(' ')) problems.push(`${where}: children ${names.join(', ')}; the schema's order is ${expected.join(', ')}`);
  const child = (n: string) => news.children.find((c) => c.ns === NEWS_NS && c.local === n);
  const pub = child('publication');
  if (pub) {
    const parts = pub.children.map((c) => c.local).join(' ');
    if (parts !== 'name language' || pub.children.some((c) => c.ns !== NEWS_NS)) problems.push(`${where}: <publication> holds ${parts}, not name and language`);
    const lang = pub.children.find((c) => c.local === 'language')?.text ?? '';
    if (!/^(zh-cn|zh-tw|[a-z]{2,3})$/.test(lang)) problems.push(`${where}: language ${lang} is not an ISO 639 code`);
    if (!pub.children.find((c) => c.local === 'name')?.text) problems.push(`${where}: an empty publication name`);
  }
  const access = child('access')?.text;
  if (access !== undefined && !['Subscription', 'Registration'].includes(access)) problems.push(`${where}: access ${access}`);
  const date = child('publication_date')?.text;
  if (date !== undefined && !isXsdDateOrDateTime(date)) problems.push(`${where}: publication_date ${date}`);
  if (child('title') && !child('title')!.text) problems.push(`${where}: an empty title`);
}
