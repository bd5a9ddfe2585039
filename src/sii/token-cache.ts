/**
 * Session tokens, one per (SII host, certificate). The SII ends a session after about an hour without
 * use, so a token is kept for `lifetimeMs` after it was issued or last used successfully, and asked
 * for again after that. A token the SII refuses earlier is dropped at once (see `invalidate`).
 * Concurrent requests for the same key share one login.
 */

/** Tokens are renewed after 30 minutes without use: well inside the SII's hour. */
export const DEFAULT_TOKEN_LIFETIME_MS = 30 * 60_000;

interface Entry {
  token: string;
  expiresAt: number;
}

export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<string>>();
  private readonly lifetimeMs: number;
  private readonly now: () => number;

  constructor(lifetimeMs: number = DEFAULT_TOKEN_LIFETIME_MS, now: () => number = Date.now) {
    this.lifetimeMs = lifetimeMs;
    this.now = now;
  }

  /** The key of a certificate (by its SHA-256 fingerprint) at a host. */
  static key(host: string, certificateFingerprint: string): string {
    return `${host} ${certificateFingerprint}`;
  }

  /** The live token of `key`, or one obtained with `login` (shared with concurrent callers). */
  async obtain(key: string, login: () => Promise<string>): Promise<string> {
    const entry = this.entries.get(key);
    if (entry !== undefined && this.now() < entry.expiresAt) return entry.token;
    this.entries.delete(key);
    let pending = this.pending.get(key);
    if (pending === undefined) {
      pending = login().then((token) => {
        this.entries.set(key, { token, expiresAt: this.now() + this.lifetimeMs });
        return token;
      }).finally(() => this.pending.delete(key));
      this.pending.set(key, pending);
    }
    return pending;
  }

  /** Extends the life of `token` after the SII accepted it (sessions end after inactivity). */
  touch(key: string, token: string): void {
    const entry = this.entries.get(key);
    if (entry?.token === token) entry.expiresAt = this.now() + this.lifetimeMs;
  }

  /** Drops `token` after the SII refused it; a newer token of the same key is kept. */
  invalidate(key: string, token: string): void {
    if (this.entries.get(key)?.token === token) this.entries.delete(key);
  }
}
