/**
 * Every error Shpalta raises on purpose comes from here: a stable `code` that clients and
 * tests can rely on, a message a person can act on, and where it happened when that is known.
 *
 * `ERROR_CATALOGUE` is the one list of codes, each with the HTTP status it is answered with
 * (null: the command line's own, never an HTTP answer) and a line on how to fix it. docs/errors.md
 * lists it whole, and the API tables in README.md and docs/ list their part of it: a test holds
 * them to it. Errors are made by the factories in `errors` below, not with `new ShpaltaError`.
 */

/** The statuses the catalogue answers with; null for the command line's errors. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 500 | 503 | null;

export const ERROR_CATALOGUE = {
  INVALID_INPUT: { status: 400, hint: 'Correct the parameter or field that `field` names, as `message` says.' },
  BAD_URL: { status: 400, hint: 'Percent-encode the URL correctly (UTF-8, `%` followed by two hex digits).' },
  UNAUTHENTICATED: { status: 401, hint: 'Sign in (`POST /api/v1/admin/session`) and send the session cookie.' },
  BAD_CREDENTIALS: { status: 401, hint: 'Check the email and password; an admin can reset it with `shpalta user reset-password`.' },
  FORBIDDEN: { status: 403, hint: 'Ask an editor or admin to do it, or to give your account the role it needs.' },
  CSRF_TOKEN: { status: 403, hint: 'Send the session\'s token (`GET /api/v1/admin/session`) in the `X-CSRF-Token` header.' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, hint: 'Choose your own password first, on the newsroom page /admin/account: the one you have was handed out.' },
  CROSS_SITE: { status: 403, hint: 'Sign in from this site\'s own sign-in page, not from another site.' },
  NOT_FOUND: { status: 404, hint: 'Check the id or path: the thing does not exist, or is not published.' },
  ROUTE_NOT_FOUND: { status: 404, hint: 'Check the method and path against the API documentation.' },
  CONFLICT: { status: 409, hint: 'Choose another value for `field` (it is taken), or use the existing record.' },
  VERSION_CONFLICT: { status: 409, hint: 'Merge your changes into `current` and save again with its version as `baseVersion`.' },
  INVALID_TRANSITION: { status: 409, hint: 'Reload the article: its status no longer allows this step.' },
  GONE: { status: 410, hint: 'The article was taken down; remove links to it.' },
  LINK_INVALID: { status: 410, hint: 'Ask an admin for a new invitation or password link: this one was used, replaced or has expired.' },
  PAYLOAD_TOO_LARGE: { status: 413, hint: 'Send a smaller body: uploads up to `MAX_UPLOAD_MB`, other requests up to 1 MB.' },
  UNSUPPORTED_CONTENT_TYPE: { status: 415, hint: 'Send the body as `application/json` (an upload as `multipart/form-data`).' },
  JSON_REQUIRED: { status: 415, hint: 'Send the sign-in as JSON with `Content-Type: application/json`.' },
  UNSUPPORTED_MEDIA: { status: 415, hint: 'Upload a JPEG, PNG, WebP or AVIF image that opens in an image viewer.' },
  IMAGE_TOO_LARGE: { status: 422, hint: 'Scale the image down to at most 50 megapixels before uploading.' },
  SOCIAL_URL_UNSUPPORTED: { status: 422, hint: 'Paste the address of one post (Telegram, X, Facebook, Instagram, YouTube, TikTok, Threads, Bluesky).' },
  TOO_MANY_ATTEMPTS: { status: 429, hint: 'Wait the seconds that `Retry-After` says before signing in again.' },
  INTERNAL: { status: 500, hint: 'A bug: the server log has the cause under the request\'s `X-Request-Id`.' },
  DATABASE_UNAVAILABLE: { status: 503, hint: 'Try again after `Retry-After` seconds; operators: check that the database is up.' },
  MEDIA_STORE_UNAVAILABLE: { status: 503, hint: 'Try again after `Retry-After` seconds; operators: check the bucket named (docs/media-storage.md).' },
  IMPORT_FORMAT: { status: 400, hint: 'Fix the file at the line named (`demo/README.md` describes the format) and import it again.' },
  IMPORT_FILE: { status: 400, hint: 'Check that the file exists, is readable, and is within the size limit named.' },
  IMPORT_MEMORY: { status: null, hint: 'Run `shpalta import` again with a larger `IMPORT_MEMORY_MB`: what it wrote before it stopped is kept and skipped.' },
  IMPORT_FAILED: { status: null, hint: 'Fix the cause named after the colon and run `shpalta import --json` again.' },
  NOT_EMPTY: { status: null, hint: 'Import into an empty database, or add `--force` to empty it first.' },
  BACKUP: { status: null, hint: 'Fix what the message names (file, tools, a database in use) and run the command again.' },
  MIGRATION_FAILED: { status: null, hint: 'Fix the cause named after the colon, or restore the backup taken before upgrading, and start again.' },
  CONFIG_INVALID: { status: null, hint: 'Correct the environment variables named (README, *Configuration*) and start again.' },
} as const satisfies Record<string, { status: ErrorStatus; hint: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export const isErrorCode = (code: unknown): code is ErrorCode => typeof code === 'string' && Object.hasOwn(ERROR_CATALOGUE, code);

export interface ErrorLocation {
  field?: string;
  file?: string;
  line?: number;
}

export class ShpaltaError extends Error {
  readonly code: ErrorCode;
  readonly location: ErrorLocation;
  /** For TOO_MANY_ATTEMPTS, DATABASE_UNAVAILABLE and MEDIA_STORE_UNAVAILABLE: when to try again (the HTTP layer sends Retry-After). */
  retryAfterSeconds?: number;
  /** More for API clients, sent beside `error` (VERSION_CONFLICT: the `current` article). */
  extra?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, location: ErrorLocation = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ShpaltaError';
    this.code = code;
    this.location = location;
  }

  /** The HTTP status of this error's code; null for the command line's own. */
  get status(): ErrorStatus {
    return ERROR_CATALOGUE[this.code].status;
  }

  /** How to fix errors of this code, in one line. */
  get hint(): string {
    return ERROR_CATALOGUE[this.code].hint;
  }

  /** 'file.txt:12: message' for people reading a terminal. */
  describe(): string {
    const { file, line, field } = this.location;
    const where = file ? (line ? `${file}:${line}` : file) : field ? `${field}` : '';
    return where ? `${where}: ${this.message}` : this.message;
  }
}

const withRetry = (e: ShpaltaError, seconds: number) => {
  e.retryAfterSeconds = seconds;
  return e;
};

const fieldOf = (field?: string): ErrorLocation => (field ? { field } : {});

/** The only ways to make a ShpaltaError: one factory per way a code is raised. */
export const errors = {
  // Input and addressing
  invalidInput: (field: string, message: string) => new ShpaltaError('INVALID_INPUT', message, { field }),
  /** Input that concerns the request as a whole (its body), not one field. */
  invalidRequest: (message: string) => new ShpaltaError('INVALID_INPUT', message),
  badUrl: (message: string) => new ShpaltaError('BAD_URL', message),
  notFound: (what: string) => new ShpaltaError('NOT_FOUND', `${what} not found`),
  routeNotFound: (method: string, path: string) => new ShpaltaError('ROUTE_NOT_FOUND', `No API route ${method} ${path}`),
  gone: (what: string) => new ShpaltaError('GONE', `${what} is no longer published`),
  conflict: (field: string, message: string) => new ShpaltaError('CONFLICT', message, { field }),
  /** `extra` is sent beside the error: the stored article and the labels it needs. */
  versionConflict: (currentVersion: number, extra: Record<string, unknown>) => {
    const e = new ShpaltaError('VERSION_CONFLICT', `The article was changed by someone else (now version ${currentVersion}): merge or reload`, { field: 'baseVersion' });
    e.extra = extra;
    return e;
  },
  invalidTransition: (step: string, status: string, message = `'${step}' does not apply to an article that is ${status}`) => new ShpaltaError('INVALID_TRANSITION', message, { field: 'step' }),

  // Who may do what
  unauthenticated: () => new ShpaltaError('UNAUTHENTICATED', 'Sign in first'),
  badCredentials: () => new ShpaltaError('BAD_CREDENTIALS', 'Wrong email or password'),
  forbidden: (why = 'Your role does not allow this', field?: string) => new ShpaltaError('FORBIDDEN', why, fieldOf(field)),
  passwordChangeRequired: () => new ShpaltaError('PASSWORD_CHANGE_REQUIRED', 'Choose your own password first: the one you signed in with was handed out'),
  linkInvalid: () => new ShpaltaError('LINK_INVALID', 'This link was used, replaced by a newer one or has expired'),
  csrfToken: () => new ShpaltaError('CSRF_TOKEN', 'The request lacks a valid CSRF token: reload the page'),
  crossSite: (why: string) => new ShpaltaError('CROSS_SITE', `A sign-in sent from another site is refused (${why}): sign in on this site's own page`),
  tooManyAttempts: (retryAfterSeconds: number) => {
    const wait = retryAfterSeconds < 60 ? `${retryAfterSeconds} s` : `${Math.ceil(retryAfterSeconds / 60)} min`;
    return withRetry(new ShpaltaError('TOO_MANY_ATTEMPTS', `Too many failed sign-ins: try again in ${wait}`), retryAfterSeconds);
  },

  // Bodies and uploads
  payloadTooLarge: (message: string, field?: string) => new ShpaltaError('PAYLOAD_TOO_LARGE', message, fieldOf(field)),
  unsupportedContentType: (message: string) => new ShpaltaError('UNSUPPORTED_CONTENT_TYPE', message),
  jsonRequired: () => new ShpaltaError('JSON_REQUIRED', 'Send the sign-in as JSON (Content-Type: application/json)'),
  /** `message` names the file (the newsroom's upload says it in Ukrainian). */
  unsupportedMedia: (message: string, cause?: unknown) => new ShpaltaError('UNSUPPORTED_MEDIA', message, { field: 'file' }, { cause }),
  imageTooLarge: (name: string, pixels: number, max: number, message = `${name} has ${Math.round(pixels / 1e6)} megapixels, more than the ${Math.round(max / 1e6)} allowed: scale it down before uploading`) =>
    new ShpaltaError('IMAGE_TOO_LARGE', message, { file: name }),

  /** `url` is no post of a platform we know (core/social.ts); `message` is the editor's, in Ukrainian. */
  socialUrlUnsupported: (message: string) => new ShpaltaError('SOCIAL_URL_UNSUPPORTED', message, { field: 'url' }),

  // The server
  internal: () => new ShpaltaError('INTERNAL', 'Internal server error'),
  databaseUnavailable: (retryAfterSeconds: number, cause: unknown) =>
    withRetry(new ShpaltaError('DATABASE_UNAVAILABLE', `The database is unreachable; try again in ${retryAfterSeconds} s`, {}, { cause }), retryAfterSeconds),
  /** `message` names the store and the cause (storage/media-store-s3.ts). */
  mediaStoreUnavailable: (message: string, retryAfterSeconds: number, cause: unknown) => withRetry(new ShpaltaError('MEDIA_STORE_UNAVAILABLE', message, {}, { cause }), retryAfterSeconds),

  // The command line: imports, exports, backups, configuration
  /** A line of `file` is malformed; `line` null when the file as a whole is. */
  importFormat: (file: string, line: number | null, message: string) => new ShpaltaError('IMPORT_FORMAT', message, line === null ? { file } : { file, line }),
  importFile: (file: string, message: string, cause?: unknown) => new ShpaltaError('IMPORT_FILE', message, { file }, { cause }),
  /**
   * An import outgrew the heap it runs in (IMPORT_MEMORY_MB); `file` is the first it had not
   * written yet, when known: the files before it are in.
   */
  importMemory: (memoryMb: number, file: string | null) =>
    new ShpaltaError(
      'IMPORT_MEMORY',
      `The import ran out of its memory (IMPORT_MEMORY_MB=${memoryMb})${file ? ' before this file was written (the files before it are)' : ''}: run it again with a larger IMPORT_MEMORY_MB to go on`,
      file ? { file } : {},
    ),
  importFailed: (file: string, cause: unknown) =>
    new ShpaltaError('IMPORT_FAILED', `The import failed and nothing of it was kept: ${isShpaltaError(cause) ? cause.describe() : (cause as Error).message}`, { file }, { cause }),
  /** `what` the database holds, as '3 articles, 1 sections'. */
  notEmpty: (what: string) => new ShpaltaError('NOT_EMPTY', `The database is not empty (${what}): import into an empty database, or add --force to empty it first`),
  backup: (message: string, file?: string) => new ShpaltaError('BACKUP', message, file ? { file } : {}),
  config: (message: string) => new ShpaltaError('CONFIG_INVALID', message),
  migrationFailed: (step: string, cause: unknown) =>
    new ShpaltaError('MIGRATION_FAILED', `Database migration ${step} failed: ${String((cause as Error)?.message ?? cause)}`, {}, { cause }),
};

export function isShpaltaError(e: unknown): e is ShpaltaError {
  return e instanceof ShpaltaError;
}
