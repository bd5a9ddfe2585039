/** Documents we receive from suppliers: intake, checks, answers, decisions (DESIGN.md, "Documents we receive"). */
export { createReceivedService } from './received-service.ts';
export { registryActions } from './decide-received.ts';
export { CLAIM_WINDOW_DAYS, claimDeadline } from './received-dependencies.ts';
export type { ReceivedDependencies } from './received-dependencies.ts';
export { MAX_DELIVERY_ATTEMPTS } from './answer-outbox.ts';
