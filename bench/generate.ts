/**
 * A deterministic generator of Ukrainian-looking news for the benchmark: a section tree,
 * authors, a few thousand tags and any number of articles. No dependency and no copied text:
 * the sentences are put together from the word lists below, with gender and number agreement
 * where it shows (past-tense verbs, adjectives), so the pages have the length, the alphabet and
 * the variety of real ones. The same seed and end date always give the same articles, and
 * article i does not depend on how many articles are asked for.
 */
import type { Block, TagKind } from '../src/core/model.js';
import { kyivLocalToUtc, kyivParts } from '../src/core/kyiv-time.js';
import { slugify } from '../src/core/slug.js';
import { richText } from '../src/core/rich-text.js';

// ---------------------------------------------------------------- randomness

export type Rng = () => number;

/** sfc32: small, fast, good enough for text; seeded from four 32-bit words. */
export function sfc32(a: number, b: number, c: number, d: number): Rng {
  return () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/** A generator for one purpose: the same (seed, parts) always gives the same stream. */
export function rngFor(seed: number, ...parts: number[]): Rng {
  let h = 0x811c9dc5 ^ seed;
  const mix = (x: number) => {
    h = Math.imul(h ^ x, 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    return h >>> 0;
  };
  const words = [mix(seed), mix(0x9e3779b9), ...parts.map(mix)];
  const r = sfc32(words[0]!, mix(words.length), mix(h), mix(0x85ebca6b));
  for (let i = 0; i < 12; i++) r(); // let the state settle
  return r;
}

export const int = (r: Rng, min: number, max: number) => min + Math.floor(r() * (max - min + 1));
export const pick = <T>(r: Rng, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
export const chance = (r: Rng, p: number) => r() < p;
export const cap = (s: string) => s.charAt(0).toLocaleUpperCase('uk') + s.slice(1);

function shuffle<T>(r: Rng, list: T[]): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

/** Cumulative weights 1/rank^s: a few items very popular, a long tail of rare ones. */
export function zipfCdf(n: number, s: number): Float64Array {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) cdf[k] = sum += 1 / Math.pow(k + 1, s);
  for (let k = 0; k < n; k++) cdf[k]! /= sum;
  return cdf;
}

export function sampleCdf(r: Rng, cdf: Float64Array): number {
  const x = r();
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---------------------------------------------------------------- word lists

export type Gender = 'm' | 'f' | 'n' | 'pl';
type Forms = Record<Gender, string>;

/** Past tense of a verb whose masculine form ends in -в: заяви|в, заяви|ла, заяви|ло, заяви|ли. */
const past = (stem: string): Forms => ({ m: `${stem}в`, f: `${stem}ла`, n: `${stem}ло`, pl: `${stem}ли` });
/** A hard-stem adjective: нов|ий, нов|а, нов|е, нов|і. */
const adj = (stem: string): Forms => ({ m: `${stem}ий`, f: `${stem}а`, n: `${stem}е`, pl: `${stem}і` });

export const MALE_NAMES = [
  'Олександр', 'Андрій', 'Дмитро', 'Сергій', 'Володимир', 'Микола', 'Іван', 'Олег', 'Юрій', 'Василь',
  'Петро', 'Тарас', 'Богдан', 'Максим', 'Артем', 'Віталій', 'Ярослав', 'Роман', 'Ігор', 'Остап',
  'Назар', 'Денис', 'Євген', 'Михайло', 'Григорій', 'Степан', 'Павло', 'Тимофій', 'Данило', 'Костянтин',
  'Святослав', 'Орест', 'Любомир', 'Анатолій', 'Валерій', 'Вадим', 'Кирило', 'Олексій', 'Руслан', 'Станіслав',
  'Мирослав', 'Захар', 'Нестор', 'Всеволод', 'Маркіян',
];
const FEMALE_NAMES = [
  'Олена', 'Ольга', 'Наталія', 'Тетяна', 'Ірина', 'Оксана', 'Юлія', 'Марія', 'Анна', 'Катерина',
  'Світлана', 'Людмила', 'Галина', 'Леся', 'Христина', 'Софія', 'Дарина', 'Вікторія', 'Аліна', 'Анастасія',
  'Ганна', 'Зоряна', 'Соломія', 'Ярина', 'Мирослава', 'Богдана', 'Лілія', 'Надія', 'Віра', 'Уляна',
  'Роксолана', 'Інна', 'Лариса', 'Марта', 'Олеся', 'Валентина', 'Діана', 'Євгенія', 'Стефанія', 'Злата',
  'Килина', 'Орися', 'Таїсія', 'Василина', 'Мар\u2019яна',
];
export const SURNAMES = [
  'Коваленко', 'Шевченко', 'Бондаренко', 'Ткаченко', 'Кравченко', 'Олійник', 'Шевчук', 'Поліщук', 'Бойко', 'Мельник',
  'Лисенко', 'Марченко', 'Руденко', 'Савченко', 'Петренко', 'Клименко', 'Павленко', 'Іваненко', 'Кузьменко', 'Гончаренко',
  'Литвиненко', 'Мороз', 'Коваль', 'Гнатюк', 'Кравчук', 'Романюк', 'Ковальчук', 'Мартинюк', 'Савчук', 'Присяжнюк',
  'Дячук', 'Гуменюк', 'Сидоренко', 'Федоренко', 'Левченко', 'Харченко', 'Яковенко', 'Остапенко', 'Приходько', 'Дорошенко',
  'Зінченко', 'Гаврилюк', 'Кушнір', 'Лозинський', 'Яремчук', 'Білик', 'Пономаренко', 'Сорока', 'Вовк', 'Гребенюк',
  'Демченко', 'Онищенко', 'Стасюк', 'Головко', 'Дмитренко', 'Юрченко', 'Карпенко', 'Захарченко', 'Тарасенко', 'Ярошенко',
  'Ковтун', 'Мазур', 'Козак', 'Осадчий', 'Гордієнко', 'Козловський', 'Вишневський', 'Стельмах', 'Кондратюк', 'Семенюк',
  'Паламарчук', 'Вакуленко', 'Тищенко', 'Нестеренко', 'Антоненко', 'Максименко', 'Рибак', 'Бабич', 'Климчук', 'Швець',
  'Когут', 'Процик', 'Дзюба', 'Грищенко', 'Костенко', 'Олексієнко', 'Верещак', 'Данилюк', 'Ярмоленко', 'Сушко',
  'Кирилюк', 'Шульга', 'Черненко', 'Бабенко', 'Собко', 'Гладкий', 'Ступак', 'Пилипенко', 'Тимченко', 'Бачинський',
  'Яворський', 'Рудницький', 'Заболотний', 'Кравець', 'Лук\u2019яненко', 'Гнатенко', 'Бутенко', 'Прокопенко', 'Мирошниченко', 'Щербак',
  'Кучер', 'Дяченко', 'Хоменко', 'Бурлака', 'Гайовий', 'Бережний', 'Чумак', 'Шаповал', 'Гончар', 'Бондар',
];
// Surnames built from a root and a suffix: more names, all of them plausible.
const SURNAME_ROOTS = [
  'Гриц', 'Ляш', 'Дуд', 'Тар', 'Пилип', 'Мих', 'Ост', 'Ярем', 'Сав', 'Федор', 'Ничип', 'Гор', 'Лев', 'Сем', 'Мар',
  'Кир', 'Лук', 'Степан', 'Панас', 'Хом', 'Охрім', 'Мусі', 'Корн', 'Дем', 'Бор', 'Вер', 'Гнід', 'Жур', 'Круп', 'Ліщ',
  'Мох', 'Нечип', 'Оліфір', 'Панч', 'Рев', 'Сил', 'Триф', 'Ус', 'Шкур', 'Явтуш',
];
const SURNAME_SUFFIXES = ['енко', 'ук', 'чук', 'ишин', 'ський', 'ич', 'ак', 'евич'];

function feminineSurname(s: string): string {
  if (/(ськ|цьк|зьк)ий$/.test(s)) return s.slice(0, -2) + 'а';
  if (/(ч|н|д|в|б|г|л)ий$/.test(s)) return s.slice(0, -2) + 'а';
  if (/(ов|ев|єв|ін|ин)$/.test(s)) return s + 'а';
  return s;
}

interface City { nom: string; loc: string }
export const CITIES: City[] = [
  { nom: 'Київ', loc: 'у Києві' }, { nom: 'Львів', loc: 'у Львові' }, { nom: 'Харків', loc: 'у Харкові' },
  { nom: 'Одеса', loc: 'в Одесі' }, { nom: 'Дніпро', loc: 'у Дніпрі' }, { nom: 'Запоріжжя', loc: 'у Запоріжжі' },
  { nom: 'Вінниця', loc: 'у Вінниці' }, { nom: 'Полтава', loc: 'у Полтаві' }, { nom: 'Чернігів', loc: 'у Чернігові' },
  { nom: 'Суми', loc: 'у Сумах' }, { nom: 'Житомир', loc: 'у Житомирі' }, { nom: 'Рівне', loc: 'у Рівному' },
  { nom: 'Луцьк', loc: 'у Луцьку' }, { nom: 'Ужгород', loc: 'в Ужгороді' }, { nom: 'Тернопіль', loc: 'у Тернополі' },
  { nom: 'Івано-Франківськ', loc: 'в Івано-Франківську' }, { nom: 'Черкаси', loc: 'у Черкасах' },
  { nom: 'Кропивницький', loc: 'у Кропивницькому' }, { nom: 'Миколаїв', loc: 'у Миколаєві' }, { nom: 'Херсон', loc: 'у Херсоні' },
  { nom: 'Чернівці', loc: 'у Чернівцях' }, { nom: 'Хмельницький', loc: 'у Хмельницькому' }, { nom: 'Кривий Ріг', loc: 'у Кривому Розі' },
  { nom: 'Біла Церква', loc: 'у Білій Церкві' }, { nom: 'Кременчук', loc: 'у Кременчуці' }, { nom: 'Мукачево', loc: 'у Мукачеві' },
];
export const REGIONS = [
  'Київщина', 'Львівщина', 'Харківщина', 'Одещина', 'Полтавщина', 'Вінниччина', 'Чернігівщина', 'Сумщина', 'Житомирщина',
  'Рівненщина', 'Волинь', 'Закарпаття', 'Тернопільщина', 'Прикарпаття', 'Черкащина', 'Кіровоградщина', 'Миколаївщина',
  'Херсонщина', 'Буковина', 'Хмельниччина', 'Донеччина', 'Луганщина', 'Запоріжжя', 'Дніпропетровщина', 'Слобожанщина',
];
/** 'Полтавщина' → 'на Полтавщині', 'Закарпаття' → 'на Закарпатті'. */
export const regionLoc = (r: string) => (r === 'Волинь' ? 'на Волині' : `на ${r.slice(0, -1)}і`);
const VILLAGE_PREFIXES = [
  'Нов', 'Стар', 'Зелен', 'Біл', 'Червон', 'Крас', 'Гор', 'Сосн', 'Дуб', 'Вишн', 'Лис', 'Берез', 'Верб', 'Кален', 'Ліс',
  'Луг', 'Мал', 'Вел', 'Криниц', 'Озер', 'Ставищ', 'Яблун', 'Грушев', 'Липов', 'Калин', 'Тополь', 'Пісочн', 'Кам\u2019ян', 'Ясен', 'Вільх',
];
const VILLAGE_SUFFIXES = ['івка', 'опіль', 'ичі', 'ове', 'ин', 'ів', 'янка', 'иця', 'ці', 'ники', 'ківці', 'івці', 'еве', 'ища'];

const ORG_TYPES: Array<{ name: string; g: Gender }> = [
  { name: 'Міністерство', g: 'n' }, { name: 'Служба', g: 'f' }, { name: 'Агентство', g: 'n' }, { name: 'Асоціація', g: 'f' },
  { name: 'Спілка', g: 'f' }, { name: 'Фонд', g: 'm' }, { name: 'Рада', g: 'f' }, { name: 'Інститут', g: 'm' },
  { name: 'Центр', g: 'm' }, { name: 'Комітет', g: 'm' }, { name: 'Об\u2019єднання', g: 'n' }, { name: 'Палата', g: 'f' },
  { name: 'Бюро', g: 'n' }, { name: 'Інспекція', g: 'f' }, { name: 'Федерація', g: 'f' }, { name: 'Альянс', g: 'm' },
];
const ORG_ADJECTIVES = [adj('Національн'), adj('Українськ'), adj('Всеукраїнськ'), adj('Регіональн'), adj('Міжнародн'), adj('Державн'), adj('Громадськ')];
const ORG_DOMAINS = [
  'енергетики', 'охорони здоров\u2019я', 'розвитку громад', 'цифрової трансформації', 'відновлення', 'аграрної політики',
  'захисту довкілля', 'підтримки ветеранів', 'у справах молоді', 'з питань освіти', 'економічної безпеки', 'інфраструктури',
  'культурних ініціатив', 'промисловців і підприємців', 'незалежних журналістів', 'дослідження ринку', 'міського планування',
  'сучасного мистецтва', 'водних ресурсів', 'лісового господарства', 'захисту прав споживачів', 'дорожнього будівництва',
  'з питань туризму', 'соціальної політики', 'фінансового моніторингу', 'книговидавців', 'розвитку спорту', 'кібербезпеки',
];
const TOPIC_ADJECTIVES = [
  'енергетичн', 'цифров', 'соціальн', 'податков', 'міськ', 'шкільн', 'медичн', 'екологічн', 'транспортн', 'культурн',
  'аграрн', 'військов', 'гуманітарн', 'житлов', 'фінансов', 'оборонн', 'муніципальн', 'продовольч', 'інформаційн', 'кадров',
  'митн', 'судов', 'виборч', 'земельн', 'пенсійн', 'молодіжн', 'туристичн', 'будівельн', 'спортивн', 'водн',
];
const TOPIC_NOUNS: Array<{ word: string; g: Gender }> = [
  { word: 'безпека', g: 'f' }, { word: 'реформа', g: 'f' }, { word: 'політика', g: 'f' }, { word: 'освіта', g: 'f' },
  { word: 'інфраструктура', g: 'f' }, { word: 'допомога', g: 'f' }, { word: 'криза', g: 'f' }, { word: 'програма', g: 'f' },
  { word: 'статистика', g: 'f' }, { word: 'стратегія', g: 'f' }, { word: 'мережа', g: 'f' }, { word: 'галузь', g: 'f' },
  { word: 'ринок', g: 'm' }, { word: 'бюджет', g: 'm' }, { word: 'сектор', g: 'm' }, { word: 'контроль', g: 'm' },
  { word: 'розвиток', g: 'm' }, { word: 'прогноз', g: 'm' }, { word: 'фонд', g: 'm' }, { word: 'кодекс', g: 'm' },
  { word: 'законопроєкт', g: 'm' }, { word: 'аудит', g: 'm' }, { word: 'моніторинг', g: 'm' }, { word: 'тендер', g: 'm' },
  { word: 'простір', g: 'm' }, { word: 'транспорт', g: 'm' }, { word: 'сезон', g: 'm' }, { word: 'резерв', g: 'm' },
  { word: 'законодавство', g: 'n' }, { word: 'будівництво', g: 'n' }, { word: 'фінансування', g: 'n' }, { word: 'регулювання', g: 'n' },
  { word: 'господарство', g: 'n' }, { word: 'страхування', g: 'n' }, { word: 'відновлення', g: 'n' }, { word: 'партнерство', g: 'n' },
  { word: 'тарифи', g: 'pl' }, { word: 'субсидії', g: 'pl' }, { word: 'закупівлі', g: 'pl' }, { word: 'виплати', g: 'pl' },
  { word: 'послуги', g: 'pl' }, { word: 'перевезення', g: 'pl' }, { word: 'інвестиції', g: 'pl' }, { word: 'ініціативи', g: 'pl' },
];
const SINGLE_TOPICS = [
  'мобілізація', 'інфляція', 'відбудова', 'енергетика', 'освіта', 'медицина', 'економіка', 'корупція', 'децентралізація',
  'евакуація', 'волонтерство', 'культура', 'спорт', 'футбол', 'екологія', 'погода', 'транспорт', 'пенсії', 'зарплати',
  'податки', 'ціни', 'врожай', 'експорт', 'імпорт', 'ветерани', 'переселенці', 'громади', 'дороги', 'укриття', 'генератори',
  'книжки', 'кіно', 'театр', 'музика', 'наука', 'стартапи', 'кібератаки', 'землетрус', 'повінь', 'посуха', 'вибори',
  'санкції', 'дипломатія', 'реабілітація', 'протези', 'донорство', 'туризм', 'археологія', 'мистецтво', 'бюджет',
];

const SECTIONS: Array<{ name: string; weight: number; children: string[] }> = [
  { name: 'Політика', weight: 14, children: ['Парламент', 'Уряд', 'Вибори'] },
  { name: 'Економіка', weight: 12, children: ['Фінанси', 'Енергетика', 'Агро', 'Бізнес'] },
  { name: 'Суспільство', weight: 16, children: ['Освіта', 'Здоров\u2019я', 'Транспорт'] },
  { name: 'Війна', weight: 18, children: ['Фронт', 'Волонтери', 'Окупація'] },
  { name: 'Світ', weight: 10, children: ['Європа', 'Америка', 'Азія'] },
  { name: 'Регіони', weight: 14, children: ['Київ', 'Захід', 'Південь', 'Схід'] },
  { name: 'Культура', weight: 8, children: ['Кіно', 'Книжки', 'Музика', 'Театр'] },
  { name: 'Спорт', weight: 8, children: ['Футбол', 'Бокс'] },
];

// Phrases of the text. Subjects carry their gender/number, so the verb agrees.
const SUBJECTS: Array<{ text: string; g: Gender }> = [
  { text: 'уряд', g: 'm' }, { text: 'Кабмін', g: 'm' }, { text: 'прем\u2019єр-міністр', g: 'm' }, { text: 'міський голова', g: 'm' },
  { text: 'очільник громади', g: 'm' }, { text: 'Генштаб', g: 'm' }, { text: 'суд', g: 'm' }, { text: 'Нацбанк', g: 'm' },
  { text: 'виконком', g: 'm' }, { text: 'профільний комітет', g: 'm' }, { text: 'обласний центр зайнятості', g: 'm' },
  { text: 'Верховна Рада', g: 'f' }, { text: 'міська рада', g: 'f' }, { text: 'обласна адміністрація', g: 'f' },
  { text: 'поліція', g: 'f' }, { text: 'прокуратура', g: 'f' }, { text: 'компанія', g: 'f' }, { text: 'делегація', g: 'f' },
  { text: 'громада', g: 'f' }, { text: 'комісія', g: 'f' }, { text: 'пресслужба відомства', g: 'f' }, { text: 'Рахункова палата', g: 'f' },
  { text: 'міністерство', g: 'n' }, { text: 'відомство', g: 'n' }, { text: 'підприємство', g: 'n' }, { text: 'агентство', g: 'n' },
  { text: 'депутати', g: 'pl' }, { text: 'експерти', g: 'pl' }, { text: 'аналітики', g: 'pl' }, { text: 'рятувальники', g: 'pl' },
  { text: 'лікарі', g: 'pl' }, { text: 'вчителі', g: 'pl' }, { text: 'фермери', g: 'pl' }, { text: 'енергетики', g: 'pl' },
  { text: 'волонтери', g: 'pl' }, { text: 'мешканці', g: 'pl' }, { text: 'науковці', g: 'pl' }, { text: 'економісти', g: 'pl' },
  { text: 'військові', g: 'pl' }, { text: 'правоохоронці', g: 'pl' }, { text: 'батьки школярів', g: 'pl' }, { text: 'перевізники', g: 'pl' },
  { text: 'підприємці', g: 'pl' }, { text: 'студенти', g: 'pl' }, { text: 'археологи', g: 'pl' }, { text: 'комунальники', g: 'pl' },
];
const ACTION_VERBS = [
  'ухвали', 'оголоси', 'запропонува', 'підтрима', 'розпоча', 'підписа', 'обговори', 'представи', 'відкри', 'перевіри',
  'схвали', 'погоди', 'розгляну', 'анонсува', 'заверши', 'підготува', 'презентува', 'розкритикува', 'ініціюва', 'скасува',
  'продовжи', 'спрости', 'запусти', 'віднови', 'профінансува', 'онови', 'затверди', 'відкла',
].map(past);
const SPEECH_VERBS = ['заяви', 'повідоми', 'наголоси', 'попереди', 'поясни', 'нагада', 'зазначи', 'розпові', 'визна', 'підтверди', 'запевни'].map(past);
const IMPERSONAL = ['відкрили', 'запустили', 'ухвалили', 'оголосили', 'представили', 'розпочали', 'завершили', 'скасували', 'відновили', 'затвердили', 'обговорили', 'презентували'];
const OBJECTS = [
  'новий законопроєкт', 'програму підтримки малого бізнесу', 'план відновлення інфраструктури', 'зміни до бюджету',
  'проєкт реконструкції школи', 'тендер на ремонт доріг', 'нову схему руху транспорту', 'ремонт мосту через річку',
  'будівництво укриттів', 'перелік пільг для переселенців', 'реформу місцевого самоврядування', 'угоду про співпрацю',
  'графік відключень світла', 'конкурс для молодих архітекторів', 'перевірку закупівель', 'рішення про підвищення тарифів',
  'онлайн-сервіс для ветеранів', 'пілотний проєкт', 'кредитну програму для фермерів', 'стратегію розвитку регіону',
  'закупівлю генераторів', 'реєстр пошкодженого майна', 'фестиваль сучасної музики', 'виставку українського авангарду',
  'сезон футбольної першості', 'нові правила паркування', 'центр надання адміністративних послуг', 'медичний простір для підлітків',
  'укриття в дитячому садку', 'програму енергоефективності', 'мобільний пункт обігріву', 'онлайн-запис до лікарів',
  'навчальний курс для вчителів', 'реабілітаційний центр', 'маршрут нічного автобуса', 'фонд підтримки науковців',
  'модернізацію котельні', 'ремонт лікарняного корпусу', 'грант для ремісників', 'оновлений сквер у центрі міста',
];
const CLAUSES = [
  'ситуація залишається складною, але контрольованою', 'роботи завершать до кінця року', 'фінансування вже передбачене в місцевому бюджеті',
  'ціни на продукти можуть зрости ще на кілька відсотків', 'більшість мешканців підтримали зміни', 'рішення набуде чинності з наступного місяця',
  'документ ще мають погодити в профільному комітеті', 'попередні домовленості виконано лише частково', 'черги на кордоні поступово зменшуються',
  'постачання електроенергії відновили в повному обсязі', 'кількість звернень зросла майже вдвічі', 'перевірка триватиме щонайменше місяць',
  'учні повернуться до класів після канікул', 'новий порядок стосуватиметься всіх громад області', 'ремонт фінансують міжнародні партнери',
  'частину коштів спрямують на відбудову житла', 'аварійні бригади працювали всю ніч', 'в укриттях встановили генератори й запаси води',
  'податкові надходження перевищили прогноз', 'проєкт має стати прикладом для інших міст', 'остаточне рішення ухвалять після громадських обговорень',
  'на об\u2019єкті вже працює понад сотня будівельників', 'жертв і постраждалих немає', 'мешканцям радять не виходити з домівок без потреби',
  'усі необхідні документи вже підписано', 'на ринку праці бракує кваліфікованих робітників', 'врожай цього року виявився кращим за очікування',
  'квитки на концерт розкупили за кілька годин', 'команда вперше за десять років вийшла до фіналу', 'дослідники знайшли залишки давнього поселення',
];
export const TIMES = [
  'у понеділок', 'у вівторок', 'у середу', 'у четвер', 'у п\u2019ятницю', 'у суботу', 'у неділю', 'минулого тижня', 'цього тижня',
  'напередодні', 'вранці', 'ввечері', 'сьогодні', 'вчора', 'наприкінці місяця', 'на початку тижня', 'після тривалої перерви',
];
const SOURCES_OF_WORDS = [
  'експертів', 'фахівців', 'очільника громади', 'речниці відомства', 'представників бізнесу', 'місцевих мешканців', 'аналітиків ринку',
  'командира підрозділу', 'директорки школи', 'головного лікаря', 'організаторів', 'синоптиків', 'прикордонників',
];
const CHANNELS = [
  'у пресслужбі відомства', 'у телеграм-каналі громади', 'на офіційному сайті міськради', 'на брифінгу в обласній адміністрації',
  'у коментарі для нашого видання', 'у звіті за минулий квартал', 'під час засідання комісії', 'у спільній заяві партнерів',
];
/** What a figure can be about; `money` ones change by sums, the others by per cents. */
const MEASURES: Array<{ text: string; g: Gender; money?: boolean }> = [
  { text: 'кількість звернень', g: 'f' }, { text: 'вартість проїзду', g: 'f' }, { text: 'середня зарплата', g: 'f' },
  { text: 'частка експорту', g: 'f' }, { text: 'ціна пального', g: 'f' }, { text: 'обсяг інвестицій', g: 'm', money: true },
  { text: 'дефіцит бюджету', g: 'm', money: true }, { text: 'попит на житло', g: 'm' }, { text: 'товарообіг', g: 'm', money: true },
  { text: 'ціни на житло', g: 'pl' }, { text: 'витрати громади', g: 'pl', money: true }, { text: 'надходження до бюджету', g: 'pl', money: true },
  { text: 'продажі електромобілів', g: 'pl' }, { text: 'тарифи на воду', g: 'pl' },
];
const CHANGE_VERBS: Forms[] = [
  { m: 'зріс', f: 'зросла', n: 'зросло', pl: 'зросли' },
  { m: 'знизився', f: 'знизилася', n: 'знизилося', pl: 'знизилися' },
  { m: 'збільшився', f: 'збільшилася', n: 'збільшилося', pl: 'збільшилися' },
  { m: 'скоротився', f: 'скоротилася', n: 'скоротилося', pl: 'скоротилися' },
];
const COMPARISONS = ['порівняно з минулим роком', 'за останній квартал', 'від початку року', 'за місяць', 'у річному вимірі'];
const GOALS = [
  'зберегти робочі місця', 'відновити постачання води', 'підготуватися до зими', 'захистити дітей', 'підтримати місцевих виробників',
  'зменшити черги', 'прискорити відбудову', 'повернути людей додому', 'провести ремонт до осені', 'зробити послуги доступнішими',
  'не допустити зростання цін', 'дати лікарням усе необхідне', 'зберегти пам\u2019ятку для наступних поколінь', 'вивести команду до фіналу',
];
const QUOTE_OPENINGS = [
  'Ми робимо все можливе, щоб', 'Наше завдання зараз —', 'Це рішення дасть змогу', 'Головне для нас —', 'Ми розраховуємо',
  'Без підтримки партнерів ми не змогли б', 'Я переконаний, що ми зможемо', 'Кожен день ми працюємо, щоб',
];
const QUOTE_ENDINGS = ['', ', і ми не зупинимося', '. Це питання не одного дня', '. Люди мають бачити результат', ', навіть якщо це буде непросто'];
const ROLES: Record<'m' | 'f', string[]> = {
  m: ['міський голова', 'заступник міністра', 'директор підприємства', 'голова громади', 'депутат міськради', 'економіст', 'головний лікар', 'тренер збірної', 'волонтер', 'історик'],
  f: ['заступниця міського голови', 'речниця відомства', 'директорка школи', 'голова громади', 'депутатка міськради', 'економістка', 'лікарка', 'волонтерка', 'мисткиня', 'дослідниця'],
};
export const MONTHS_GEN = ['січня', 'лютого', 'березня', 'квітня', 'травня', 'червня', 'липня', 'серпня', 'вересня', 'жовтня', 'листопада', 'грудня'];
const HEADINGS = ['Що відомо', 'Що буде далі', 'Як це працює', 'Реакція', 'Контекст', 'Цифри', 'Що кажуть мешканці'];
const NEWS_SOURCES = ['За матеріалами пресслужби', 'За даними обласної адміністрації', 'Власна інформація', 'За повідомленням партнерів'];

// ---------------------------------------------------------------- the world

export interface GenTag {
  name: string;
  kind: TagKind;
  /** A person's grammatical gender, for the verbs after their name. */
  g?: 'm' | 'f';
  /** A place as the text uses it: 'у Львові', 'на Полтавщині', 'у селі Зеленівка'. */
  loc?: string;
}

export interface World {
  seed: number;
  /** Top-level sections with their children, and how often each gets an article. */
  sections: Array<{ name: string; weight: number; children: string[] }>;
  sectionCdf: Float64Array;
  authors: string[];
  authorCdf: Float64Array;
  /** Most popular first: tag k is chosen with weight 1/(k+1). */
  tags: GenTag[];
  tagCdf: Float64Array;
  /** Which text the articles get: the template corpus's or another's (bench/zipf-text.ts). */
  corpus: string;
  /** The article text's writer; the template corpus's TextMaker when absent. */
  writer?: (r: Rng, tags: GenTag[]) => Writer;
}

/** What makeArticle asks of the text: a headline, a lead, paragraphs and a quote. */
export interface Writer {
  headline(): string;
  lead(n: number): string;
  sentences(n: number): string;
  quote(): Block;
}

export interface WorldOptions {
  seed?: number;
  authors?: number;
  tags?: number;
}

/** Sections, ~60 authors, ~3,000 tags: the same for the same options. */
export function makeWorld(options: WorldOptions = {}): World {
  const seed = options.seed ?? 20240824;
  const tagCount = options.tags ?? 3000;
  const authorCount = options.authors ?? 60;
  const r = rngFor(seed, 1);

  const surnames = [...SURNAMES];
  for (const root of SURNAME_ROOTS) for (const suffix of SURNAME_SUFFIXES) surnames.push(root + suffix);
  const person = (): { name: string; g: 'm' | 'f' } => {
    const g = chance(r, 0.5) ? 'm' : 'f';
    const given = pick(r, g === 'm' ? MALE_NAMES : FEMALE_NAMES);
    const surname = pick(r, surnames);
    return { name: `${given} ${g === 'f' ? feminineSurname(surname) : surname}`, g };
  };

  // Tags and authors are unique by slug, as the repositories make them (ensureTag merges names
  // that transliterate alike).
  const slugs = new Set<string>();
  const fresh = (name: string) => {
    const slug = slugify(name);
    if (!slug || slugs.has(slug)) return false;
    slugs.add(slug);
    return true;
  };

  const authors: string[] = [];
  while (authors.length < authorCount) {
    const p = person();
    if (fresh(p.name)) authors.push(p.name);
  }

  const places: GenTag[] = [];
  for (const c of CITIES) if (fresh(c.nom)) places.push({ name: c.nom, kind: 'place', loc: c.loc });
  for (const reg of REGIONS) if (fresh(reg)) places.push({ name: reg, kind: 'place', loc: regionLoc(reg) });
  for (const p of VILLAGE_PREFIXES) for (const s of VILLAGE_SUFFIXES) {
    const name = p + s;
    if (fresh(name)) places.push({ name, kind: 'place', loc: `у селі ${name}` });
  }
  const orgs: GenTag[] = [];
  for (const type of ORG_TYPES) for (const domain of ORG_DOMAINS) {
    const name = chance(r, 0.5) ? `${type.name} ${domain}` : `${pick(r, ORG_ADJECTIVES)[type.g]} ${type.name.toLocaleLowerCase('uk')} ${domain}`;
    if (fresh(name)) orgs.push({ name, kind: 'organisation' });
  }
  const topics: GenTag[] = [];
  for (const t of SINGLE_TOPICS) if (fresh(t)) topics.push({ name: t, kind: 'topic' });
  for (const a of TOPIC_ADJECTIVES) for (const n of TOPIC_NOUNS) {
    const name = `${adj(a)[n.g]} ${n.word}`;
    if (fresh(name)) topics.push({ name, kind: 'topic' });
  }

  // Shares of the ~3,000 tags: people 50%, places 15%, organisations 12%, topics 23%.
  const want = (share: number) => Math.round(tagCount * share);
  const take = (list: GenTag[], n: number) => shuffle(r, list).slice(0, Math.min(n, list.length));
  const chosenPlaces = take(places, want(0.15));
  const chosenOrgs = take(orgs, want(0.12));
  const chosenTopics = take(topics, want(0.23));
  const people: GenTag[] = [];
  const peopleWanted = tagCount - chosenPlaces.length - chosenOrgs.length - chosenTopics.length;
  for (let guard = 0; people.length < peopleWanted && guard < peopleWanted * 20; guard++) {
    const p = person();
    if (fresh(p.name)) people.push({ name: p.name, kind: 'person', g: p.g });
  }
  const tags = shuffle(r, [...people, ...chosenPlaces, ...chosenOrgs, ...chosenTopics]);
  // The capital is the most written-about tag, as in any Ukrainian newsroom.
  const kyiv = tags.findIndex((t) => t.name === 'Київ');
  if (kyiv > 0) tags.unshift(...tags.splice(kyiv, 1));

  const sections = SECTIONS.map((s) => ({ ...s, children: [...s.children] }));
  const total = sections.reduce((n, s) => n + s.weight, 0);
  const sectionCdf = new Float64Array(sections.length);
  let acc = 0;
  sections.forEach((s, i) => (sectionCdf[i] = acc += s.weight / total));

  return { seed, corpus: 'template', sections, sectionCdf, authors, authorCdf: zipfCdf(authors.length, 0.7), tags, tagCdf: zipfCdf(tags.length, 1.0) };
}

// ---------------------------------------------------------------- articles

export interface GenArticle {
  index: number;
  externalId: string;
  title: string;
  subtitle: string | null;
  lead: string;
  body: Block[];
  /** Section names from the root: ['Економіка'] or ['Економіка', 'Енергетика']. */
  sectionPath: string[];
  /** Indexes into world.authors and world.tags, in order. */
  authors: number[];
  tags: number[];
  status: 'published' | 'draft' | 'unpublished';
  publishedAt: Date | null;
  publishedTimeKnown: boolean;
  isMain: boolean;
  source: string | null;
}

export interface ArticleOptions {
  /** How many articles the set has: article i's time is its place between start and end. */
  count: number;
  /** The newest article's time; the oldest is `years` before. */
  end: Date;
  years?: number;
}

export const externalIdOf = (i: number) => `bench-${String(i).padStart(7, '0')}`;

/** Article i of a set of `count`, published (mostly) between end − years and end, oldest first. */
export function makeArticle(world: World, i: number, options: ArticleOptions): GenArticle {
  const r = rngFor(world.seed, 2, i);
  const span = (options.years ?? 3) * 365.25 * 86_400_000;
  const start = options.end.getTime() - span;
  const at = new Date(Math.floor((start + (span * (i + r())) / options.count) / 60_000) * 60_000);
  const timeKnown = !chance(r, 0.08);
  let publishedAt: Date | null = at;
  if (!timeKnown) {
    const p = kyivParts(at);
    publishedAt = kyivLocalToUtc(p.year, p.month, p.day, 0, 0);
  }
  const roll = r();
  const status: GenArticle['status'] = roll < 0.004 ? 'draft' : roll < 0.006 ? 'unpublished' : 'published';
  if (status === 'draft') publishedAt = null;

  const top = world.sections[sampleCdf(r, world.sectionCdf)]!;
  const sectionPath = chance(r, 0.2) ? [top.name] : [top.name, pick(r, top.children)];

  const authors = [sampleCdf(r, world.authorCdf)];
  if (chance(r, 0.18)) {
    const second = sampleCdf(r, world.authorCdf);
    if (second !== authors[0]) authors.push(second);
  }
  const tagCount = int(r, 3, 6);
  const tags: number[] = [];
  for (let guard = 0; tags.length < tagCount && guard < 50; guard++) {
    const t = sampleCdf(r, world.tagCdf);
    if (!tags.includes(t)) tags.push(t);
  }

  const articleTags = tags.map((t) => world.tags[t]!);
  const text = world.writer ? world.writer(r, articleTags) : new TextMaker(r, articleTags);
  const title = text.headline();
  const lead = text.lead(int(r, 1, 2));
  const paragraphs = int(r, 5, 9);
  const quoteAt = chance(r, 0.45) ? int(r, 1, paragraphs - 1) : -1;
  const headingAt = chance(r, 0.12) ? int(r, 2, paragraphs - 1) : -1;
  const body: Block[] = [];
  for (let p = 0; p < paragraphs; p++) {
    if (p === headingAt) body.push({ type: 'heading', level: 2, content: richText(pick(r, HEADINGS)) });
    if (p === quoteAt) body.push(text.quote());
    else body.push({ type: 'paragraph', content: richText(text.sentences(int(r, 2, 5))) });
  }
  return {
    index: i,
    externalId: externalIdOf(i),
    title,
    subtitle: chance(r, 0.2) ? text.sentences(1) : null,
    lead,
    body,
    sectionPath,
    authors,
    tags,
    status,
    publishedAt,
    publishedTimeKnown: timeKnown,
    isMain: status === 'published' && chance(r, 0.02),
    source: chance(r, 0.12) ? pick(r, NEWS_SOURCES) : null,
  };
}

/** Sentences that mention the article's own people and places now and then. */
class TextMaker implements Writer {
  private readonly people: GenTag[];
  private readonly places: GenTag[];
  private readonly roles = new Map<string, string>();

  constructor(private readonly r: Rng, tags: GenTag[]) {
    this.people = tags.filter((t) => t.kind === 'person');
    this.places = tags.filter((t) => t.kind === 'place');
  }

  private subject(): { text: string; g: Gender } {
    const r = this.r;
    if (this.people.length && chance(r, 0.3)) {
      const p = pick(r, this.people);
      return { text: `${this.role(p)} ${p.name}`, g: p.g! };
    }
    return pick(r, SUBJECTS);
  }

  private place(): string {
    const r = this.r;
    if (this.places.length && chance(r, 0.6)) return pick(r, this.places).loc!;
    return chance(r, 0.5) ? pick(r, CITIES).loc : regionLoc(pick(r, REGIONS));
  }

  /** A person's role stays the same through one article. */
  private role(p: GenTag): string {
    let role = this.roles.get(p.name);
    if (!role) this.roles.set(p.name, (role = pick(this.r, ROLES[p.g ?? 'm'])));
    return role;
  }

  private change(m: { money?: boolean }): string {
    const r = this.r;
    if (m.money) return chance(r, 0.5) ? `на ${int(r, 2, 900)} млн грн` : `на ${int(r, 1, 9)},${int(r, 1, 9)} млрд грн`;
    return chance(r, 0.7) ? `на ${int(r, 2, 48)}%` : `майже на ${int(r, 2, 30)}%`;
  }

  /** The opening of a story: who did what, or who said what. */
  lead(n: number): string {
    const r = this.r;
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const s = this.subject();
      out.push(
        i === 0 && chance(r, 0.5)
          ? `${cap(pick(r, TIMES))} ${s.text} ${pick(r, ACTION_VERBS)[s.g]} ${pick(r, OBJECTS)} ${this.place()}.`
          : `${cap(s.text)} ${pick(r, SPEECH_VERBS)[s.g]}, що ${pick(r, CLAUSES)}.`,
      );
    }
    return out.join(' ');
  }

  sentence(): string {
    const r = this.r;
    switch (int(r, 0, 9)) {
      case 0:
      case 1: {
        const s = this.subject();
        return `${cap(pick(r, TIMES))} ${s.text} ${pick(r, ACTION_VERBS)[s.g]} ${pick(r, OBJECTS)}${chance(r, 0.6) ? ` ${this.place()}` : ''}.`;
      }
      case 2: {
        const s = this.subject();
        return `${cap(s.text)} ${pick(r, SPEECH_VERBS)[s.g]}, що ${pick(r, CLAUSES)}.`;
      }
      case 3:
        return `За словами ${pick(r, SOURCES_OF_WORDS)}, ${pick(r, CLAUSES)}.`;
      case 4:
        return `Про це повідомили ${pick(r, CHANNELS)}.`;
      case 5: {
        const m = pick(r, MEASURES);
        return `${cap(m.text)} ${pick(r, CHANGE_VERBS)[m.g]} ${this.change(m)} ${pick(r, COMPARISONS)}.`;
      }
      case 6:
        return `${cap(this.place())} ${pick(r, IMPERSONAL)} ${pick(r, OBJECTS)}, щоб ${pick(r, GOALS)}.`;
      case 7:
        return `Нагадаємо, з ${int(r, 1, 28)} ${pick(r, MONTHS_GEN)} ${pick(r, CLAUSES)}.`;
      case 8: {
        const s = this.subject();
        return `${cap(s.text)} ${pick(r, ACTION_VERBS)[s.g]} ${pick(r, OBJECTS)}, адже ${pick(r, CLAUSES)}.`;
      }
      default:
        return `${cap(pick(r, CLAUSES))}, ${pick(r, ['йдеться у повідомленні', 'зазначають у відомстві', 'кажуть місцеві мешканці', 'підсумовують експерти'])}.`;
    }
  }

  sentences(n: number): string {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.sentence());
    return out.join(' ');
  }

  /** 6–12 words, no final period. */
  headline(): string {
    const r = this.r;
    for (let attempt = 0; ; attempt++) {
      let h: string;
      switch (int(r, 0, 4)) {
        case 0: {
          const s = this.subject();
          h = `${cap(s.text)} ${pick(r, ACTION_VERBS)[s.g]} ${pick(r, OBJECTS)}`;
          break;
        }
        case 1:
          h = `${cap(this.place())} ${pick(r, IMPERSONAL)} ${pick(r, OBJECTS)}`;
          break;
        case 2: {
          const m = pick(r, MEASURES);
          h = `${cap(m.text)} ${pick(r, CHANGE_VERBS)[m.g]} ${this.change(m)} ${pick(r, COMPARISONS)}`;
          break;
        }
        case 3:
          h = `${cap(pick(r, CLAUSES))}`;
          break;
        default: {
          const s = this.subject();
          h = `${cap(s.text)}: ${pick(r, CLAUSES)}`;
        }
      }
      const words = h.split(/\s+/).length;
      if (words < 6 && chance(r, 0.8)) h += ` ${this.place()}`;
      const n = h.split(/\s+/).length;
      if ((n >= 6 && n <= 12) || attempt > 20) return h;
    }
  }

  quote(): Block {
    const r = this.r;
    const speaker = this.people.length && chance(r, 0.7) ? pick(r, this.people) : { name: `${pick(r, MALE_NAMES)} ${pick(r, SURNAMES)}`, g: 'm' as const };
    const text = `${pick(r, QUOTE_OPENINGS)} ${pick(r, GOALS)}${pick(r, QUOTE_ENDINGS)}`;
    return { type: 'quote', content: richText(text), attribution: `${speaker.name}, ${'kind' in speaker ? this.role(speaker) : pick(r, ROLES.m)}` };
  }
}
