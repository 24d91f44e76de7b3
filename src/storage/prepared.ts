import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Schema } from './schema.js';

/** Stands for one argument (or one item of an array argument) while a query is compiled once. */
class Slot {
  constructor(
    readonly arg: number,
    readonly item: number,
  ) {}
}

/** What a prepared query takes: values that go into the query as they are, or lists of them (`in (…)`). */
type Arg = string | number | null | ReadonlyArray<string | number>;

/** Shapes kept per database: lists of ids make one shape per length. */
const MAX_SHAPES = 64;

/**
 * A read on the reader's path compiled once instead of on every call. Kysely builds and compiles
 * a query's SQL each time it runs, which on a page's small queries costs about as much as
 * SQLite running them; an uncached article page makes five. `build` is called once per database
 * and shape (the lengths of the array arguments) with placeholders for the arguments, and each
 * call runs the SQL it made with that call's values.
 *
 * So `build` must put its arguments into the query as values and do nothing else with them: no
 * branching on them, no arithmetic, no conversion (`fromDate(x)` belongs to the caller). A
 * builder that uses an argument otherwise is caught the first time it runs.
 */
export function prepared<A extends Arg[], O>(build: (db: Kysely<Schema>, ...args: A) => Compilable<O>): (db: Kysely<Schema>, ...args: A) => Promise<O[]> {
  const byDatabase = new WeakMap<Kysely<Schema>, Map<string, CompiledQuery<O>>>();
  return async (db, ...args) => {
    // A transaction is a Kysely of its own, used once: it compiles as any query does.
    if (db.isTransaction) return (await db.executeQuery(build(db, ...args))).rows;
    let shapes = byDatabase.get(db);
    if (!shapes) byDatabase.set(db, (shapes = new Map()));
    const shape = args.map((a) => (Array.isArray(a) ? a.length : '')).join(',');
    let compiled = shapes.get(shape);
    if (!compiled) {
      compiled = compile(db, build, args);
      if (shapes.size >= MAX_SHAPES) shapes.clear();
      shapes.set(shape, compiled);
    }
    const parameters = compiled.parameters.map((p) => (p instanceof Slot ? (p.item < 0 ? args[p.arg] : (args[p.arg] as ReadonlyArray<unknown>)[p.item]) : p));
    return (await db.executeQuery<O>({ ...compiled, parameters })).rows;
  };
}

function compile<A extends Arg[], O>(db: Kysely<Schema>, build: (db: Kysely<Schema>, ...args: A) => Compilable<O>, args: A): CompiledQuery<O> {
  const slots = args.map((a, i) => (Array.isArray(a) ? a.map((_, j) => new Slot(i, j)) : new Slot(i, -1)));
  const compiled = build(db, ...(slots as unknown as A)).compile();
  const used = new Set(compiled.parameters.filter((p): p is Slot => p instanceof Slot).map((p) => `${p.arg}:${p.item}`));
  slots.flat().forEach((s) => {
    if (!used.has(`${s.arg}:${s.item}`)) throw new Error(`A prepared query does not put its argument ${s.arg + 1} into the query as a value: ${compiled.sql}`);
  });
  return compiled;
}
