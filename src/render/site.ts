/** What every page needs to know about the site it belongs to. */
export interface SiteContext {
  /** Absolute origin for canonical links and feeds, without a trailing slash. */
  url: string;
  name: string;
  /** Top-level sections for the main menu. */
  sections: Array<{ name: string; path: string }>;
  stylesheet: string;
  now: Date;
  /** The 'Терміново' banner, while a breaking story is under an hour old. */
  breaking: { title: string; path: string; until: Date } | null;
}

export const absolute = (site: Pick<SiteContext, 'url'>, path: string) => site.url + path;
