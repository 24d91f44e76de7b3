import type { ColumnDefinitionBuilder, CreateTableBuilder } from 'kysely';
import type { DialectName } from '../database.js';

/** The few column shapes that differ between SQLite and PostgreSQL, decided in one place. */
export function columnTypes(dialect: DialectName) {
  const pg = dialect === 'postgres';
  return {
    timestamp: pg ? ('timestamptz' as const) : ('text' as const),
    /** An auto-numbered integer primary key. */
    id<T extends string>(table: CreateTableBuilder<T, never>) {
      return table.addColumn('id', 'integer', (c: ColumnDefinitionBuilder) =>
        pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
      );
    },
  };
}
