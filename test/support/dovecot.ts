/**
 * A real IMAP server for the tests: Debian's dovecot, started from the test on a loopback port with a
 * throwaway configuration, one test user and a maildir in a temporary folder. Nothing of the machine's
 * own dovecot is read or touched (`-c` names our configuration; base_dir, state_dir and the logs are
 * ours). As root, the mail is stored as the `dovecot` system user; as anyone else, every process runs
 * as the current user, without chroots.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export const DOVECOT_BINARY = '/usr/sbin/dovecot';

/** Why the IMAP tests cannot run here, or undefined when they can. */
export const dovecotMissing: string | undefined = existsSync(DOVECOT_BINARY) && existsSync('/usr/lib/dovecot/imap')
  ? undefined
  : `${DOVECOT_BINARY} or its IMAP server is not installed (Debian package dovecot-imapd; .ci/run installs it)`;

export interface DovecotOptions {
  /** Advertise IDLE (the default) or leave it out of the capabilities, so clients must poll. */
  idle?: boolean;
  /** PEM key and certificate for an IMAPS listener (implicit TLS) beside the plain one. */
  tls?: { key: string; certificate: string };
}

export interface DovecotServer {
  host: '127.0.0.1';
  /** Plain IMAP (no TLS: loopback only). */
  port: number;
  /** IMAPS, when started with `tls`. */
  tlsPort: number | undefined;
  user: string;
  password: string;
  /** The messages of a folder as stored on disk (maildir), read without IMAP. */
  storedMessages(folder: string): string[];
  /** dovecot's own log, for a failing test's message. */
  log(): string;
  stop(): Promise<void>;
}

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function systemUser(name: string): { uid: number; gid: number } | undefined {
  const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) } : undefined;
}

/** IMAP capabilities dovecot 2.3 offers, less IDLE, for a server that makes clients poll. */
const CAPABILITIES_WITHOUT_IDLE = 'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE LITERAL+ SORT THREAD=REFERENCES MULTIAPPEND UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 ESEARCH MOVE';

function configuration(directory: string, port: number, tlsPort: number | undefined, options: DovecotOptions, owner: { user: string; uid: number; gid: number }, asRoot: boolean): string {
  const loginUser = asRoot ? 'dovenull' : owner.user;
  const internalUser = asRoot ? 'dovecot' : owner.user;
  const unchrooted = asRoot ? '' : ['imap-login', 'anvil', 'auth', 'auth-worker', 'config', 'log', 'stats']
    .map((service) => `service ${service} {\n  chroot =\n  user = ${owner.user}\n}`).join('\n');
  return [
    `base_dir = ${directory}/run`,
    `state_dir = ${directory}/state`,
    `instance_name = dte-test-${port}`,
    'protocols = imap',
    'listen = 127.0.0.1',
    tlsPort === undefined ? 'ssl = no' : `ssl = yes\nssl_cert = <${directory}/tls-certificate.pem\nssl_key = <${directory}/tls-key.pem`,
    'disable_plaintext_auth = no',
    'auth_mechanisms = plain login',
    `log_path = ${directory}/dovecot.log`,
    `info_log_path = ${directory}/dovecot.log`,
    `default_internal_user = ${internalUser}`,
    `default_internal_group = ${asRoot ? 'dovecot' : internalUser}`,
    `default_login_user = ${loginUser}`,
    `first_valid_uid = ${owner.uid}`,
    `last_valid_uid = ${owner.uid}`,
    `first_valid_gid = ${owner.gid}`,
    'mail_location = maildir:~/Maildir',
    options.idle === false ? `imap_capability = ${CAPABILITIES_WITHOUT_IDLE}` : '',
    `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u ${directory}/passwd\n}`,
    `userdb {\n  driver = static\n  args = uid=${owner.uid} gid=${owner.gid} home=${directory}/mail/%u\n}`,
    'service imap-login {',
    `  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }`,
    `  inet_listener imaps {\n    address = 127.0.0.1\n    port = ${tlsPort ?? 0}\n  }`,
    '}',
    unchrooted,
  ].join('\n');
}

async function waitForPort(port: number, log: () => string): Promise<void> {
  const { connect } = await import('node:net');
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`dovecot did not listen on ${port}: ${log()}`);
}

/** Starts a dovecot of its own for one test file; `stop` ends it and removes its folder. */
export async function startDovecot(options: DovecotOptions = {}): Promise<DovecotServer> {
  const directory = mkdtempSync(join(tmpdir(), 'dte-dovecot-'));
  // dovecot's processes run as other users when we are root: they must reach the folder.
  chmodSync(directory, 0o755);
  const asRoot = process.getuid?.() === 0;
  const mailOwner = asRoot ? systemUser('dovecot') : { uid: userInfo().uid, gid: userInfo().gid };
  if (mailOwner === undefined) throw new Error('The dovecot system user is missing (the dovecot-core package creates it).');
  const owner = { user: userInfo().username, ...mailOwner };
  const [port, tlsPort] = [await freePort(), options.tls === undefined ? undefined : await freePort()];
  const user = 'proveedores';
  const password = `test-${Math.random().toString(36).slice(2)}`;
  for (const folder of ['run', 'state', 'mail']) mkdirSync(join(directory, folder));
  if (asRoot) chownSync(join(directory, 'mail'), mailOwner.uid, mailOwner.gid);
  writeFileSync(join(directory, 'passwd'), `${user}:{PLAIN}${password}\n`, { mode: 0o644 });
  if (options.tls !== undefined) {
    writeFileSync(join(directory, 'tls-certificate.pem'), options.tls.certificate);
    writeFileSync(join(directory, 'tls-key.pem'), options.tls.key, { mode: 0o600 });
  }
  const configPath = join(directory, 'dovecot.conf');
  writeFileSync(configPath, configuration(directory, port, tlsPort, options, owner, asRoot));
  const log = (): string => (existsSync(join(directory, 'dovecot.log')) ? readFileSync(join(directory, 'dovecot.log'), 'utf8') : '(no log)');
  // dovecot forks into the background: its standard streams go to a file, or spawnSync would wait
  // for the daemon to close them.
  const errors = openSync(join(directory, 'start.log'), 'w');
  const started = spawnSync(DOVECOT_BINARY, ['-c', configPath], { stdio: ['ignore', errors, errors] });
  closeSync(errors);
  if (started.status !== 0) throw new Error(`dovecot did not start: ${readFileSync(join(directory, 'start.log'), 'utf8')}${log()}`);
  await waitForPort(port, log);
  return {
    host: '127.0.0.1',
    port,
    tlsPort,
    user,
    password,
    storedMessages(folder) {
      const maildir = join(directory, 'mail', user, 'Maildir', folder === 'INBOX' ? '' : `.${folder}`);
      return ['new', 'cur'].flatMap((part) => {
        const path = join(maildir, part);
        return existsSync(path) ? readdirSync(path).map((name) => readFileSync(join(path, name), 'latin1')) : [];
      });
    },
    log,
    async stop() {
      const pidFile = join(directory, 'run', 'master.pid');
      const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : undefined;
      if (pid !== undefined) {
        process.kill(pid, 'SIGTERM');
        for (let attempt = 0; attempt < 100 && isAlive(pid); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
