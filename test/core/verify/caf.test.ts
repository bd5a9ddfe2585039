import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { siiCafCertificates, verifyCaf } from '../../../src/core/verify/index.ts';
import { fixture, replaceOnce } from './support/fixtures.ts';
import { createCaf, createIdentity } from './support/test-signer.ts';

const resourceCertificate = (name: string): X509Certificate =>
  new X509Certificate(readFileSync(new URL(`../../../resources/sii-certs/${name}`, import.meta.url)));

const realCaf = fixture('caf/FoliosSII7623529133120254111137.xml');

describe('verifyCaf', () => {
  it('embeds exactly the SII certificates of resources/sii-certs', () => {
    const [certificacion, produccion] = siiCafCertificates();
    expect(certificacion!.raw.equals(resourceCertificate('100.cer').raw)).toBe(true);
    expect(produccion!.raw.equals(resourceCertificate('300.cer').raw)).toBe(true);
    expect(siiCafCertificates('produccion')).toHaveLength(1);
  });

  it('verifies the real CAF with 100.cer', () => {
    expect(verifyCaf(realCaf, [resourceCertificate('100.cer')])).toEqual({
      name: 'caf-signature',
      subject: 'CAF 33 folios 1-20',
      ok: true,
      detail:
        'FRMA (SHA1withRSA) over DA (270 bytes, ISO-8859-1, whitespace between elements removed, IDK 100) verifies with the SII certificate IDK 100 (certificación).',
    });
  });

  it('does not verify the real CAF with 300.cer', () => {
    const check = verifyCaf(realCaf, [resourceCertificate('300.cer')]);
    expect(check.ok).toBe(false);
    expect(check.detail).toContain('verifies with none of the trusted certificates (tried the SII certificate IDK 300 (producción))');
  });

  it('trusts both SII certificates by default and says which one verified', () => {
    expect(verifyCaf(realCaf).detail).toContain('verifies with the SII certificate IDK 100 (certificación)');
  });

  it('fails when one character of DA changes', () => {
    const tampered = replaceOnce(realCaf, '<H>20</H>', '<H>90</H>');
    const check = verifyCaf(tampered);
    expect(check).toMatchObject({ ok: false, subject: 'CAF 33 folios 1-90' });
    expect(check.detail).toContain('the CAF was altered or comes from another authority');
  });

  it('ignores whitespace between DA elements, as the SII does', () => {
    expect(verifyCaf(replaceOnce(realCaf, '<RNG><D>1</D>', '<RNG>\n   <D>1</D>')).ok).toBe(true);
  });

  it('verifies a CAF of a test authority only when that authority is trusted', () => {
    const authority = createIdentity('Autoridad de prueba', 1024);
    const caf = createCaf(authority, createIdentity('CAF key', 1024).publicKey, { RE: '76192083-9', RS: 'EMPRESA DE PRUEBA', TD: 33, D: 1, H: 100 });
    const trusted = verifyCaf(caf, [authority.certificate]);
    expect(trusted).toMatchObject({ ok: true, subject: 'CAF 33 folios 1-100' });
    expect(trusted.detail).toContain('verifies with the certificate "Autoridad de prueba" (serial 10)');
    expect(verifyCaf(caf).ok).toBe(false);
  });

  it('reports a file without a CAF', () => {
    expect(verifyCaf(Buffer.from('<?xml version="1.0"?><AUTORIZACION/>')).ok).toBe(false);
  });
});
