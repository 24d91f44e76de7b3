import type { z } from 'zod';
import { errors } from '../core/errors.js';

/** Parses request input with a zod schema; the first problem becomes INVALID_INPUT naming its field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.') || 'input';
  throw errors.invalidInput(field, `${field}: ${issue.message}`);
}
