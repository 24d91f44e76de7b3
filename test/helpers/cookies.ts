import assert from 'node:assert/strict';

type Answer = { headers: Record<string, unknown> };

/** The Set-Cookie lines of an answer. */
export const setCookieLines = (r: Answer): string[] => [r.headers['set-cookie'] ?? []].flat().map(String);

export interface SetCookie {
  name: string;
  value: string;
  /** By lower-cased name ('max-age', 'httponly', …); a flag is true. Their order means nothing (RFC 6265). */
  attributes: Record<string, string | true>;
}

/** One Set-Cookie line, read as a browser reads it. */
export function readSetCookie(line: string): SetCookie {
  const [pair, ...rest] = line.split(';');
  const eq = pair!.indexOf('=');
  const attributes: Record<string, string | true> = {};
  for (const a of rest) {
    const i = a.indexOf('=');
    const name = (i < 0 ? a : a.slice(0, i)).trim().toLowerCase();
    assert.equal(attributes[name], undefined, `${name} twice in ${line}`);
    attributes[name] = i < 0 ? true : a.slice(i + 1).trim();
  }
  return { name: pair!.slice(0, eq).trim(), value: decodeURIComponent(pair!.slice(eq + 1).trim()), attributes };
}

/** The cookies an answer sets, by name; each name at most once. */
export function setCookiesOf(r: Answer): Map<string, SetCookie> {
  const out = new Map<string, SetCookie>();
  for (const line of setCookieLines(r)) {
    const c = readSetCookie(line);
    assert.ok(!out.has(c.name), `${c.name} is set twice: ${setCookieLines(r).join(' | ')}`);
    out.set(c.name, c);
  }
  return out;
}

/**
 * Every cookie of ours carries exactly these attributes and no other (no Domain, no Expires):
 * Path=/, HttpOnly, SameSite=Lax, its Max-Age, and Secure over HTTPS only.
 */
export function assertOurCookie(c: SetCookie | undefined, maxAge: number, o: { secure?: boolean } = {}) {
  assert.ok(c, 'the cookie is set');
  const expected: Record<string, string | true> = { path: '/', httponly: true, samesite: 'Lax', 'max-age': String(maxAge) };
  if (o.secure) expected.secure = true;
  assert.deepEqual(c.attributes, expected, c.name);
}
