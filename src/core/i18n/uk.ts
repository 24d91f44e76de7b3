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
    empty: 'Поки що тут немає жодної статті.',
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
    backHome: 'На головну',
  },
  footer: {
    rights: 'Усі права захищено',
  },
} as const;

export type Strings = typeof uk;
