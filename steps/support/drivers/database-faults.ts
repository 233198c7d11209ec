import type { PolicyWorld } from '../world.ts';

export interface RefusedWrite {
  /** Names the trigger: `martbook_fault_<name>`. */
  name: string;
  table: string;
  writes: 'INSERT' | 'INSERT OR UPDATE';
  /** Only rows that match are refused (a condition on NEW), else every one. */
  when?: string;
  /** Why the database says it refused, after "injected fault: ". */
  reason: string;
}

/**
 * The database itself refuses a write (a trigger that raises), as a full disk or a dropped connection would, so the
 * same fault works on the embedded database and on a real Postgres server. Lifted by `liftRefusal`, and after the
 * scenario in any case.
 */
export async function refuseWrites(world: PolicyWorld, fault: RefusedWrite): Promise<void> {
  const { db } = world.resources;
  const trigger = `martbook_fault_${fault.name}`;
  await db.exec(`
    CREATE OR REPLACE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'injected fault: ${fault.reason}'; END $$;
    CREATE TRIGGER ${trigger} BEFORE ${fault.writes} ON ${fault.table} FOR EACH ROW
    ${fault.when ? `WHEN (${fault.when})` : ''} EXECUTE FUNCTION ${trigger}();
  `);
  world.cleanups.push(() => liftRefusal(world, fault));
}

/** The database takes those writes again. */
export async function liftRefusal(world: PolicyWorld, fault: RefusedWrite): Promise<void> {
  const trigger = `martbook_fault_${fault.name}`;
  await world.resources.db.exec(
    `DROP TRIGGER IF EXISTS ${trigger} ON ${fault.table}; DROP FUNCTION IF EXISTS ${trigger}();`,
  );
}
