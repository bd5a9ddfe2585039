import type { Attachment, ParsedMail } from 'mailparser';
import type { IncomingXmlFile, RefusedAttachment } from '../app/ports/mail.ts';
import { looksLikeZip, sniffXmlRoot, unzipXmlFiles } from '../core/intercambio/index.ts';
import type { ZipLimits } from '../core/intercambio/index.ts';

/** The files a mail carried, and what was refused. */
export interface MailFiles {
  files: IncomingXmlFile[];
  refused: RefusedAttachment[];
}

const ZIP_REFUSALS = {
  'too-many-entries': 'zip-too-many-entries',
  'too-large': 'zip-too-large',
  unreadable: 'zip-unreadable',
} as const;

function attachmentName(attachment: Attachment, index: number): string {
  return attachment.filename?.trim() || `attachment-${index + 1}`;
}

function isZip(attachment: Attachment): boolean {
  return looksLikeZip(attachment.content) || /\.zip$/i.test(attachment.filename ?? '') || /zip/i.test(attachment.contentType);
}

/**
 * The XML files of a parsed mail: each attachment that is XML (by its first bytes, whatever its name
 * or content type claims) and each `.xml` entry of a zip attachment, the zip expanded within
 * `zipLimits`. A zip that breaks the limits or cannot be read is refused, naming why; other
 * attachments (PDFs, images, signatures of the mail) are left out.
 */
export function filesOfMail(mail: Pick<ParsedMail, 'attachments'>, zipLimits: ZipLimits): MailFiles {
  const files: IncomingXmlFile[] = [];
  const refused: RefusedAttachment[] = [];
  mail.attachments.forEach((attachment, index) => {
    const fileName = attachmentName(attachment, index);
    const content = new Uint8Array(attachment.content.buffer, attachment.content.byteOffset, attachment.content.byteLength);
    if (isZip(attachment)) {
      const outcome = unzipXmlFiles(content, zipLimits);
      if (!outcome.ok) {
        refused.push({ fileName, reason: ZIP_REFUSALS[outcome.reason], detail: outcome.detail });
        return;
      }
      for (const file of outcome.files) files.push({ fileName: file.name, bytes: file.bytes, root: sniffXmlRoot(file.bytes), fromZip: fileName });
      return;
    }
    const root = sniffXmlRoot(content);
    if (root !== undefined) files.push({ fileName, bytes: content, root });
  });
  return { files, refused };
}

/** The first plain address of an address header, without its display name. */
export function firstAddress(header: ParsedMail['from']): string | undefined {
  const entries = header?.value ?? [];
  for (const entry of entries) {
    const address = entry.address ?? entry.group?.find((member) => member.address !== undefined)?.address;
    if (address !== undefined && address !== '') return address;
  }
  return undefined;
}
