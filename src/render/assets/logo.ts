/**
 * The site's mark: a white «Ш» on the accent blue, drawn with rectangles rather than a font so
 * that it renders the same everywhere (a PNG of it is made with sharp, which has no fonts to
 * rely on). Structured data names the PNG as the publisher's logo: Google wants a raster image
 * of at least 112 × 112 pixels.
 */
export const LOGO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">' +
  '<rect width="512" height="512" rx="96" fill="#0b57a4"/>' +
  '<g fill="#fff"><rect x="136" y="136" width="48" height="240"/><rect x="232" y="136" width="48" height="240"/>' +
  '<rect x="328" y="136" width="48" height="240"/><rect x="136" y="328" width="240" height="48"/></g></svg>';

/** Where the logo is served and its PNG's size, for JSON-LD and Open Graph. */
export const LOGO = { svgPath: '/logo.svg', pngPath: '/logo.png', width: 512, height: 512 } as const;
