import type { z } from 'zod';
import { errors } from '../core/errors.js';
import { uk } from '../core/i18n/uk.js';
import { countUk } from '../core/uk-format.js';

/** Parses request input with a zod schema; the first problem becomes INVALID_INPUT naming its field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  return firstIssue(schema.safeParse(input));
}

/**
 * As parseInput, for the newsroom: the editor shows the message to an editor, so it is in
 * Ukrainian ('title: не більше 300 символів'). Messages a schema states itself take precedence.
 */
export function parseEditorInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  return firstIssue(schema.safeParse(input, { error: ukrainianIssue }));
}

function firstIssue<T>(result: z.ZodSafeParseResult<T>): T {
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.') || 'input';
  throw errors.invalidInput(field, `${field}: ${issue.message}`);
}

type Issue = Parameters<z.core.$ZodErrorMap>[0];

/** zod's issue in the newsroom's Ukrainian; undefined leaves zod's own message. */
export function ukrainianIssue(issue: Issue): string | undefined {
  const v = uk.validation;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null ? v.required : v.type(String(issue.expected));
    case 'too_small':
    case 'too_big': {
      const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      if (issue.code === 'too_small' && bound === 1 && (issue.origin === 'string' || issue.origin === 'array')) return v.empty;
      const count = issue.origin === 'string' ? countUk(bound, uk.counts.character) : issue.origin === 'array' ? countUk(bound, uk.counts.item) : String(bound);
      return issue.code === 'too_small' ? v.atLeast(count) : v.atMost(count);
    }
    case 'invalid_format':
      return issue.format === 'email' ? v.email : issue.format === 'url' ? v.url : issue.format === 'datetime' ? v.datetime : v.format;
    case 'invalid_value':
      return v.oneOf(issue.values.map(String).join(', '));
    case 'unrecognized_keys':
      return v.unknownFields(issue.keys.join(', '));
    default:
      return v.invalid;
  }
}
