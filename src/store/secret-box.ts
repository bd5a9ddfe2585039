import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DteError } from '../core/errors.ts';

/** A master key and the number that names it in every value it seals. */
export interface MasterKey {
  /** 1 to 255; written as the first byte of each sealed value so keys can rotate. */
  id: number;
  /** 32 bytes (AES-256). */
  key: Buffer;
}

/**
 * Where a sealed value lives. It is authenticated with the value (GCM associated data), so a value
 * copied into another company's row, another row or another column fails to open.
 */
export interface SecretPlace {
  /** `table.column`, e.g. `certificates.password`. */
  column: string;
  companyRut: string;
  rowId: string;
  /** Names the secret in error messages, e.g. "certificate password". */
  label: string;
}

/** Seals and opens secrets stored in the database. */
export interface SecretBox {
  seal(plaintext: Uint8Array, place: SecretPlace): Buffer;
  open(sealed: Uint8Array, place: SecretPlace): Buffer;
}

const IV_LENGTH = 12;
const TAG_LENGTH = 16;
const HEADER_LENGTH = 1 + IV_LENGTH + TAG_LENGTH;

/**
 * Makes the secret box of the store: AES-256-GCM with a random 12-byte IV per value. A sealed value is
 * `key id (1 byte) ‖ IV (12) ‖ tag (16) ‖ ciphertext`; the associated data is the key id and the
 * value's place. New values use `current`; `retired` keys still open what they sealed, so a key can be
 * replaced without rewriting every row at once. Errors name the secret and the key id, never a key
 * or a plaintext.
 */
export function createSecretBox(current: MasterKey, retired: readonly MasterKey[] = []): SecretBox {
  const keys = new Map<number, Buffer>();
  for (const masterKey of [...retired, current]) {
    checkKey(masterKey);
    keys.set(masterKey.id, Buffer.from(masterKey.key));
  }
  const currentKey = keys.get(current.id) as Buffer;
  return {
    seal(plaintext, place) {
      const iv = randomBytes(IV_LENGTH);
      const cipher = createCipheriv('aes-256-gcm', currentKey, iv);
      cipher.setAAD(associatedData(current.id, place));
      const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return Buffer.concat([Buffer.of(current.id), iv, cipher.getAuthTag(), ciphertext]);
    },
    open(sealed, place) {
      const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
      if (bytes.length < HEADER_LENGTH) throw unreadable(place, 'the stored value is truncated');
      const keyId = bytes[0] as number;
      const key = keys.get(keyId);
      if (key === undefined) throw unreadable(place, `it was sealed with master key id ${keyId}, which is not configured`);
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(1, 1 + IV_LENGTH));
      decipher.setAAD(associatedData(keyId, place));
      decipher.setAuthTag(bytes.subarray(1 + IV_LENGTH, HEADER_LENGTH));
      try {
        return Buffer.concat([decipher.update(bytes.subarray(HEADER_LENGTH)), decipher.final()]);
      } catch {
        throw unreadable(place, `master key id ${keyId} does not open it: the key is not the one it was sealed with, or the value was altered or moved from another row`);
      }
    },
  };
}

function checkKey(masterKey: MasterKey): void {
  if (!Number.isInteger(masterKey.id) || masterKey.id < 1 || masterKey.id > 255) {
    throw new DteError('INTERNAL', `A master key id must be a whole number from 1 to 255, got ${String(masterKey.id)}.`);
  }
  if (masterKey.key.length !== 32) {
    throw new DteError('INTERNAL', `Master key id ${masterKey.id} has ${masterKey.key.length} bytes; AES-256 needs exactly 32 (MASTER_KEY is 32 bytes in base64).`);
  }
}

function associatedData(keyId: number, place: SecretPlace): Buffer {
  return Buffer.from(`dte-secret\u0000${keyId}\u0000${place.column}\u0000${place.companyRut}\u0000${place.rowId}`, 'utf8');
}

function unreadable(place: SecretPlace, reason: string): DteError {
  return new DteError('INTERNAL', `The ${place.label} of company ${place.companyRut} cannot be decrypted: ${reason}.`, {
    details: { column: place.column, companyRut: place.companyRut, rowId: place.rowId },
  });
}
