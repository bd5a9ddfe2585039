/**
 * The XML namespaces and XMLDSig algorithm identifiers of the SII's files, written once: the builder
 * and signer write them, the verifier looks for them.
 */

/** The SII's namespace of DTEs and envelopes (DTE_v10.xsd, EnvioDTE_v10.xsd). */
export const SII_NAMESPACE = 'http://www.sii.cl/SiiDte';
/** XML Signature (xmldsig-core). */
export const XMLDSIG_NAMESPACE = 'http://www.w3.org/2000/09/xmldsig#';
/** XML Schema instance, for xsi:schemaLocation. */
export const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';

/** Inclusive canonicalization 1.0, the one the SII's signatures use. */
export const C14N_ALGORITHM = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
/** RSA over SHA-1, the SII's signature algorithm. */
export const RSA_SHA1_ALGORITHM = `${XMLDSIG_NAMESPACE}rsa-sha1`;
/** SHA-1, the SII's digest algorithm. */
export const SHA1_ALGORITHM = `${XMLDSIG_NAMESPACE}sha1`;
/** The enveloped-signature transform, the one Transform the SII's schema allows. */
export const ENVELOPED_SIGNATURE_TRANSFORM = `${XMLDSIG_NAMESPACE}enveloped-signature`;
