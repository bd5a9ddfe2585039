/**
 * Whether a callback URL may receive webhooks, judged on its text alone: an absolute http(s) URL
 * without credentials, whose host is not `localhost` nor a literal address that is loopback, private,
 * link-local, a metadata service and the like (network-address.ts). Host names are judged again when
 * a webhook is sent, on every address they resolve to (src/notify).
 */
import { allowedForLocalUse, forbiddenAddress, type ForbiddenAddress } from './network-address.ts';

/** How strict the check is. */
export interface CallbackPolicy {
  /**
   * Allows loopback, private and link-local addresses (CALLBACK_ALLOW_PRIVATE, for local use).
   * Metadata services stay refused.
   */
  allowPrivateAddresses: boolean;
}

/** The hosts that are loopback by name (RFC 6761): `localhost` and anything under `.localhost`. */
function isLocalhost(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}

/**
 * What is refused about an address or host name, or undefined when webhooks may go there. An IP
 * address is judged by its range, a host name only by whether it is `localhost`.
 */
export function refusedHost(host: string, policy: CallbackPolicy): ForbiddenAddress | undefined {
  const bare = host.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  const forbidden = isLocalhost(bare) ? { kind: 'loopback' as const, description: 'a loopback name' } : forbiddenAddress(bare);
  if (forbidden === undefined) return undefined;
  return policy.allowPrivateAddresses && allowedForLocalUse(forbidden) ? undefined : forbidden;
}

/**
 * The sentence that says why `text` cannot be a callback URL, naming it `callbackUrl`, or undefined
 * when it can.
 */
export function callbackUrlProblem(text: string, policy: CallbackPolicy): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'callbackUrl must be an absolute http or https URL without credentials';
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username !== '' || url.password !== '') {
    return 'callbackUrl must be an absolute http or https URL without credentials';
  }
  const refused = refusedHost(url.hostname, policy);
  if (refused === undefined) return undefined;
  const shown = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const local = refused.kind === 'metadata' ? '' : ' (CALLBACK_ALLOW_PRIVATE=true allows private addresses for local use)';
  return `callbackUrl points at ${shown}, ${refused.description}: webhooks are only sent to public addresses${local}`;
}
