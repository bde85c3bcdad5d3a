import { toError } from '../../core/errors';
import type { SnapshotStore } from './monitoringPorts';

type SnapshotWriter = ReturnType<SnapshotStore['batchWriter']>;

/**
 * Lets a chunk's snapshot writes run on while the next chunk is read from ARM, so a cycle's time is about the larger
 * of its ARM reads and its storage writes, not their sum. `add` starts a chunk's writes and waits only for the
 * previous chunk's, so at most two chunks of snapshots are in memory; `flush` waits for everything and fails if any
 * write failed. Snapshots depend on nothing written after them, so transitions and requests need not wait for them.
 */
export function pipelineSnapshots(writer: SnapshotWriter): SnapshotWriter {
  let previous: Promise<void> = Promise.resolve();
  let failure: Error | undefined;
  const settle = async (): Promise<void> => {
    await previous;
    if (failure !== undefined) throw failure;
  };
  return {
    add: async (snapshots) => {
      await settle();
      // Settled on its own, so a failing write is reported by the next add or flush, never as an unhandled rejection.
      previous = writer.add(snapshots).then(undefined, (error: unknown) => void (failure ??= toError(error)));
    },
    flush: async () => {
      await settle();
      await writer.flush();
    },
  };
}
