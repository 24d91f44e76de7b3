/**
 * The shapes Google's structured-data documentation asks of the JSON-LD we write, checked in
 * code (its Rich Results Test is an online service): Article (NewsArticle), BreadcrumbList,
 * WebSite with a SearchAction, and the Organization with its logo. Each function returns the
 * problems found, each saying where; an empty list means the node has the expected shape.
 */

type Node = Record<string, any>;

/** ISO 8601 as schema.org Date or DateTime: a day alone, or a time with a time zone (Google asks for the zone). */
export const ISO_DATE_OR_DATETIME = /^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d))?$/;

const isAbsoluteUrl = (v: unknown): v is string => {
  if (typeof v !== 'string') return false;
  try {
    return /^https?:$/.test(new URL(v).protocol);
  } catch {
    return false;
  }
};

function text(problems: string[], node: Node, key: string, where: string) {
  if (typeof node[key] !== 'string' || !node[key].trim()) problems.push(`${where}: ${key} must be a non-empty text`);
}

function imageObject(problems: string[], img: unknown, where: string) {
  const i = img as Node;
  if (!i || i['@type'] !== 'ImageObject') return void problems.push(`${where}: not an ImageObject`);
  if (!isAbsoluteUrl(i.url)) problems.push(`${where}: url must be absolute`);
  if (!Number.isInteger(i.width) || !Number.isInteger(i.height) || i.width <= 0 || i.height <= 0) problems.push(`${where}: width and height must be positive integers`);
}

/** Google's Organization logo: an image of at least 112 × 112 px, its URL crawlable. */
export function organizationProblems(org: Node, where = 'publisher'): string[] {
  const problems: string[] = [];
  if (!['Organization', 'NewsMediaOrganization'].includes(org?.['@type'])) problems.push(`${where}: @type ${org?.['@type']}`);
  text(problems, org, 'name', where);
  if (!isAbsoluteUrl(org.url)) problems.push(`${where}: url must be absolute`);
  imageObject(problems, org.logo, `${where}.logo`);
  if (org.logo && (org.logo.width < 112 || org.logo.height < 112)) problems.push(`${where}.logo: smaller than 112 × 112`);
  return problems;
}

/**
 * Article: headline, image (ImageObjects, each at least 50,000 pixels), datePublished and
 * dateModified in ISO 8601, authors as Person with name and url, isBasedOn a URL if present.
 */
export function articleProblems(a: Node): string[] {
  const problems: string[] = [];
  if (!['Article', 'NewsArticle', 'BlogPosting'].includes(a['@type'])) problems.push(`@type ${a['@type']}`);
  text(problems, a, 'headline', 'article');
  for (const key of ['datePublished', 'dateModified']) {
    if (typeof a[key] !== 'string' || !ISO_DATE_OR_DATETIME.test(a[key])) problems.push(`${key} ${a[key]} is not ISO 8601 with a time zone, nor a day alone`);
  }
  if (typeof a.datePublished === 'string' && typeof a.dateModified === 'string' && Date.parse(a.dateModified) < Date.parse(a.datePublished)) problems.push('dateModified before datePublished');
  if (!Array.isArray(a.author) || a.author.length === 0) problems.push('author: a list of at least one');
  for (const [i, p] of (a.author ?? []).entries()) {
    if (p['@type'] !== 'Person') problems.push(`author ${i}: @type ${p['@type']}`);
    text(problems, p, 'name', `author ${i}`);
    if (!isAbsoluteUrl(p.url)) problems.push(`author ${i}: url must be absolute`);
  }
  if (a.image !== undefined) {
    if (!Array.isArray(a.image)) problems.push('image: a list');
    for (const [i, img] of (a.image ?? []).entries()) {
      imageObject(problems, img, `image ${i}`);
      if (img.width * img.height < 50_000) problems.push(`image ${i}: ${img.width} × ${img.height} is under 50,000 pixels`);
    }
  }
  if (a.isBasedOn !== undefined && !isAbsoluteUrl(a.isBasedOn)) problems.push(`isBasedOn ${a.isBasedOn} is not a URL`);
  if (a.publisher !== undefined) problems.push(...organizationProblems(a.publisher));
  if (a.mainEntityOfPage && !isAbsoluteUrl(a.mainEntityOfPage['@id'])) problems.push('mainEntityOfPage: @id must be the page URL');
  if (a.citation !== undefined) {
    if (!Array.isArray(a.citation) || !a.citation.length) problems.push('citation: a non-empty list');
    for (const [i, c] of (a.citation ?? []).entries()) problems.push(...socialPostingProblems(c, `citation ${i}`));
  }
  return problems;
}

/**
 * A quoted social post (schema.org SocialMediaPosting): its absolute https url, an author
 * (Person or Organization) with a name and the handle as alternateName ('@…') but no url of
 * ours, datePublished in ISO 8601 with a zone when given, the text when given.
 */
export function socialPostingProblems(p: Node, where = 'posting'): string[] {
  const problems: string[] = [];
  if (p?.['@type'] !== 'SocialMediaPosting') return [`${where}: @type ${p?.['@type']}`];
  if (!isAbsoluteUrl(p.url) || !p.url.startsWith('https://')) problems.push(`${where}: url must be an absolute https URL`);
  const author = p.author as Node | undefined;
  if (!author || !['Person', 'Organization'].includes(author['@type'])) problems.push(`${where}: author must be a Person or an Organization`);
  else {
    text(problems, author, 'name', `${where}.author`);
    if (author.url !== undefined) problems.push(`${where}.author: no url (the handle is the platform's to change)`);
    if (author.alternateName !== undefined && !/^@\S+$/.test(author.alternateName)) problems.push(`${where}.author: alternateName ${author.alternateName} is not an @handle`);
  }
  if (p.datePublished !== undefined && (typeof p.datePublished !== 'string' || !ISO_DATE_OR_DATETIME.test(p.datePublished) || p.datePublished.length <= 10)) problems.push(`${where}: datePublished ${p.datePublished} is not a time with a zone`);
  if (p.text !== undefined) text(problems, p, 'text', where);
  return problems;
}

/** BreadcrumbList: ListItems at positions 1, 2, … each with a name and (but the last may omit it) an absolute item URL. */
export function breadcrumbProblems(b: Node): string[] {
  const problems: string[] = [];
  if (b['@type'] !== 'BreadcrumbList') problems.push(`@type ${b['@type']}`);
  const items: Node[] = Array.isArray(b.itemListElement) ? b.itemListElement : [];
  if (items.length < 1) problems.push('itemListElement: at least one ListItem');
  items.forEach((it, i) => {
    if (it['@type'] !== 'ListItem') problems.push(`item ${i}: @type ${it['@type']}`);
    if (it.position !== i + 1) problems.push(`item ${i}: position ${it.position}, expected ${i + 1}`);
    text(problems, it, 'name', `item ${i}`);
    if (!(i === items.length - 1 && it.item === undefined) && !isAbsoluteUrl(it.item)) problems.push(`item ${i}: item must be an absolute URL`);
  });
  return problems;
}

/** WebSite with a SearchAction: a URL template with the placeholder that query-input names. */
export function websiteProblems(w: Node): string[] {
  const problems: string[] = [];
  if (w['@type'] !== 'WebSite') problems.push(`@type ${w['@type']}`);
  text(problems, w, 'name', 'website');
  if (!isAbsoluteUrl(w.url)) problems.push('website: url must be absolute');
  const action = w.potentialAction ?? {};
  if (action['@type'] !== 'SearchAction') problems.push('potentialAction: a SearchAction');
  const template: unknown = typeof action.target === 'string' ? action.target : action.target?.urlTemplate;
  const input = /^required name=(\w+)$/.exec(action['query-input'] ?? '');
  if (!input) problems.push(`query-input ${action['query-input']}`);
  else if (typeof template !== 'string' || !template.includes(`{${input[1]}}`) || !isAbsoluteUrl(template.replace(`{${input[1]}}`, 'x'))) problems.push(`target ${template} lacks {${input[1]}}`);
  return problems;
}
