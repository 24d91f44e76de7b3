/** A media item as the newsroom's media API returns it (docs/newsroom-api.md, "Media"). */
export interface MediaItem {
  id: number;
  /** Public URL path of the original file, e.g. '/media/ab/abcdef….jpg'. */
  url: string;
  width: number;
  height: number;
  mime: string;
  bytes: number;
  caption: string;
  credit: string;
  alt: string;
  /** Widths of the WebP variants ('/media/ab/<hash>-w480.webp'), smallest first. */
  variantWidths: number[];
  createdAt: string;
}

/** GET /api/v1/admin/media: one page of the library. */
export interface MediaPage {
  items: MediaItem[];
  hasNext: boolean;
}
