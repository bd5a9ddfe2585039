/** Every role, from most to least powerful. */
export const ROLES = ['admin', 'issuer', 'viewer', 'agent'] as const;

/** Roles of a caller. `agent` reads like a viewer; what it may change needs a person's approval. */
export type Role = (typeof ROLES)[number];

/** The most companies one actor (one token, one mapped Slack user) may be bound to. */
export const MAXIMUM_ACTOR_COMPANIES = 100;
