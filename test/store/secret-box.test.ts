import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DteError } from '../../src/core/errors.ts';
import { createSecretBox, type SecretPlace } from '../../src/store/secret-box.ts';

const key = randomBytes(32);
const place: SecretPlace = { column: 'certificates.password', companyRut: '76192083-9', rowId: 'row-1', label: 'certificate password' };
const secret = Buffer.from('clave secreta Ñ');

function openingError(open: () => unknown): DteError {
  try {
    open();
  } catch (error) {
    expect(error).toBeInstanceOf(DteError);
    const dteError = error as DteError;
    expect(dteError.code).toBe('INTERNAL');
    expect(`${dteError.message}${JSON.stringify(dteError.details)}`).not.toMatch(/clave secreta/);
    return dteError;
  }
  throw new Error('Opening was expected to fail.');
}

describe('secret box', () => {
  it('seals as key id, 12-byte IV, tag and ciphertext, with a fresh IV each time', () => {
    const box = createSecretBox({ id: 3, key });
    const [first, second] = [box.seal(secret, place), box.seal(secret, place)];
    expect(first[0]).toBe(3);
    expect(first.length).toBe(1 + 12 + 16 + secret.length);
    expect(first.subarray(1, 13).equals(second.subarray(1, 13))).toBe(false);
    expect(box.open(first, place).equals(secret)).toBe(true);
  });

  it('refuses a value moved to another company, row or column', () => {
    const box = createSecretBox({ id: 1, key });
    const sealed = box.seal(secret, place);
    for (const moved of [{ companyRut: '11111111-1' }, { rowId: 'row-2' }, { column: 'certificates.pkcs12' }]) {
      expect(openingError(() => box.open(sealed, { ...place, ...moved })).message).toMatch(/altered or moved/);
    }
  });

  it('refuses altered, truncated and unknown-key values with a message that names the secret, not its content', () => {
    const box = createSecretBox({ id: 1, key });
    const sealed = box.seal(secret, place);
    const altered = Buffer.from(sealed);
    altered.writeUInt8(altered.readUInt8(altered.length - 1) ^ 1, altered.length - 1);
    expect(openingError(() => box.open(altered, place)).message).toBe(
      'The certificate password of company 76192083-9 cannot be decrypted: master key id 1 does not open it: the key is not the one it was sealed with, or the value was altered or moved from another row.',
    );
    expect(openingError(() => box.open(sealed.subarray(0, 20), place)).message).toMatch(/truncated/);
    const relabelled = Buffer.from(sealed);
    relabelled[0] = 9;
    expect(openingError(() => box.open(relabelled, place)).message).toMatch(/master key id 9, which is not configured/);
  });

  it('refuses master keys that are not 32 bytes or whose id does not fit a byte, without printing them', () => {
    const short = randomBytes(16);
    expect(() => createSecretBox({ id: 1, key: short })).toThrow(/has 16 bytes; AES-256 needs exactly 32/);
    expect(() => createSecretBox({ id: 1, key: short })).not.toThrow(short.toString('base64'));
    expect(() => createSecretBox({ id: 256, key })).toThrow(/from 1 to 255/);
  });
});
