import { toError } from '../../core/errors';
import type { HostLogger } from './hostLog';

/**
 * Logs promise rejections nobody handled (a handler's fire-and-forget work) instead of letting Node
 * end the process, for as long as the host runs. Returns the listener's removal.
 */
export function logUnhandledRejections(log: HostLogger): () => void {
  const listener = (reason: unknown): void => {
    const error = toError(reason);
    log('error', `Unhandled promise rejection: ${error.stack ?? error.message}`);
  };
  process.on('unhandledRejection', listener);
  return () => process.removeListener('unhandledRejection', listener);
}
