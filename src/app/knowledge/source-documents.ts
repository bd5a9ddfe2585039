/**
 * The SII manuals, resolutions and pages that sources may name by file name. They are the files of
 * shared/sii/docs (kept outside this repository); a test checks the list against that folder when it is
 * present, so a source never names a file nobody can open.
 */
export const SII_DOCUMENT_FILES = [
  '2007-01-31-envio-automatico-de-archivos-electronicos-de-cesion-v1.0.pdf',
  '2007-11-18-autenticacion-automatica-v1.9.pdf',
  '2008-02-05-manual-de-desarrollador-externo-v1.2.pdf',
  '2013-02-11-formato-archivo-electronico-cesion.pdf',
  '2013-02-11-instructivo-tecnico.pdf',
  '2017-08-06-web-service-consulta-y-registro-aceptacion-reclamo-dte-v1.2.pdf',
  '2019-11-15-formato-dtes-v2.2.y.pdf',
  '2020-02-07-codigos-de-mensajes-de-error.html',
  'casos_especiales_registro_documentos.pdf',
  'circular_34_2015_notificacion_por_correo.pdf',
  'compra_venta.pdf',
  'envio.pdf',
  'formato_boleta_electronica.pdf',
  'formato_boletas_elec_202412.pdf',
  'formato_dte_201911.pdf',
  'formato_iecv.pdf',
  'formato_lgd.pdf',
  'formato_mensaje_respuesta_dte.pdf',
  'guia_aceptacion_reclamo_dte_2.pdf',
  'inst_set_pruebas.pdf',
  'instructivo_tecnico_boleta_electronica.pdf',
  'manual_certificacion.pdf',
  'manual_upload.pdf',
  'reenvio_dte_al_receptor.pdf',
  'resolucion_exenta_74_2020_boleta_electronica.pdf',
] as const;

export type SiiDocumentFile = (typeof SII_DOCUMENT_FILES)[number];
