import { X509Certificate } from 'node:crypto';
import type { RealSiiEnvironment } from '../sii-environment.ts';

/**
 * The SII's public certificates whose keys sign the CAFs (`FRMA` over `DA`), as published by the SII
 * and kept in resources/sii-certs. They are embedded here so that core can trust them without reading
 * files; a test checks that both copies are the same. IDK 100 is certificación (maullin), IDK 300
 * producción (palena). Both are 512-bit RSA, self-signed, and expired in 2004: they serve only as keys.
 */
const CERTIFICACION_PEM = `-----BEGIN CERTIFICATE-----
MIICTzCCAfmgAwIBAwIBZDANBgkqhkiG9w0BAQQFADCBrzELMAkGA1UEBhMCQ0wx
CzAJBgNVBAgTAkNTMQswCQYDVQQHEwJDczEnMCUGA1UEChMeU2VydmljaW8gZGUg
SW1wdWVzdG9zIEludGVybm9zMRkwFwYDVQQLExBPZmljaW5hIEludGVybmV0MScw
JQYDVQQDEx5TZXJ2aWNpbyBkZSBJbXB1ZXN0b3MgSW50ZXJub3MxGTAXBgkqhkiG
9w0BCQEWCnNpaUBzaWkuY2wwHhcNMDMwNDI5MjAxNDA1WhcNMDQwNDIzMjAxNDA1
WjCBrzELMAkGA1UEBhMCQ0wxCzAJBgNVBAgTAkNTMQswCQYDVQQHEwJDczEnMCUG
A1UEChMeU2VydmljaW8gZGUgSW1wdWVzdG9zIEludGVybm9zMRkwFwYDVQQLExBP
ZmljaW5hIEludGVybmV0MScwJQYDVQQDEx5TZXJ2aWNpbyBkZSBJbXB1ZXN0b3Mg
SW50ZXJub3MxGTAXBgkqhkiG9w0BCQEWCnNpaUBzaWkuY2wwXDANBgkqhkiG9w0B
AQEFAANLADBIAkEAyPvwDcshpVAApYVSLF3lKKc+DOFswDqx5ep95LKigRHjUvrv
jct9UeNJq9SxBdzU9nz54TEVBYyfAVQpG4xxUwIDAQABMA0GCSqGSIb3DQEBBAUA
A0EADvJX1C7hUFD2Eq9jNZpeJ/YBOZx1SBmAHSeXud6fTw98+AR4X3YDmzO9D4Kd
hEFi3NK4anpjiPOKbA8fBWyyBA==
-----END CERTIFICATE-----
`;

const PRODUCCION_PEM = `-----BEGIN CERTIFICATE-----
MIICUDCCAfqgAwIBAwICASwwDQYJKoZIhvcNAQEEBQAwga8xCzAJBgNVBAYTAkNM
MQswCQYDVQQIEwJDUzELMAkGA1UEBxMCQ3MxJzAlBgNVBAoTHlNlcnZpY2lvIGRl
IEltcHVlc3RvcyBJbnRlcm5vczEZMBcGA1UECxMQT2ZpY2luYSBJbnRlcm5ldDEn
MCUGA1UEAxMeU2VydmljaW8gZGUgSW1wdWVzdG9zIEludGVybm9zMRkwFwYJKoZI
hvcNAQkBFgpzaWlAc2lpLmNsMB4XDTAzMDQyOTE5MDUzOVoXDTA0MDQyMzE5MDUz
OVowga8xCzAJBgNVBAYTAkNMMQswCQYDVQQIEwJDUzELMAkGA1UEBxMCQ3MxJzAl
BgNVBAoTHlNlcnZpY2lvIGRlIEltcHVlc3RvcyBJbnRlcm5vczEZMBcGA1UECxMQ
T2ZpY2luYSBJbnRlcm5ldDEnMCUGA1UEAxMeU2VydmljaW8gZGUgSW1wdWVzdG9z
IEludGVybm9zMRkwFwYJKoZIhvcNAQkBFgpzaWlAc2lpLmNsMFwwDQYJKoZIhvcN
AQEBBQADSwAwSAJBAJ3uv8XuvZbfTHz1Pxv6Fdhdc+8ExnGPjAez94Xv7nXntO9a
OuB5wyZakA5F9gKJCvb7T6+iuNaTj38BHDWFszUCAwEAATANBgkqhkiG9w0BAQQF
AANBADwwaIImb++eEe830oyQMId7PohaWrVuon3e0HkrOxobY+QTAC2L+qF52x5Y
E/nZkFKL+BcTxGCY8ybYT96PhrI=
-----END CERTIFICATE-----
`;

let cached: Record<RealSiiEnvironment, X509Certificate> | undefined;

function certificates(): Record<RealSiiEnvironment, X509Certificate> {
  cached ??= {
    certificacion: new X509Certificate(CERTIFICACION_PEM),
    produccion: new X509Certificate(PRODUCCION_PEM),
  };
  return cached;
}

/** The SII certificates to trust for CAF signatures: both environments by default, or one of them. */
export function siiCafCertificates(environment?: RealSiiEnvironment): X509Certificate[] {
  const all = certificates();
  return environment === undefined ? [all.certificacion, all.produccion] : [all[environment]];
}

/** Names a trusted certificate for a report: the SII's by IDK and environment, others by subject and serial. */
export function describeTrustedCertificate(certificate: X509Certificate): string {
  const all = certificates();
  if (certificate.raw.equals(all.certificacion.raw)) return 'the SII certificate IDK 100 (certificación)';
  if (certificate.raw.equals(all.produccion.raw)) return 'the SII certificate IDK 300 (producción)';
  const name = /^CN=(.*)$/m.exec(certificate.subject)?.[1] ?? certificate.subject.replace(/\n/g, ', ');
  return `the certificate "${name}" (serial ${BigInt('0x' + certificate.serialNumber).toString()})`;
}
