/**
 * One schema change. Statements run one by one, in order, in the transaction that records the
 * migration as applied; a migration is never edited once released, only followed by another.
 */
export interface Migration {
  /** Its number: migrations apply in increasing order, each once. */
  id: number;
  name: string;
  /** Plain Postgres SQL, one statement per entry (PGlite's parameterised queries take one at a time). */
  statements: readonly string[];
}
