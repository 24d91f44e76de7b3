/**
 * Escaping for feeds and sitemaps. Kept apart from html.ts on purpose: XML has its own rules
 * (no named entities beyond the five, '&apos;' is fine, and some characters may not appear at
 * all), and an XML document must never depend on what an HTML template happens to escape.
 */

/**
 * Characters XML 1.0 forbids even as references: C0 controls other than tab, newline and CR,
 * lone surrogates, U+FFFE and U+FFFF. One of them anywhere makes the whole feed unreadable,
 * so they are dropped from stored text rather than escaped.
 */
const ILLEGAL_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text or an attribute value for XML: the five specials escaped ('>' too, so ']]>' cannot occur), illegal characters removed. */
export const escapeXml = (s: string) => s.replace(ILLEGAL_XML_CHARS, '').replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);

/** Markup this code produced itself; never wrap stored text in it. */
export class Xml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type XmlValue = Xml | string | number | null | undefined | false | XmlValue[];

function render(v: XmlValue): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Xml) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeXml(String(v));
}

/** Like html`…`: every interpolated value is escaped for XML unless it is already Xml. */
export function xml(strings: TemplateStringsArray, ...values: XmlValue[]): Xml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new Xml(out);
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
