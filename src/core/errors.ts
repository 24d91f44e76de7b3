/**
 * Every error Shpalta raises on purpose comes from here: a stable `code` that clients and
 * tests can rely on, a message a person can act on, and where it happened when that is known.
 * The HTTP layer maps codes to statuses in one table (server/errors.ts).
 */
export interface ErrorLocation {
  field?: string;
  file?: string;
  line?: number;
}

export class ShpaltaError extends Error {
  readonly code: string;
  readonly location: ErrorLocation;
  /** For TOO_MANY_ATTEMPTS: when to try again (the HTTP layer sends Retry-After). */
  retryAfterSeconds?: number;
  /** More for API clients, sent beside `error` (VERSION_CONFLICT: the `current` article). */
  extra?: Record<string, unknown>;

  constructor(code: string, message: string, location: ErrorLocation = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ShpaltaError';
    this.code = code;
    this.location = location;
  }

  /** 'file.txt:12: message' for people reading a terminal. */
  describe(): string {
    const { file, line, field } = this.location;
    const where = file ? (line ? `${file}:${line}` : file) : field ? `${field}` : '';
    return where ? `${where}: ${this.message}` : this.message;
  }
}

export const errors = {
  notFound: (what: string) => new ShpaltaError('NOT_FOUND', `${what} not found`),
  gone: (what: string) => new ShpaltaError('GONE', `${what} is no longer published`),
  invalidInput: (field: string, message: string) => new ShpaltaError('INVALID_INPUT', message, { field }),
  importFormat: (file: string, line: number, message: string) =>
    new ShpaltaError('IMPORT_FORMAT', message, { file, line }),
  importFile: (file: string, message: string, cause?: unknown) =>
    new ShpaltaError('IMPORT_FILE', message, { file }, { cause }),
  config: (message: string) => new ShpaltaError('CONFIG_INVALID', message),
  conflict: (field: string, message: string) => new ShpaltaError('CONFLICT', message, { field }),
};

export function isShpaltaError(e: unknown): e is ShpaltaError {
  return e instanceof ShpaltaError;
}
