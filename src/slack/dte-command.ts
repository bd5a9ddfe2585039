/**
 * The `/dte` slash command, answered from the service without a model: `status TYPE FOLIO`,
 * `explain CODE`, `folios`, `eventos <id|factura N>` and `help`, as the Slack user's mapped actor, only ever about that actor's
 * companies.
 */
import type { Actor, CompanyService, DocumentService, DocumentView, ExplanationService, RegistryService } from '../app/ports/index.ts';
import { FACTURA } from '../core/document-kinds/index.ts';
import { DteError } from '../core/errors.ts';
import { explanationLines } from './code-text.ts';
import { eventsText } from './events-command.ts';
import { pesos, sections } from './slack-text.ts';

/** What the command reads. */
export interface DteCommandServices {
  documents: DocumentService;
  companies: CompanyService;
  explanations: ExplanationService;
  /** The registry of acceptances and claims (`eventos`); absent, the command says it is not available. */
  registry?: RegistryService;
}

/** An answer: the plain text and its blocks, shown only to the asker. */
export interface CommandAnswer {
  response_type: 'ephemeral';
  text: string;
  blocks: unknown[];
}

/** The help text, also the answer to a command the bot does not know. */
export const COMMAND_HELP = [
  `\`/dte status TYPE FOLIO\` — the state of a document and the SII's codes (e.g. \`/dte status ${FACTURA.code} 1234\`)`,
  '`/dte explain CODE` — what an SII code means and how it is usually fixed (e.g. `/dte explain REF-3-750`)',
  '`/dte folios` — folios left per document type',
  '`/dte eventos factura 120` (or `events`, or a document id) — whether the receiver accepted or claimed it, and until when it may (Ley 19.983)',
  '`/dte help` — this list',
  'Mention me or write to me to ask anything else.',
].join('\n');

/** What an unmapped user is told: who to ask, and what that person runs, with the ids they need. */
export function unmappedAnswer(workspace: string, userId: string): CommandAnswer {
  return answer([
    'You are not linked to any company in the DTE service yet, so I cannot show you anything.',
    `Ask an admin of your company to map you with the service's admin route \`PUT /v1/slack/users/${workspace}/${userId}\``,
    'and a body such as `{"role": "viewer", "companies": ["<RUT>"]}`,',
    `or with \`dte slack users set ${workspace} ${userId} --role viewer --company <RUT>\`.`,
  ].join('\n'));
}

/** Answers one `/dte` command. Errors of the services are told to the user as text. */
export async function answerDteCommand(text: string, actor: Actor, services: DteCommandServices): Promise<CommandAnswer> {
  const [verb = 'help', ...rest] = text.trim().split(/\s+/).filter((word) => word !== '');
  try {
    switch (verb.toLowerCase()) {
      case 'status': return await status(rest, actor, services);
      case 'explain': return explain(rest, services);
      case 'folios': return await folios(actor, services);
      case 'eventos':
      case 'events': return answer(await eventsText(rest, actor, services));
      case 'help': return answer(COMMAND_HELP);
      default: return answer(`I do not know \`${verb.slice(0, 40)}\`. This is what I can do:\n${COMMAND_HELP}`);
    }
  } catch (error) {
    if (error instanceof DteError) return answer(`That cannot be done: ${error.message}`);
    throw error;
  }
}

async function status(words: string[], actor: Actor, services: DteCommandServices): Promise<CommandAnswer> {
  const [typeText, folioText] = words;
  if (!/^\d{2}$/.test(typeText ?? '') || !/^\d{1,10}$/.test(folioText ?? '')) return answer(`Say the type and the folio: \`/dte status ${FACTURA.code} 1234\`.`);
  const type = Number(typeText);
  const folio = Number(folioText);
  const found: DocumentView[] = [];
  for (const companyRut of actor.companies) {
    found.push(...(await services.documents.list(actor, { companyRut, type, folio, limit: 5 })).items);
  }
  if (found.length === 0) return answer(`No document of type ${type} with folio ${folio} in your companies (${actor.companies.join(', ')}).`);
  const lines = found.flatMap((document) => {
    const codes = services.explanations.explain(document.codes.map((code) => code.code));
    return [
      `*DTE ${document.type} folio ${document.folio}* of ${document.companyRut}: *${document.state.replaceAll('_', ' ')}*` +
        `${document.trackId ? ` (track id ${document.trackId})` : ''}, total ${pesos(document.totals.MntTotal)}, id \`${document.id}\``,
      ...codes.flatMap((explanation, index) => explanationLines(explanation, document.codes[index])),
    ];
  });
  return answer(lines.join('\n'));
}

function explain(words: string[], services: DteCommandServices): CommandAnswer {
  const code = words[0];
  if (code === undefined) return answer('Say the code: `/dte explain REF-3-750`.');
  const [explanation] = services.explanations.explain([code.slice(0, 40)]);
  return answer(explanationLines(explanation!).join('\n'));
}

async function folios(actor: Actor, services: DteCommandServices): Promise<CommandAnswer> {
  const lines: string[] = [];
  for (const companyRut of actor.companies) {
    const left = await services.companies.folios(actor, companyRut);
    lines.push(`*${companyRut}*: ${left.length === 0 ? 'no CAF loaded' : left.map((entry) => `type ${entry.type}: ${entry.left}`).join(', ')}`);
  }
  return answer(lines.join('\n'));
}

function answer(text: string): CommandAnswer {
  return { response_type: 'ephemeral', text: text.slice(0, 3_900), blocks: sections(text) };
}
