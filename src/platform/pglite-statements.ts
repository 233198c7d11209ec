import { parse, protocol, type PGlite } from '@electric-sql/pglite';

const { serialize } = protocol;
/** Prepared statements kept per database; past it the oldest is closed (bulk inserts vary their text). */
const MAX_PREPARED = 500;

interface Prepared {
  name: string;
  /** The type of each parameter, as Postgres inferred it: picks PGlite's serializer for the value. */
  types: number[];
}

/**
 * Statements on PGlite at a third of the CPU of `PGlite.query`, which parses and plans each statement anew and
 * enters the database six times (parse, describe, bind, describe, execute, sync). Here a statement is prepared
 * once by its text, and each run is one call (bind, describe, execute, sync). Values and rows go through PGlite's
 * own serializers and parsers, as in `query`. The caller holds the database alone (see `Turns`).
 */
export class PgliteStatements {
  readonly #prepared = new Map<string, Prepared>();
  #named = 0;

  constructor(private readonly db: PGlite) {}

  async query<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    const { name, types } = this.#prepared.get(sql) ?? (await this.#prepare(sql));
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const toText = this.db.serializers[types[i]!];
      // Types PGlite has no serializer for (uuid, numeric …) take the text of a string or number as it is.
      return toText ? toText(value) : (value as string | number).toString();
    });
    const { messages } = await this.#send(
      serialize.bind({ statement: name, values }),
      serialize.describe({ type: 'P' }),
      serialize.execute({}),
      serialize.sync(),
    );
    return parse.parseResults(messages, this.db.parsers)[0]!.rows as Row[];
  }

  async #prepare(sql: string): Promise<Prepared> {
    const oldest = this.#prepared.size >= MAX_PREPARED ? this.#prepared.entries().next().value : undefined;
    if (oldest) this.#prepared.delete(oldest[0]);
    const name = `martbook_${++this.#named}`;
    const { messages } = await this.#send(
      ...(oldest ? [serialize.close({ type: 'S', name: oldest[1].name })] : []),
      serialize.parse({ name, text: sql }),
      serialize.describe({ type: 'S', name }),
      serialize.sync(),
    );
    const prepared = { name, types: parse.parseDescribeStatementResults(messages) };
    this.#prepared.set(sql, prepared);
    return prepared;
  }

  /** The messages as one call; a refusal throws once the database is ready again (the sync is part of it). */
  #send(...parts: Uint8Array[]) {
    return this.db.execProtocol(Buffer.concat(parts), { syncToFs: false });
  }
}
