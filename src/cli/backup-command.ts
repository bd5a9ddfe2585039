import type { Command } from 'commander';
import { loadConfig } from '../config/load-config.ts';
import { validationError } from '../core/errors.ts';
import { backupStore, restoreStore, type BackupTarget, type FolioCounter } from '../store/backup.ts';
import type { CliContext } from './cli-context.ts';

interface TargetOptions {
  dataDir?: string;
  databaseUrl?: string;
}

/** The database the service would open: `--database-url`/DATABASE_URL (PostgreSQL), else PGlite in `--data-dir`/DATA_DIR. */
function targetOf(options: TargetOptions): BackupTarget {
  const config = loadConfig();
  return { databaseUrl: options.databaseUrl ?? config.databaseUrl, dataDirectory: options.dataDir ?? config.dataDirectory };
}

function counterLines(counters: readonly FolioCounter[]): string[] {
  return counters.map((counter) => `  ${counter.company} type ${counter.type}: next folio ${counter.nextFolio}`);
}

/**
 * Registers `dte backup` and `dte restore` (src/store/backup.ts). The restore asks for `--skip-folios`
 * on purpose: only the operator knows how many folios may have been issued since the backup, and a
 * folio given twice is a document the SII rejects, or worse, one it already holds for another sale.
 */
export function registerBackupCommand(program: Command, context: CliContext): void {
  program
    .command('backup')
    .description('back up the store (PGlite DATA_DIR or DATABASE_URL) into a new folder; the master key is NOT included')
    .requiredOption('--out <dir>', 'new folder to write the backup to')
    .option('--data-dir <dir>', 'the DATA_DIR of the PGlite store (default: DATA_DIR or ./.data); stop the service first')
    .option('--database-url <url>', 'PostgreSQL to dump (default: DATABASE_URL)')
    .action(async (options: TargetOptions & { out: string }) => {
      const manifest = await backupStore(targetOf(options), options.out, context.now());
      context.io.out([
        `Backed up ${manifest.engine} (${manifest.documents} documents) into ${options.out} at ${manifest.createdAt}. Folio counters:`,
        ...counterLines(manifest.folioCounters),
        'Keep the master key (MASTER_KEY or DATA_DIR/master-key) apart from this backup: without it the certificates and CAF keys in it cannot be read.',
      ].join('\n') + '\n');
    });
  program
    .command('restore <backup>')
    .description('restore a backup into a NEW DATA_DIR or an empty DATABASE_URL database, moving every folio counter past the folios issued since')
    .requiredOption('--skip-folios <n>', 'move every folio counter this far forward: at least the folios issued of any type since the backup')
    .option('--data-dir <dir>', 'a new DATA_DIR for the PGlite store (default: DATA_DIR or ./.data)')
    .option('--database-url <url>', 'an empty PostgreSQL database (default: DATABASE_URL)')
    .action(async (backup: string, options: TargetOptions & { skipFolios: string }) => {
      const skipFolios = Number(options.skipFolios);
      if (!/^\d+$/.test(options.skipFolios.trim())) throw validationError([{ pointer: '--skip-folios', message: 'must be a whole number, 0 or more' }]);
      const report = await restoreStore(backup, targetOf(options), { skipFolios, now: context.now() });
      context.io.out([
        `Restored the backup of ${report.manifest.createdAt} (${report.manifest.documents} documents). Folio counters, moved ${skipFolios} forward:`,
        ...counterLines(report.folioCounters),
        `Folios skipped: annul at the SII those it does not hold. Documents issued after ${report.manifest.createdAt} are not in this store: find them at the SII before issuing again.`,
      ].join('\n') + '\n');
    });
}
