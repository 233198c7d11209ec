import { randomUUID } from 'node:crypto';
import { HOUR } from '../../../src/platform/clock.ts';
import type { BearerToken, CustomerId, ManagerId, MartId, OperatorId, Principal } from '../../../src/platform/auth.ts';
import { createTokenService } from '../../../src/platform/auth.ts';
import type { PolicyWorld } from '../world.ts';

interface Actor {
  name: string;
  principal: Principal;
}

/** The people in a scenario, by name, and the tokens they sign in with. */
export class Actors {
  readonly #byName = new Map<string, Actor>();
  readonly #tokens = new Map<string, BearerToken>();

  constructor(private readonly world: PolicyWorld) {}

  customer(name: string): Actor {
    return this.#remember(name, () => ({ role: 'customer', customerId: `customer-${randomUUID()}` as CustomerId }));
  }

  manager(name: string, martIds: MartId[]): Actor {
    return this.#remember(name, () => ({
      role: 'manager',
      managerId: `manager-${randomUUID()}` as ManagerId,
      martIds,
    }));
  }

  operator(name: string): Actor {
    return this.#remember(name, () => ({ role: 'operator', operatorId: `operator-${randomUUID()}` as OperatorId }));
  }

  customerId(name: string): CustomerId {
    const principal = this.#byName.get(name)?.principal;
    if (principal?.role !== 'customer') throw new Error(`${name} is not a customer in this scenario`);
    return principal.customerId;
  }

  /** The marts a mart manager of the scenario manages; anyone else is a mistake in the scenario. */
  martsOf(name: string): readonly MartId[] {
    const principal = this.#byName.get(name)?.principal;
    if (principal?.role !== 'manager') throw new Error(`${name} is not a mart manager in this scenario`);
    return principal.martIds;
  }

  /**
   * A fresh token for a known person, valid for an hour from the scenario's clock. Signing again at the same
   * instant with the same key would give the same token, so it is signed once per person, instant and key.
   */
  token(name: string): BearerToken {
    const actor = this.#byName.get(name);
    if (!actor) throw new Error(`${name} has not been introduced in this scenario`);
    const key = `${name}\n${this.world.clock.now()}\n${this.world.config.authSecret}`;
    let token = this.#tokens.get(key);
    if (!token) this.#tokens.set(key, (token = this.world.app.services.tokens.issue(actor.principal, HOUR)));
    return token;
  }

  /** A token that claims to be `name` but is signed with a key the platform does not know. */
  forgedToken(name: string): BearerToken {
    const actor = this.#byName.get(name);
    if (!actor) throw new Error(`${name} has not been introduced in this scenario`);
    return createTokenService('a-key-that-the-platform-has-never-seen', this.world.clock).issue(actor.principal);
  }

  #remember(name: string, make: () => Principal): Actor {
    const actor = this.#byName.get(name) ?? { name, principal: make() };
    this.#byName.set(name, actor);
    return actor;
  }
}
