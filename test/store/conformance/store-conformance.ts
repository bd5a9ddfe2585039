import { afterAll, beforeAll, describe } from 'vitest';
import { createStore } from '../../../src/store/create-store.ts';
import { migrate } from '../../../src/store/migrate.ts';
import { conversationTests } from './conversation-tests.ts';
import { documentTests } from './document-tests.ts';
import { envelopeTests } from './envelope-tests.ts';
import { folioTests } from './folio-tests.ts';
import { randomMasterKey, type HarnessFactory, type SuiteContext } from './harness.ts';
import { migrationTests } from './migration-tests.ts';
import { registryTests } from './registry-tests.ts';
import { receivedTests } from './received-tests.ts';
import { secretTests } from './secret-tests.ts';
import { settingTests } from './setting-tests.ts';
import { slackTests } from './slack-tests.ts';

/**
 * The store's conformance suite: the same tests against every engine, so PGlite (embedded) and
 * PostgreSQL (production) are known to behave alike. `skipReason` skips it and prints why.
 */
export function describeStoreConformance(engine: string, factory: HarnessFactory, skipReason?: string): void {
  if (skipReason !== undefined) console.log(`Skipping the store conformance suite on ${engine}: ${skipReason}`);
  describe.skipIf(skipReason !== undefined)(`store conformance on ${engine}`, () => {
    const context = {} as SuiteContext;
    beforeAll(async () => {
      context.harness = await factory();
      context.masterKey = randomMasterKey();
      const second = context.harness.connect();
      const reports = await Promise.all([migrate(context.harness.database), migrate(second)]);
      context.startupReports = reports.map((report) => report.applied);
      context.store = createStore(context.harness.database, { masterKey: context.masterKey });
    });
    afterAll(async () => {
      await context.harness?.close();
    });
    migrationTests(context);
    secretTests(context);
    folioTests(context);
    documentTests(context);
    envelopeTests(context);
    settingTests(context);
    conversationTests(context);
    slackTests(context);
    registryTests(context);
    receivedTests(context);
  });
}
