import { REGISTRY_TYPES } from '../src/core/document-kinds/index.ts';
import { z } from 'zod';
import { authorize } from '../src/app/authorize.ts';
import { defineTool } from './tool.ts';

const ACTION_LABELS = { ACD: 'Aceptar el contenido', ERM: 'Otorgar recibo de mercaderías o servicios', RCD: 'Reclamar el contenido', RFP: 'Reclamar falta parcial de mercaderías', RFT: 'Reclamar falta total de mercaderías' } as const;

/**
 * Offers to record the company's answer to a supplier's document at the SII (Ley 19.983). It never
 * records it: it returns an action the person approves, and the front end (with an admin's or a
 * receiver's token) performs it through POST /v1/registry/actions.
 */
export const registryAction = defineTool({
  name: 'registry_action',
  description: "Offer to record the company's answer to a document a supplier issued to it, at the SII's registry (Ley 19.983): ACD accept, ERM acknowledge "
    + 'the goods or services, RCD claim the content, RFP/RFT claim goods partly/wholly missing. This does NOT record it: it returns an action the person '
    + `must approve. Only types ${[...REGISTRY_TYPES].join(', ')}, within eight days of the SII's reception; a claim after an acceptance (or the reverse) is refused by the SII.`,
  input: z.strictObject({
    rutEmisor: z.string().min(3).max(20), tipoDoc: z.literal([...REGISTRY_TYPES]), folio: z.number().int().min(1).max(9_999_999_999),
    action: z.enum(['ACD', 'ERM', 'RCD', 'RFP', 'RFT']),
  }),
  async run({ rutEmisor, tipoDoc, folio, action }, context) {
    try {
      authorize(context.actor, 'receive');
    } catch {
      const { role } = context.actor;
      return {
        data: {
          offered: false, needsRole: ['receiver', 'admin'],
          text: { es: `Su rol (${role}) no puede registrar respuestas a documentos recibidos: una persona con rol receiver o admin puede hacerlo.`, en: `Your role (${role}) may not record answers to received documents: a person with the receiver or admin role can.` },
        },
      };
    }
    const label = `${ACTION_LABELS[action]}: documento tipo ${tipoDoc} folio ${folio} de ${rutEmisor}`;
    return {
      data: { offered: true, approvalRequired: true, rutEmisor, tipoDoc, folio, action },
      actions: [{ kind: 'registry_action', label, approvalRequired: true, request: { rutEmisor, tipoDoc, folio, action } }],
    };
  },
});
