/** The receiver's answers (Ley 19.983): the registry poll of our documents and the registry service. */
export { DEFAULT_REGISTRY_POLL_SETTINGS, nextPollDelay, recoveryDelay, type RegistryPollSettings } from './poll-schedule.ts';
export { deadlineOf, isClaim, isRegistryAction, receiverStatusOf, REGISTRY_ACTIONS, REGISTRY_TYPES, REGISTRY_WINDOW_MS } from './receiver-status.ts';
export { createRegistryGatewayPool, registryPollKey, type RegistryContext, type RegistryGatewayFactory } from './registry-context.ts';
export { createRegistryPoll, isFollowed, type RegistryPoll } from './registry-poll.ts';
export { createRegistryService } from './registry-service.ts';
