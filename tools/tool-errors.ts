import { DteError } from '../src/core/errors.ts';
import type { Actor, DocumentView } from '../src/app/ports/index.ts';
import type { ToolContext } from './tool.ts';

/**
 * Reads one of the caller's documents. Another company's document and a missing one are the same
 * NOT_FOUND, so a tool never tells the model which company holds an id it may not read.
 */
export async function ownDocument(context: ToolContext, id: string): Promise<DocumentView> {
  return scoped(context.actor, id, () => context.services.documents.get(context.actor, id));
}

/** Runs a read of a document, turning FORBIDDEN into the NOT_FOUND of a missing one. */
export async function scoped<T>(_actor: Actor, id: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof DteError && (error.code === 'FORBIDDEN' || error.code === 'NOT_FOUND')) {
      throw new DteError('NOT_FOUND', `There is no document ${id.slice(0, 60)} among this caller's companies.`);
    }
    throw error;
  }
}
