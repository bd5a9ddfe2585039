/** Every role, from most to least powerful. */
export const ROLES = ['admin', 'issuer', 'receiver', 'viewer', 'agent'] as const;

/**
 * Roles of a caller. `receiver` (accounts payable) reads and records the company's answers to its
 * suppliers' documents (Ley 19.983); `agent` reads like a viewer; what it may change needs a person's approval.
 */
export type Role = (typeof ROLES)[number];

/** The most companies one actor (one token, one mapped Slack user) may be bound to. */
export const MAXIMUM_ACTOR_COMPANIES = 100;
