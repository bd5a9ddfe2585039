import { createAuditRepository } from './audit-repository.ts';
import { createCafRepository } from './caf-repository.ts';
import { createCertificateRepository } from './certificate-repository.ts';
import { createCompanyRepository } from './company-repository.ts';
import { createConversationRepository } from './conversation-repository.ts';
import type { Database } from './database.ts';
import { createDocumentRepository } from './document-repository.ts';
import { createEnvelopeRepository } from './envelope-repository.ts';
import { createFolioRepository } from './folio-repository.ts';
import { createIdempotencyRepository } from './idempotency-repository.ts';
import { createSettingRepository } from './setting-repository.ts';
import { createFrontEndUserRepository } from './front-end-user-repository.ts';
import { createSlackRepository } from './slack-repository.ts';
import { createRegistryRepository } from './registry-repository.ts';
import { createReceivedRepository } from './received-repository.ts';
import { createCompanyMailRepository } from './company-mail-repository.ts';
import type { Store } from '../app/ports/store.ts';
import type { RepositoryContext } from './repository-context.ts';
import { createSecretBox, type MasterKey } from './secret-box.ts';

/** The keys that seal secrets at rest. */
export interface StoreOptions {
  /** `MASTER_KEY`: 32 bytes, read by src/config and handed in; the store never reads the environment. */
  masterKey: Buffer;
  /** The id written in values sealed with `masterKey` (1 to 255); 1 when absent. */
  masterKeyId?: number;
  /** Earlier master keys, still able to open what they sealed. */
  retiredKeys?: readonly MasterKey[];
}

/**
 * Builds the store on a migrated database: every repository, bound to the database, and `transaction`
 * to bind them all to one transaction. A master key of the wrong length fails here, at startup.
 */
export function createStore(database: Database, options: StoreOptions): Store {
  const secrets = createSecretBox({ id: options.masterKeyId ?? 1, key: options.masterKey }, options.retiredKeys);
  return bind({ database, secrets, inTransaction: false });
}

function bind(context: RepositoryContext): Store {
  return {
    companies: createCompanyRepository(context),
    certificates: createCertificateRepository(context),
    cafs: createCafRepository(context),
    folios: createFolioRepository(context),
    documents: createDocumentRepository(context),
    envelopes: createEnvelopeRepository(context),
    idempotency: createIdempotencyRepository(context),
    audit: createAuditRepository(context),
    settings: createSettingRepository(context),
    frontEndUsers: createFrontEndUserRepository(context),
    slack: createSlackRepository(context),
    registry: createRegistryRepository(context),
    received: createReceivedRepository(context),
    companyMail: createCompanyMailRepository(context),
    exclusively: (key, work) => context.database.exclusively(key, work),
    conversations: createConversationRepository(context),
    transaction: (work) => context.database.transaction((transaction) => work(bind({ ...context, database: transaction, inTransaction: true }))),
    async ping() {
      await context.database.query('SELECT 1');
    },
  };
}
