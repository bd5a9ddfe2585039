import { DteError } from '../../core/errors.ts';
import { siiDate } from '../../core/sii-time.ts';
import { authorize } from '../authorize.ts';
import type { Actor, CodeCatalog, DocumentInsightService, DocumentRecord, DocumentService, SiiGateway, Store } from '../ports/index.ts';
import { diagnoseRecord, type DocumentVerifier } from './diagnose-document.ts';
import { suggestForRecord } from './suggest-correction.ts';

/**
 * Diagnosis and corrections of stored documents for the agent's tools. Every call authorises the
 * actor on the document's company before reading anything of it, as the document service does.
 */
export function createDocumentInsightService(dependencies: {
  store: Store; documents: DocumentService; verify?: DocumentVerifier;
  /** The company's SII gateway (the submission's gateway pool), to ask the SII a document's state. */
  gateways?: (companyRut: string) => Promise<SiiGateway>;
  /** The service's clock: notes and reissued documents are dated its Chilean calendar date. */
  clock?: () => Date;
  /** The SII code catalog, for the meaning of upload STATUS codes in what the envelopes say; without it they are not read. */
  catalog?: CodeCatalog;
}): DocumentInsightService {
  const { store, documents, verify } = dependencies;
  const clock = dependencies.clock ?? (() => new Date());
  const { catalog } = dependencies;
  async function load(actor: Actor, id: string): Promise<DocumentRecord> {
    const companyRut = await store.documents.companyOf(id);
    if (companyRut === undefined) throw new DteError('NOT_FOUND', `There is no document ${id}.`);
    authorize(actor, 'read', companyRut);
    const record = await store.documents.get(companyRut, id);
    if (record === undefined) throw new DteError('NOT_FOUND', `There is no document ${id}.`);
    return record;
  }
  return {
    async diagnose(actor, id) {
      const record = await load(actor, id);
      return diagnoseRecord(store, record, {
        ...(verify === undefined ? {} : { verify }), envelopes: await documents.envelopes(actor, id), ...(catalog === undefined ? {} : { catalog }),
      });
    },
    async suggestCorrection(actor, id) {
      return suggestForRecord(store, documents, actor, await load(actor, id), siiDate(clock()));
    },
    async siiState(actor, id) {
      const record = await load(actor, id);
      if (dependencies.gateways === undefined) throw new DteError('INTERNAL', 'This service was built without access to the SII.');
      const gateway = await dependencies.gateways(record.companyRut);
      const status = await gateway.documentStatus({
        companyRut: record.companyRut, receiverRut: record.receiverRut, type: record.type, folio: record.folio, issueDate: record.issueDate, totalAmount: record.totalAmount,
      }, { signal: AbortSignal.timeout(20_000) });
      return {
        documentId: record.id, state: status.state, meaning: status.meaning,
        ...(status.errorCode === undefined ? {} : { errorCode: status.errorCode }),
        ...(status.errorMessage === undefined ? {} : { errorMessage: status.errorMessage }),
      };
    },
  };
}
