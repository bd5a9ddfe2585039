import type { CompanyMailRepository, CompanyMailSettings } from '../app/ports/mail.ts';
import type { RepositoryContext } from './repository-context.ts';
import type { SecretPlace } from './secret-box.ts';

const PREFIX = 'company-mail:';

function place(companyRut: string, which: 'mailbox' | 'smtp'): SecretPlace {
  return { column: 'settings.value', companyRut, rowId: `${PREFIX}${companyRut}:${which}`, label: `${which} password` };
}

/** The stored form: the same settings with each password sealed (base64) in place of the text. */
interface StoredMail extends Omit<CompanyMailSettings, 'mailbox' | 'smtp'> {
  mailbox?: Omit<NonNullable<CompanyMailSettings['mailbox']>, 'password'> & { sealedPassword: string };
  smtp?: Omit<NonNullable<CompanyMailSettings['smtp']>, 'password'> & { sealedPassword?: string };
}

/**
 * Companies' mail settings, one row each in the settings table (`company-mail:<RUT>`). The mailbox and
 * SMTP passwords are sealed with the store's secret box, bound to their place, as certificates are.
 */
export function createCompanyMailRepository(context: RepositoryContext): CompanyMailRepository {
  const seal = (text: string, at: SecretPlace) => context.secrets.seal(Buffer.from(text, 'utf8'), at).toString('base64');
  const open = (sealed: string, at: SecretPlace) => context.secrets.open(Buffer.from(sealed, 'base64'), at).toString('utf8');
  return {
    async get(companyRut) {
      const { rows } = await context.database.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [PREFIX + companyRut]);
      if (rows[0] === undefined) return undefined;
      const stored = JSON.parse(rows[0].value) as StoredMail;
      const settings: CompanyMailSettings = { address: stored.address };
      if (stored.mailbox !== undefined) {
        const { sealedPassword, ...rest } = stored.mailbox;
        settings.mailbox = { ...rest, password: open(sealedPassword, place(companyRut, 'mailbox')) };
      }
      if (stored.smtp !== undefined) {
        const { sealedPassword, ...rest } = stored.smtp;
        settings.smtp = { ...rest, ...(sealedPassword === undefined ? {} : { password: open(sealedPassword, place(companyRut, 'smtp')) }) };
      }
      return settings;
    },
    async put(companyRut, settings) {
      const stored: StoredMail = { address: settings.address };
      if (settings.mailbox !== undefined) {
        const { password, ...rest } = settings.mailbox;
        stored.mailbox = { ...rest, sealedPassword: seal(password, place(companyRut, 'mailbox')) };
      }
      if (settings.smtp !== undefined) {
        const { password, ...rest } = settings.smtp;
        stored.smtp = { ...rest, ...(password === undefined ? {} : { sealedPassword: seal(password, place(companyRut, 'smtp')) }) };
      }
      await context.database.query(
        'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()',
        [PREFIX + companyRut, JSON.stringify(stored)],
      );
    },
    async companies() {
      const { rows } = await context.database.query<{ key: string }>('SELECT key FROM settings WHERE starts_with(key, $1) ORDER BY key', [PREFIX]);
      return rows.map((row) => row.key.slice(PREFIX.length));
    },
  };
}
