/**
 * Every word a reader or an editor sees, in one place, so that an English edition can follow
 * by adding a sibling file with the same keys.
 */
export const uk = {
  siteName: 'Шпальта',
  siteTagline: 'Новини, які варто читати',
  lang: 'uk',
  locale: 'uk_UA',
  nav: {
    home: 'Головна',
    skipToContent: 'Перейти до основного вмісту',
    breadcrumbs: 'Навігаційний ланцюжок',
    sections: 'Розділи',
    mainMenu: 'Основне меню',
  },
  article: {
    byline: 'Автор',
    bylinePlural: 'Автори',
    source: 'Джерело',
    photoCredit: 'Фото',
    recap: 'Нагадаємо',
    tags: 'Теги',
    published: 'Опубліковано',
    updated: 'Оновлено',
  },
  home: {
    title: 'Останні новини',
    feed: 'Стрічка новин',
    main: 'Головне',
    moreNews: 'Більше новин',
    empty: 'Поки що тут немає жодної статті.',
  },
  lists: {
    page: (n: number) => `сторінка ${n}`,
    pagination: 'Сторінки',
    previous: 'Попередня сторінка',
    next: 'Наступна сторінка',
    subsections: 'Підрозділи',
    empty: 'У цьому розділі ще немає статей.',
    authorArticles: 'Статті автора',
    tagArticles: 'Матеріали з тегом',
  },
  tagKinds: {
    person: 'Персона',
    organisation: 'Організація',
    place: 'Місце',
    topic: 'Тема',
  },
  breaking: 'Терміново',
  search: {
    title: 'Пошук',
    label: 'Пошук на сайті',
    placeholder: 'Слово, ім’я чи тема',
    submit: 'Знайти',
    results: { one: 'результат', few: 'результати', many: 'результатів' },
    found: (count: string, kind: 'exact' | 'atLeast' | 'about' = 'exact') =>
      `Знайдено ${kind === 'about' ? 'близько ' : kind === 'atLeast' ? 'понад ' : ''}${count}`,
    nothingFound: (q: string) => `За запитом «${q}» нічого не знайдено.`,
    emptyHints: [
      'Перевірте, чи правильно написано слова.',
      'Спробуйте менше слів або загальніші слова.',
      'Приберіть фільтри розділу, тегу, автора чи дати.',
    ],
    syntaxHelp: 'Слова шукаються в будь-якій формі. "Фраза в лапках" — слова поруч, -слово — без нього, фільтри: розділ:, тег:, автор:, дата:2026-01-01..2026-01-31.',
    sortRelevance: 'За релевантністю',
    sortDate: 'За датою',
    sort: 'Сортування',
    prompt: 'Введіть слово, ім’я чи тему.',
    unknownFilter: (kind: string, value: string) => `Не знаємо ${kind} «${value}».`,
    filterKinds: { section: 'розділу', tag: 'тегу', author: 'автора' },
    errors: {
      tooLong: 'Запит задовгий: до 500 символів.',
      emptyFilter: (name: string, example: string) => `Після «${name}:» вкажіть значення, наприклад ${name}:${example}.`,
      onlyExcluded: 'Запит лише з виключеннями нічого не знайде: додайте хоча б одне слово, яке має бути в тексті.',
      dateOrder: 'Початок проміжку дат пізніший за кінець: напишіть, наприклад, дата:2026-01-01..2026-01-31.',
      badRange: (v: string) => `Не розумію проміжок «${v}»: напишіть, наприклад, дата:2026-01-01..2026-01-31.`,
      badDate: (v: string) => `Не розумію дату «${v}»: пишіть рік, місяць і день так: 2026-01-31.`,
    },
  },
  feeds: {
    rss: 'RSS',
    atom: 'Atom',
    subscribe: 'Підписатися',
    /** A feed's title: the list's name, then the site's, as on the list's own page. */
    title: (name: string, site: string) => `${name} — ${site}`,
    siteDescription: 'Останні новини Шпальти',
    sectionDescription: (name: string) => `Останні новини розділу «${name}»`,
    tagDescription: (name: string) => `Останні матеріали з тегом «${name}»`,
    authorDescription: (name: string) => `Останні статті автора: ${name}`,
  },
  counts: {
    article: { one: 'стаття', few: 'статті', many: 'статей' },
  },
  errors: {
    notFoundTitle: 'Сторінку не знайдено',
    notFoundText: 'Можливо, її перенесли або адресу введено з помилкою.',
    goneTitle: 'Матеріал знято з публікації',
    goneText: 'Редакція зняла цей матеріал із публікації.',
    serverTitle: 'Щось пішло не так',
    serverText: 'Ми вже знаємо про проблему. Спробуйте оновити сторінку за хвилину.',
    unavailableTitle: 'Сайт тимчасово недоступний',
    unavailableText: 'Ми відновлюємо роботу. Спробуйте оновити сторінку за хвилину.',
    backHome: 'На головну',
    latest: 'Останні новини',
    tryAgain: 'Спробуйте пошук:',
  },
  footer: {
    rights: 'Усі права захищено',
  },
} as const;

export type Strings = typeof uk;
