import { normalizeArmId } from './armId';
import { linkGroupOf } from './linkGroup';
import { stableHash64 } from './stableBucket';

/** Length of every link key: three 64-bit hashes in hex. */
export const LINK_KEY_LENGTH = 48;
const HASH_LENGTH = 16;

/**
 * The stable, URL-safe key of a link (48 hex characters): FNV-1a 64 of its poll target, of its connection and of the
 * link itself, each over the lower-cased ARM id. Short enough for a URL or a terminal, stable across runs and
 * deployments, valid as a Table Storage key, and its first two parts name the link's state row, so a key alone finds
 * the state without an index. Keys cannot be decoded to ids: resolve them through link state.
 * An id that is not a link (a gateway, say) keys as its own target and connection.
 */
export function linkKeyFromId(id: string): string {
  const link = normalizeArmId(id);
  const group = linkGroupOf(id) ?? { targetId: link, connectionId: link };
  return `${stableHash64(group.targetId)}${stableHash64(group.connectionId)}${stableHash64(link)}`;
}

/** True for a string shaped like a link key (it may still name no known link). */
export function isLinkKey(text: string): boolean {
  return text.length === LINK_KEY_LENGTH && /^[0-9a-f]+$/.test(text);
}

/** The link-state row of a link key: `{hash(target)}~{hash(connection)}` (see docs/storage.md). */
export function stateRowKeyOfLinkKey(key: string): string {
  return `${key.slice(0, HASH_LENGTH)}~${key.slice(HASH_LENGTH, 2 * HASH_LENGTH)}`;
}

/** The link-state row of a connection group, consistent with stateRowKeyOfLinkKey. */
export function stateRowKeyOfGroup(group: {
  readonly targetId: string;
  readonly connectionId: string;
}): string {
  return `${stableHash64(normalizeArmId(group.targetId))}~${stableHash64(normalizeArmId(group.connectionId))}`;
}
