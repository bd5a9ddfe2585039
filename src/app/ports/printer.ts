/** The printed representation of DTEs, as the application asks for it (implemented by src/pdf). */

/** Which copy is printed: the tax copy, or the cedible one with the acuse de recibo of Ley 19.983. */
export type PrintCopy = 'original' | 'cedible';

/** Letter paper, or an 80 mm roll (papel continuo, as point-of-sale printers use). */
export type PrintFormat = 'letter' | 'roll';

/** What a caller chooses about a printed document. */
export interface PrintOptions {
  copy: PrintCopy;
  format: PrintFormat;
}

/** What a printed document needs beyond its XML and the caller's choices. */
export interface PrintSettings extends PrintOptions {
  /** The SII resolution that authorises the company to issue DTEs (NroResol, FchResol YYYY-MM-DD). */
  resolution?: { number: number; date: string };
  /** The SII regional office or unit of the issuer's casa matriz, e.g. "SANTIAGO CENTRO". */
  siiOffice?: string;
  /** The company's logo, PNG or JPEG bytes. */
  logo?: Uint8Array;
}

/** Renders the printed representation of DTEs (implemented by src/pdf). */
export interface DocumentPrinter {
  /**
   * Renders every DTE of an XML file (a DTE, or an EnvioDTE) as one PDF. XML_INVALID when the file
   * holds no printable DTE; VALIDATION_FAILED (pointer `copy`) for a cedible copy of a type without one.
   */
  render(xml: Uint8Array, settings: PrintSettings): Promise<Buffer>;
}
