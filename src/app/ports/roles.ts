/** Every role, from most to least powerful. */
export const ROLES = ['admin', 'issuer', 'receiver', 'viewer', 'agent'] as const;

/**
 * Roles of a caller. `receiver` (accounts payable) reads and records the company's answers to its
 * suppliers' documents (Ley 19.983); `agent` reads like a viewer; what it may change needs a person's approval.
 */
export type Role = (typeof ROLES)[number];

/**
 * The role table: what each role may do, the one list every front end and service reads. Viewers and
 * the agent read; issuers also issue and retry; receivers record the answers to suppliers' documents; admins also manage companies, Slack users and channels,
 * and read the rated answers.
 */
export const PERMISSIONS = {
  read: ROLES,
  issue: ['issuer', 'admin'],
  receive: ['receiver', 'admin'],
  manage: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

/** Something a caller may be allowed to do. */
export type Permission = keyof typeof PERMISSIONS;

/** What a permission is called in a refusal: "The role viewer may not issue documents". */
export const PERMISSION_ACTIONS: Readonly<Record<Permission, string>> = {
  read: 'read documents',
  issue: 'issue documents',
  receive: 'record answers to received documents',
  manage: 'manage companies',
};

/** The most companies one actor (one token, one mapped Slack user) may be bound to. */
export const MAXIMUM_ACTOR_COMPANIES = 100;
