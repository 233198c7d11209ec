import { parse, protocol, type PGlite } from '@electric-sql/pglite';

const { serialize } = protocol;
type BackendMessage = Awaited<ReturnType<PGlite['execProtocol']>>['messages'][number];
/** Prepared statements kept per database; past it the least recently used is closed (bulk inserts vary their text). */
const MAX_PREPARED = 500;

interface Prepared {
  name: string;
  /** The type of each parameter, as Postgres inferred it: picks PGlite's serializer for the value. */
  types: number[];
  /** Its rows' columns (names and types) as described once when prepared; none for a statement without rows. */
  columns: BackendMessage[];
}

/**
 * Statements on PGlite at a third of the CPU of `PGlite.query`, which parses and plans each statement anew and
 * enters the database six times (parse, describe, bind, describe, execute, sync). Here a statement is prepared
 * and described once by its text, and each run is one call (bind, execute, sync): its rows are read with the
 * columns described then (Postgres refuses to run a prepared statement whose columns have changed since).
 * Values and rows go through PGlite's own serializers and parsers, as in `query`. Each call holds PGlite's query
 * lock, as `query` does: two statements of one transaction sent at once run one after the other.
 */
export class PgliteStatements {
  /** By text, in the order of last use: the least recently used is closed first. */
  readonly #prepared = new Map<string, Promise<Prepared>>();
  #named = 0;

  constructor(private readonly db: PGlite) {}

  async query<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    const { name, types, columns } = await this.#statement(sql);
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const toText = this.db.serializers[types[i]!];
      // Types PGlite has no serializer for (uuid, numeric …) take the text of a string or number as it is.
      return toText ? toText(value) : (value as string | number).toString();
    });
    const { messages } = await this.#send(
      serialize.bind({ statement: name, values }),
      serialize.execute({}),
      serialize.sync(),
    );
    return parse.parseResults([...columns, ...messages], this.db.parsers)[0]!.rows as Row[];
  }

  /** The statement for this text, prepared once even when several callers ask at the same time. */
  #statement(sql: string): Promise<Prepared> {
    let prepared = this.#prepared.get(sql);
    if (prepared) {
      this.#prepared.delete(sql); // set again below: now the most recently used
    } else {
      prepared = this.#prepare(sql);
      // A text Postgres refused is not kept: the next caller hears the refusal from Postgres again.
      prepared.catch(() => this.#prepared.get(sql) === prepared && this.#prepared.delete(sql));
    }
    this.#prepared.set(sql, prepared);
    return prepared;
  }

  async #prepare(sql: string): Promise<Prepared> {
    const [evicted] = this.#prepared.size >= MAX_PREPARED ? this.#prepared : [];
    if (evicted) this.#prepared.delete(evicted[0]);
    const closing = evicted && (await evicted[1].catch(() => undefined));
    const name = `martbook_${++this.#named}`;
    const { messages } = await this.#send(
      ...(closing ? [serialize.close({ type: 'S', name: closing.name })] : []),
      serialize.parse({ name, text: sql }),
      serialize.describe({ type: 'S', name }),
      serialize.sync(),
    );
    const columns = messages.filter((message) => message.name === 'rowDescription');
    return { name, types: parse.parseDescribeStatementResults(messages), columns };
  }

  /** The messages as one call; a refusal throws once the database is ready again (the sync is part of it). */
  #send(...parts: Uint8Array[]) {
    return this.db.runExclusive(() => this.db.execProtocol(Buffer.concat(parts), { syncToFs: false }));
  }
}
