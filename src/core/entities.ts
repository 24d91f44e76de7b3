import type { TagKind } from './model.js';

/**
 * A small knowledge base for telling where one tag ends and the next begins on a 'Теги:' line,
 * and what kind each is. Names a newsroom has already stored take precedence (see tag-split.ts).
 */

/** Given names as they head personal names in tags: Ukrainian ones and frequent foreign ones. */
export const GIVEN_NAMES = new Set(
  `Адам Алла Альона Анастасія Андрій Ангеліна Анна Антон Антоніна Арсен Арсеній Артем Артур Богдан
  Богдана Борис Вадим Валентин Валентина Валерій Валерія Василь Василина Вероніка Віктор Вікторія
  Віра Віталій Віталіна Владислав Владислава Володимир Галина Ганна Геннадій Георгій Гліб Григорій
  Давид Дана Даниїл Данило Дарина Дарія Денис Діана Дмитро Євген Євгенія Єлизавета Єгор Жанна Зиновій
  Зінаїда Зоя Іван Іванна Ігор Ілля Ірина Ігнат Катерина Кирило Костянтин Ксенія Лариса Леонід Леся
  Лілія Любов Людмила Максим Марина Марія Марко Мар'ян Мар’ян Маргарита Мирослав Мирослава Микита
  Микола Михайло Мілана Назар Наталія Наталя Надія Нестор Никифор Ніна Оксана Олег Олександр
  Олександра Олексій Олена Ольга Остап Павло Петро Поліна Роман Ростислав Руслан Руслана Рустем
  Святослав Сергій Соломія Софія Станіслав Степан Стефанія Світлана Тамара Тарас Тетяна Тимофій
  Тимур Уляна Устим Федір Христина Юлія Юліан Юрій Ярема Ярина Ярослав Ярослава Яна
  Джаред Стів Стівен Джо Джон Дональд Джей Марко Емманюель Еммануель Урсула Олаф Фрідріх Кір Кейр
  Ріші Борис Антоніу Анджей Кая Марк Рішар Мелоні Джорджа Джорджія Педро Петер Віктор Реджеп Сі
  Нарендра Майк Марко Кемі Гіларі Камала Барак Джордж Білл Пітер Пол Річард Роберт Томас Вільям
  Шарль Жан Жан-Ів Ангела Аннален Кріс Кристофер Лоренс Мартін Луї Ніколя Франсуа Габріель Генрі
  Хав'єр Хав’єр Ерік Александр Сантьяго Джастін Ентоні Тоні Енн Кіт Ліндсі Марта Ніколь Сара`
    .split(/\s+/)
    .filter(Boolean),
);

/** Surname endings common in Ukrainian and in foreign names as Ukrainian spells them. */
const SURNAME_ENDING =
  /(енко|ченко|ський|цький|зький|ська|цька|зька|ук|юк|чук|щук|ич|вич|ов|ова|ев|ева|єв|єва|ін|іна|їн|ян|ишин|ишина|ар|яр|ак|як|ко|ман|ер|ерг|офф|тон|сон|ці|ні)$/u;

/** Places that appear as tags, one word or several. */
export const PLACES = new Set(
  `Україна США Росія Білорусь Польща Німеччина Франція Британія Італія Іспанія Румунія Молдова
  Угорщина Словаччина Чехія Литва Латвія Естонія Фінляндія Швеція Норвегія Данія Нідерланди
  Бельгія Австрія Швейцарія Туреччина Грузія Ізраїль Китай Японія Індія Канада Європа
  Київ Львів Харків Одеса Дніпро Запоріжжя Херсон Миколаїв Чернігів Суми Полтава Вінниця
  Житомир Черкаси Чернівці Тернопіль Луцьк Рівне Ужгород Хмельницький Кропивницький Донецьк
  Луганськ Крим Севастополь Маріуполь Бахмут Покровськ Ірпінь Буча Париж Берлін Лондон Вашингтон
  Варшава Брюссель Москва Мінськ Рим Женева Давос Анкара Стамбул Київщина Львівщина Харківщина
  Одещина Донеччина Луганщина Херсонщина Запоріжжя Сумщина Чернігівщина Полтавщина`
    .split(/\s+/)
    .filter(Boolean),
);

/** Several-word names of places and institutions that are one tag. */
export const MULTI_WORD_ENTITIES: ReadonlyArray<{ name: string; kind: TagKind }> = [
  { name: 'Велика Британія', kind: 'place' },
  { name: 'Південна Корея', kind: 'place' },
  { name: 'Північна Корея', kind: 'place' },
  { name: 'Верховна Рада', kind: 'organisation' },
  { name: 'Кабінет Міністрів', kind: 'organisation' },
  { name: 'Офіс президента', kind: 'organisation' },
  { name: 'Офіс Президента', kind: 'organisation' },
  { name: 'Європейський Союз', kind: 'organisation' },
  { name: 'Європейська комісія', kind: 'organisation' },
  { name: 'Білий дім', kind: 'organisation' },
  { name: 'Рада безпеки ООН', kind: 'organisation' },
  { name: 'Генеральний штаб', kind: 'organisation' },
  { name: 'Збройні сили', kind: 'organisation' },
  { name: 'Національний банк', kind: 'organisation' },
];

const isCapitalised = (w: string) => /^\p{Lu}[\p{Ll}'’ʼ-]/u.test(w) && !isAllCaps(w);
export const isAllCaps = (w: string) => /^[\p{Lu}\d-]{2,}$/u.test(w);

/** 'Джаред' + 'Кушнер', 'Олена' + 'Мирна', 'Тарас' + 'Бондаренко': a personal name. */
export function isPersonalName(first: string, second: string | undefined): boolean {
  if (second === undefined || !isCapitalised(first) || !isCapitalised(second)) return false;
  if (PLACES.has(first) || PLACES.has(second)) return false;
  return GIVEN_NAMES.has(first) || (SURNAME_ENDING.test(second) && !SURNAME_ENDING.test(first));
}

/** The kind of a single-word tag that no stored tag names. */
export function guessSingleWordKind(word: string): TagKind {
  if (PLACES.has(word)) return 'place';
  if (isAllCaps(word)) return 'organisation';
  return 'topic';
}
