/** The agent's tools, in the order the model is shown them (a stable order keeps the prompt prefix cacheable). */
import { compute } from './compute.ts';
import { diagnoseDocument } from './diagnose-document.ts';
import { explainSiiCodes } from './explain-sii-codes.ts';
import { findDocument } from './find-document.ts';
import { foliosLeft } from './folios-left.ts';
import { getDocumentEvents } from './get-document-events.ts';
import { getDocumentStatus } from './get-document-status.ts';
import { registryAction } from './registry-action.ts';
import { listReceivedDocuments } from './list-received-documents.ts';
import { decideReceivedDocument } from './decide-received-document.ts';
import { retrySubmission } from './retry-submission.ts';
import { searchKnowledge } from './search-knowledge.ts';
import { suggestCorrection } from './suggest-correction.ts';
import type { AgentTool } from './tool.ts';

export type { AgentTool, ToolContext, ToolResult, ToolServices } from './tool.ts';
export { parseDocumentReference } from './document-reference.ts';

/** Every tool. */
export const AGENT_TOOLS: readonly AgentTool<never>[] = [
  findDocument, getDocumentStatus, explainSiiCodes, diagnoseDocument, suggestCorrection, searchKnowledge, foliosLeft, retrySubmission,
  getDocumentEvents, registryAction, listReceivedDocuments, decideReceivedDocument, compute,
] as unknown as readonly AgentTool<never>[];
