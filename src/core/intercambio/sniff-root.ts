/**
 * The local name of the root element of bytes that look like XML, read from their first kilobytes
 * without parsing them: enough to route a mail attachment (an EnvioDTE to the receiver checks, a
 * customer's RespuestaDTE or EnvioRecibos elsewhere) before anything trusts it. Undefined when the
 * bytes do not start as XML does. The receiver checks parse the file properly afterwards.
 */
export function sniffXmlRoot(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString('latin1');
  // A byte-order mark, the declaration, comments and processing instructions may come first.
  const prolog = /^(?:\uFEFF|\u00EF\u00BB\u00BF)?\s*(?:<\?[\s\S]*?\?>\s*|<!--[\s\S]*?-->\s*)*<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]/;
  return prolog.exec(head)?.[1];
}
