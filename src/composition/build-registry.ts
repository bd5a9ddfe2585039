import type { ClaimListener, DocumentListener, JobRunner, RegistryGatewayOpener, RegistryService, Store } from '../app/ports/index.ts';
import {
  createRegistryGatewayPool, createRegistryPoll, createRegistryService, DEFAULT_REGISTRY_POLL_SETTINGS, type RegistryContext, type RegistryPoll, type RegistryPollSettings,
} from '../app/registry/index.ts';
import type { SignerCache } from '../app/signer-cache.ts';
import type { Logger } from '../observability/logger.ts';

/** The registry part (Ley 19.983): its poll is a listener of the submission queue, built with the queue's runner. */
export interface RegistryPart {
  /** The poll over the queue's runner, telling these listeners of claims (called once, by buildSubmission). */
  listener(runner: Pick<JobRunner, 'add'>, claimListeners: readonly ClaimListener[]): DocumentListener;
  /** The service (after `listener`). */
  service(): RegistryService;
  /** Queues the poll of every open window again (at start, after the queue's own recovery). */
  recover(): Promise<number>;
}

/** Builds the registry part over the company certificates and the registry's gateways. */
export function buildRegistry(options: {
  store: Store; signers: SignerCache; openRegistry: RegistryGatewayOpener; clock: () => Date; logger: Logger; settings?: Partial<RegistryPollSettings>;
}): RegistryPart {
  const gateways = createRegistryGatewayPool(options.store, options.signers, options.openRegistry);
  let built: { poll: RegistryPoll; service: RegistryService } | undefined;
  const ready = () => {
    if (built === undefined) throw new Error('The registry is built with the submission queue: call listener first.');
    return built;
  };
  return {
    listener(runner, claimListeners) {
      const context: RegistryContext = {
        store: options.store, gateways, runner, listeners: claimListeners, clock: options.clock, random: Math.random,
        settings: { ...DEFAULT_REGISTRY_POLL_SETTINGS, ...options.settings }, logger: options.logger.child({ component: 'registry' }),
      };
      built = { poll: createRegistryPoll(context), service: createRegistryService(context) };
      return built.poll;
    },
    service: () => ready().service,
    recover: () => ready().poll.recover(),
  };
}
