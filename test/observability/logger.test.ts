import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, documentLogger } from '../../src/observability/logger.ts';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { destination, text: () => lines.join(''), entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('redacts credentials and invoice contents wherever a careless caller puts them', () => {
    const output = capture();
    const logger = createLogger({ destination: output.destination });
    logger.info({
      req: { headers: { authorization: 'Bearer eyJhbGciOi.secret-token', cookie: 'TOKEN=sii-cookie' } },
      password: 'top-password',
      certificate: { pkcs12: 'MIIKPAIBAzCCCfYG', password: 'p12-password' },
      config: { masterKey: 'master-key-value', odoo: { apiKey: 'odoo-key-value' } },
      job: { request: { Encabezado: { Receptor: { RznSocRecep: 'Cliente Secreto Ltda' } } } },
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
    }, 'careless');
    const text = output.text();
    for (const secret of ['secret-token', 'sii-cookie', 'top-password', 'MIIKPAIBAzCCCfYG', 'p12-password', 'master-key-value', 'odoo-key-value', 'Cliente Secreto', 'dXNlcjpwYXNz']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[redacted]');
    expect(output.entries()[0]).toMatchObject({ msg: 'careless', service: 'dte', level: 30 });
  });

  it('honours the level', () => {
    const output = capture();
    const logger = createLogger({ destination: output.destination, level: 'warn' });
    logger.info('hidden');
    logger.warn('shown');
    expect(output.entries().map((entry) => entry['msg'])).toEqual(['shown']);
  });
});

describe('documentLogger', () => {
  it('carries the known company, type and folio on every line', () => {
    const output = capture();
    const logger = documentLogger(createLogger({ destination: output.destination }), { company: '76192083-9', type: 33, folio: undefined });
    logger.info('signed');
    const [entry] = output.entries();
    expect(entry).toMatchObject({ company: '76192083-9', type: 33, msg: 'signed' });
    expect(entry).not.toHaveProperty('folio');
  });
});
