import type { DocumentRequest } from '../core/document-request.ts';
import { failure, success, type Problem, type Result } from '../core/result.ts';
import type { Store } from './ports/index.ts';

/**
 * A request whose references all carry FchRef: a Referencia that leaves it out takes the issue date
 * of the document it names, when that document is one this service issued for the company (a nota
 * for a factura issued here today needs no date written by hand). One this service did not issue
 * must give its date: each such reference is a problem naming its FchRef.
 */
export async function withReferenceDates(store: Pick<Store, 'documents'>, companyRut: string, request: DocumentRequest): Promise<Result<DocumentRequest>> {
  const references = request.Referencia;
  if (references === undefined || references.every((reference) => reference.FchRef !== undefined)) return success(request);
  const problems: Problem[] = [];
  const dated = await Promise.all(references.map(async (reference, index) => {
    if (reference.FchRef !== undefined) return reference;
    const type = Number(reference.TpoDocRef);
    const folio = Number(reference.FolioRef);
    const own = Number.isSafeInteger(type) && Number.isSafeInteger(folio) ? await store.documents.findByFolio(companyRut, type, folio) : undefined;
    if (own !== undefined) return { ...reference, FchRef: own.issueDate };
    problems.push({
      pointer: `/Referencia/${index}/FchRef`,
      message: `FchRef is required: ${reference.TpoDocRef} folio ${reference.FolioRef} is not a document this service issued, so give its date (YYYY-MM-DD)`,
    });
    return reference;
  }));
  return problems.length > 0 ? failure(problems) : success({ ...request, Referencia: dated });
}
