/**
 * The 'zipf' corpus: the same sections, authors, tags, headline and paragraph shapes as the
 * template corpus (generate.ts), but with text drawn from a large generated lexicon whose word
 * frequencies fall off as 1/rank, as in news text. The template corpus repeats a few hundred
 * words (бюджет is in 74 % of its articles), so a two-word query there matches tens of
 * thousands of articles; here most words are rare and a few are everywhere, as in an archive.
 *
 * The lexicon is made, deterministically from the seed, from syllable roots and Ukrainian
 * suffixes and endings: nouns of four genders in four cases, adjectives agreeing with them,
 * verbs in the past tense agreeing with their subject, and infinitives. Each word class is
 * ranked once (a seeded shuffle) and every slot of a sentence draws from it with probability
 * ∝ 1/rank^s, s = 1. Nothing here is copied text.
 */
import type { Block } from '../src/core/model.js';
import { richText } from '../src/core/rich-text.js';
import {
  CITIES, MALE_NAMES, MONTHS_GEN, REGIONS, SURNAMES, TIMES, cap, chance, int, makeWorld, pick, regionLoc, rngFor, sampleCdf, zipfCdf,
  type Gender, type GenTag, type Rng, type World, type WorldOptions, type Writer,
} from './generate.js';

export type Corpus = 'template' | 'zipf';
export const CORPORA: readonly Corpus[] = ['template', 'zipf'];

/** The world of a corpus: the template corpus's, with the Zipf writer for 'zipf'. */
export function makeCorpusWorld(corpus: Corpus, options: WorldOptions = {}): World {
  const world = makeWorld(options);
  if (corpus === 'template') return world;
  const lexicon = makeLexicon(world.seed);
  return { ...world, corpus, writer: (r, tags) => new ZipfWriter(r, tags, lexicon) };
}

// ---------------------------------------------------------------- the lexicon

type Case = 'nom' | 'gen' | 'acc' | 'loc';
interface Noun { g: Gender; forms: Record<Case, string> }
interface Adjective { forms: Record<Case, Record<Gender, string>> }
interface Verb { past: Record<Gender, string>; inf: string }

interface Lexicon {
  nouns: Noun[];
  nounCdf: Float64Array;
  adjectives: Adjective[];
  adjectiveCdf: Float64Array;
  verbs: Verb[];
  verbCdf: Float64Array;
}

/** Frequencies ∝ 1/rank^ZIPF_S within each word class. */
const ZIPF_S = 1.0;
const NOUNS = 9000;
const ADJECTIVES = 4000;
const VERBS = 3000;

const ONSETS = [
  'б', 'в', 'г', 'д', 'ж', 'з', 'к', 'л', 'м', 'н', 'п', 'р', 'с', 'т', 'ф', 'х', 'ц', 'ч', 'ш',
  'бр', 'гр', 'др', 'кр', 'пр', 'тр', 'ст', 'сл', 'пл', 'зв', 'св', 'гл', 'кл', 'дв', 'ск', 'сп', 'шк', 'вл', 'зл',
];
const VOWELS = ['а', 'о', 'у', 'е', 'и', 'і'];
const SIMPLE = ['б', 'в', 'г', 'д', 'з', 'к', 'л', 'м', 'н', 'п', 'р', 'с', 'т'];
const CODAS = ['л', 'н', 'р', 'в', 'д', 'т', 'к', 'м', 'з', 'с', 'б', 'п', 'ст', 'рн', 'лк', 'рт', 'нд', 'рк'];

// [suffix, gender, nominative, genitive, accusative, locative] after the root.
const NOUN_PARADIGMS: Array<[Gender, string, string, string, string]> = [
  ['m', 'ок', 'ку', 'ок', 'ку'], ['m', 'ник', 'ника', 'ник', 'нику'], ['m', 'ат', 'ату', 'ат', 'аті'], ['m', 'ер', 'ера', 'ер', 'ері'],
  ['m', 'ізм', 'ізму', 'ізм', 'ізмі'], ['f', 'ка', 'ки', 'ку', 'ці'], ['f', 'ина', 'ини', 'ину', 'ині'], ['f', 'ація', 'ації', 'ацію', 'ації'],
  ['f', 'ість', 'ості', 'ість', 'ості'], ['f', 'ура', 'ури', 'уру', 'урі'], ['n', 'ання', 'ання', 'ання', 'анні'], ['n', 'ство', 'ства', 'ство', 'стві'],
  ['n', 'ище', 'ища', 'ище', 'ищі'], ['pl', 'ики', 'иків', 'ики', 'иках'], ['pl', 'ощі', 'ощів', 'ощі', 'ощах'],
];
const ADJECTIVE_SUFFIXES = ['н', 'ськ', 'ов', 'ичн', 'альн', 'ист', 'лив'];
const ADJECTIVE_ENDINGS: Record<Case, Record<Gender, string>> = {
  nom: { m: 'ий', f: 'а', n: 'е', pl: 'і' },
  gen: { m: 'ого', f: 'ої', n: 'ого', pl: 'их' },
  acc: { m: 'ий', f: 'у', n: 'е', pl: 'і' },
  loc: { m: 'ому', f: 'ій', n: 'ому', pl: 'их' },
};
const VERB_SUFFIXES = ['ува', 'и', 'а', 'ну', 'ірува', 'і'];

/** Roots of one and two syllables, in a seeded order. */
function roots(r: Rng, n: number): string[] {
  const out = new Set<string>();
  for (const o of ONSETS) for (const v of VOWELS) for (const c of CODAS) out.add(o + v + c);
  // The second syllable opens with one consonant, as most Ukrainian two-syllable stems do.
  while (out.size < n) out.add(pick(r, ONSETS) + pick(r, VOWELS) + pick(r, SIMPLE) + pick(r, VOWELS) + pick(r, SIMPLE));
  const list = [...out];
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

function makeLexicon(seed: number): Lexicon {
  const r = rngFor(seed, 3);
  const pool = roots(r, NOUNS + ADJECTIVES + VERBS);
  const seen = new Set<string>();
  const nouns: Noun[] = [];
  const adjectives: Adjective[] = [];
  const verbs: Verb[] = [];
  let k = 0;
  while (nouns.length < NOUNS) {
    const root = pool[k++ % pool.length]!;
    const [g, nom, gen, acc, loc] = pick(r, NOUN_PARADIGMS);
    if (seen.has(root + nom)) continue;
    seen.add(root + nom);
    nouns.push({ g, forms: { nom: root + nom, gen: root + gen, acc: root + acc, loc: root + loc } });
  }
  while (adjectives.length < ADJECTIVES) {
    const stem = pool[k++ % pool.length]! + pick(r, ADJECTIVE_SUFFIXES);
    if (seen.has(stem)) continue;
    seen.add(stem);
    const forms = {} as Adjective['forms'];
    for (const c of ['nom', 'gen', 'acc', 'loc'] as const) {
      const e = ADJECTIVE_ENDINGS[c];
      forms[c] = { m: stem + e.m, f: stem + e.f, n: stem + e.n, pl: stem + e.pl };
    }
    adjectives.push({ forms });
  }
  while (verbs.length < VERBS) {
    const stem = pool[k++ % pool.length]! + pick(r, VERB_SUFFIXES);
    if (seen.has(`${stem}в`)) continue;
    seen.add(`${stem}в`);
    verbs.push({ past: { m: `${stem}в`, f: `${stem}ла`, n: `${stem}ло`, pl: `${stem}ли` }, inf: `${stem}ти` });
  }
  return {
    nouns, nounCdf: zipfCdf(NOUNS, ZIPF_S),
    adjectives, adjectiveCdf: zipfCdf(ADJECTIVES, ZIPF_S),
    verbs, verbCdf: zipfCdf(VERBS, ZIPF_S),
  };
}

// ---------------------------------------------------------------- the text

const QUOTE_OPENINGS = ['Ми маємо', 'Наше завдання —', 'Ми плануємо', 'Головне зараз —', 'Ми не відмовимося', 'Люди чекають, що ми зможемо'];
const REPORTED = ['йдеться у повідомленні', 'зазначають у відомстві', 'кажуть місцеві мешканці', 'підсумовують експерти'];

class ZipfWriter implements Writer {
  private readonly people: GenTag[];
  private readonly places: GenTag[];
  private readonly roles = new Map<string, string>();

  constructor(private readonly r: Rng, tags: GenTag[], private readonly lx: Lexicon) {
    this.people = tags.filter((t) => t.kind === 'person');
    this.places = tags.filter((t) => t.kind === 'place');
  }

  private noun(): Noun {
    return this.lx.nouns[sampleCdf(this.r, this.lx.nounCdf)]!;
  }

  private verb(): Verb {
    return this.lx.verbs[sampleCdf(this.r, this.lx.verbCdf)]!;
  }

  /** [adjective] noun [noun in the genitive], in one case, with the noun's gender. */
  private np(c: Case): { text: string; g: Gender } {
    const r = this.r;
    const head = this.noun();
    const words: string[] = [];
    if (chance(r, 0.5)) words.push(this.lx.adjectives[sampleCdf(r, this.lx.adjectiveCdf)]!.forms[c][head.g]);
    words.push(head.forms[c]);
    if (chance(r, 0.3)) words.push(this.noun().forms.gen);
    return { text: words.join(' '), g: head.g };
  }

  private subject(): { text: string; g: Gender } {
    const r = this.r;
    if (this.people.length && chance(r, 0.3)) {
      const p = pick(r, this.people);
      let role = this.roles.get(p.name);
      if (!role) this.roles.set(p.name, (role = this.np('nom').text));
      return { text: `${role} ${p.name}`, g: p.g! };
    }
    return this.np('nom');
  }

  private place(): string {
    const r = this.r;
    if (this.places.length && chance(r, 0.6)) return pick(r, this.places).loc!;
    return chance(r, 0.5) ? pick(r, CITIES).loc : regionLoc(pick(r, REGIONS));
  }

  /** A clause without its final stop. */
  private clause(kind: number): string {
    const r = this.r;
    switch (kind) {
      case 0: {
        const s = this.subject();
        return `${cap(pick(r, TIMES))} ${s.text} ${this.verb().past[s.g]} ${this.np('acc').text}${chance(r, 0.5) ? ` ${this.place()}` : ''}`;
      }
      case 1: {
        const s = this.subject();
        const o = this.np('nom');
        return `${cap(s.text)} ${this.verb().past[s.g]}, що ${o.text} ${this.verb().past[o.g]} ${this.np('acc').text}`;
      }
      case 2: {
        const o = this.np('nom');
        return `За словами ${this.np('gen').text}, ${o.text} ${this.verb().past[o.g]} ${this.np('acc').text}`;
      }
      case 3:
        return `${cap(this.place())} ${this.verb().past.pl} ${this.np('acc').text}, щоб ${this.verb().inf} ${this.np('acc').text}`;
      case 4: {
        const s = this.np('nom');
        return `${cap(s.text)} ${this.verb().past[s.g]} ${this.np('acc').text} ${pick(r, ['у', 'на', 'при'])} ${this.np('loc').text}`;
      }
      case 5: {
        const s = this.np('nom');
        return `Нагадаємо, з ${int(r, 1, 28)} ${pick(r, MONTHS_GEN)} ${s.text} ${this.verb().past[s.g]} ${this.np('acc').text}`;
      }
      default: {
        const s = this.np('nom');
        return `${cap(s.text)} ${this.verb().past[s.g]} ${this.np('acc').text}, ${pick(r, REPORTED)}`;
      }
    }
  }

  lead(n: number): string {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(`${this.clause(int(this.r, 0, 1))}.`);
    return out.join(' ');
  }

  sentences(n: number): string {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(`${this.clause(int(this.r, 0, 6))}.`);
    return out.join(' ');
  }

  /** 6–12 words, no final period. */
  headline(): string {
    const r = this.r;
    for (let attempt = 0; ; attempt++) {
      let h = this.clause(pick(r, [0, 1, 4]));
      if (h.split(/\s+/).length < 6) h += ` ${this.place()}`;
      const n = h.split(/\s+/).length;
      if ((n >= 6 && n <= 12) || attempt > 20) return h;
    }
  }

  quote(): Block {
    const r = this.r;
    const speaker = this.people.length && chance(r, 0.7) ? pick(r, this.people) : null;
    const name = speaker?.name ?? `${pick(r, MALE_NAMES)} ${pick(r, SURNAMES)}`;
    const role = (speaker && this.roles.get(speaker.name)) ?? this.np('nom').text;
    return { type: 'quote', content: richText(`${pick(r, QUOTE_OPENINGS)} ${this.verb().inf} ${this.np('acc').text}`), attribution: `${name}, ${role}` };
  }
}
