import { TunnelwatchError } from '../../core/errors';

/** Table entities hold flat scalars: undefined fields are left out, so a Replace removes them. */
export function flatEntity(partitionKey: string, rowKey: string, fields: Readonly<Record<string, unknown>>): Record<string, unknown> & { partitionKey: string; rowKey: string } {
  const entity: Record<string, unknown> & { partitionKey: string; rowKey: string } = { partitionKey, rowKey };
  for (const [name, value] of Object.entries(fields)) if (value !== undefined && value !== null) entity[name] = value;
  return entity;
}

/** Strips the table's own keys and the etag from a stored entity. */
export function fieldsOf(entity: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { partitionKey: _pk, rowKey: _rk, etag: _etag, ...fields } = entity;
  return fields;
}

/** Runs a conditional write; a lost race (409 exists / 412 ETag mismatch) is a result, not an error. */
export async function unlessConflict<T>(write: () => Promise<T>): Promise<T | undefined> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof TunnelwatchError && error.code === 'STORAGE.CONFLICT') return undefined;
    throw error;
  }
}

export function isNotFound(error: unknown): boolean {
  return error instanceof TunnelwatchError && error.details.status === 404;
}
