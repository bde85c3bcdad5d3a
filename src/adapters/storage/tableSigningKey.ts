import { randomBytes } from 'node:crypto';
import { TunnelwatchError } from '../../core/errors';
import { unlessConflict } from './tableEntityCodec';
import type { TableHandle } from './tableClients';

const PK = 'secret';
const RK = 'continuation-signing-key';

/**
 * The continuation-token signing key: 32 random bytes kept in a table row, created by whichever instance asks
 * first (the insert is conditional, so concurrent instances agree on one key). Deleting the row rotates it: the next
 * process start creates a new one and outstanding tokens stop verifying (400, start again without a token).
 * Never logged or returned; the storage account's access control guards it like every other row.
 */
export async function loadSigningKey(table: TableHandle): Promise<Buffer> {
  const existing = await table.get(PK, RK);
  if (existing) return keyOf(existing.key);
  await table.ensureExists();
  const key = randomBytes(32).toString('base64');
  if ((await unlessConflict(() => table.create({ partitionKey: PK, rowKey: RK, key }))) !== undefined)
    return Buffer.from(key, 'base64');
  const winner = await table.get(PK, RK);
  if (!winner)
    throw new TunnelwatchError(
      'STORAGE.UNAVAILABLE',
      'the continuation signing key could not be read back',
      true,
    );
  return keyOf(winner.key);
}

function keyOf(value: unknown): Buffer {
  const key = typeof value === 'string' ? Buffer.from(value, 'base64') : Buffer.alloc(0);
  if (key.length < 32)
    throw new TunnelwatchError(
      'STORAGE.FAILED',
      'the stored continuation signing key is malformed; delete its row to rotate it',
    );
  return key;
}
