import { describe, expect, it } from 'vitest';
import { authorize, mayDo } from '../../src/app/authorize.ts';
import { ROLES, type Actor, type Permission, type Role } from '../../src/app/ports/index.ts';
import { COMPANY, createTestApp, facturaRequest, jsonHeaders, OTHER_COMPANY, problemOf, tokenFor } from '../http/support/test-app.ts';

const actor = (role: Role, companies: string[] = [COMPANY]): Actor => ({ subject: `test-${role}`, role, companies });

/** The FORBIDDEN message authorize throws, or undefined when it lets the actor through. */
function refusal(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    expect(error).toMatchObject({ code: 'FORBIDDEN' });
    return (error as Error).message;
  }
}

describe('the access decision', () => {
  it('reads one role table: every role reads, issuers and admins issue, receivers and admins answer suppliers, admins manage', () => {
    const allowed = (permission: Permission) => ROLES.filter((role) => mayDo({ role }, permission));
    expect(allowed('read')).toEqual(['admin', 'issuer', 'receiver', 'viewer', 'agent']);
    expect(allowed('receive')).toEqual(['admin', 'receiver']);
    expect(allowed('issue')).toEqual(['admin', 'issuer']);
    expect(allowed('manage')).toEqual(['admin']);
  });

  it('refuses a role and a company each with one wording, naming the roles that may', () => {
    expect(refusal(() => authorize(actor('viewer'), 'issue', COMPANY))).toBe('The role viewer may not issue documents: it needs the role issuer or admin.');
    expect(refusal(() => authorize(actor('issuer'), 'manage'))).toBe('The role issuer may not manage companies: it needs the role admin.');
    expect(refusal(() => authorize(actor('issuer'), 'issue', OTHER_COMPANY))).toBe(`This token is not bound to company ${OTHER_COMPANY}.`);
    expect(refusal(() => authorize(actor('issuer'), 'issue', COMPANY))).toBeUndefined();
    // The role is decided before the company: a viewer of another company hears about its role.
    expect(refusal(() => authorize(actor('viewer'), 'issue', OTHER_COMPANY))).toMatch(/^The role viewer/);
  });

  it('is the decision the HTTP API answers with, for the route\'s declared permission and the request\'s company', async () => {
    const test = await createTestApp();
    try {
      const viewer = await test.app.inject({ method: 'POST', url: '/v1/documents', headers: jsonHeaders(await tokenFor('viewer')), payload: facturaRequest() });
      expect(problemOf(viewer)['detail']).toBe(refusal(() => authorize(actor('viewer'), 'issue')));
      const foreign = await test.app.inject({ method: 'POST', url: '/v1/documents', headers: jsonHeaders(await tokenFor('issuer')), payload: facturaRequest(OTHER_COMPANY) });
      expect(problemOf(foreign)['detail']).toBe(refusal(() => authorize(actor('issuer'), 'issue', OTHER_COMPANY)));
      expect(test.documents.calls).toEqual([]);
    } finally {
      await test.close();
    }
  });
});
