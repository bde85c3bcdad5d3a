import { describe, expect, it } from 'vitest';
import { pipelineSnapshots } from '../../../src/app/monitoring/snapshotPipeline';
import type { LinkSnapshot } from '../../../src/core/snapshot/linkSnapshot';

/** A batch writer whose adds finish only when the test says so. */
function controlledWriter() {
  const pending: Array<{ readonly snapshots: readonly LinkSnapshot[]; finish: (error?: Error) => void }> = [];
  const written: LinkSnapshot[] = [];
  let flushed = 0;
  return {
    pending,
    written,
    flushed: () => flushed,
    writer: {
      add: (snapshots: readonly LinkSnapshot[]) =>
        new Promise<void>((resolve, reject) => {
          pending.push({ snapshots, finish: (error) => (error ? reject(error) : (written.push(...snapshots), resolve())) });
        }),
      flush: async () => void flushed++,
    },
  };
}

const snap = (key: string): LinkSnapshot => ({ key }) as LinkSnapshot;
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('snapshot writes pipelined behind the next chunk', () => {
  it('an add returns while its writes run, the next add waits for them, and flush waits for all of them', async () => {
    const c = controlledWriter();
    const pipeline = pipelineSnapshots(c.writer);
    await pipeline.add([snap('a')]);
    expect(c.pending).toHaveLength(1);

    let secondDone = false;
    const second = pipeline.add([snap('b')]).then(() => (secondDone = true));
    await tick();
    expect([secondDone, c.pending.length]).toEqual([false, 1]);
    c.pending[0]!.finish();
    await second;
    expect(c.pending).toHaveLength(2);

    let flushDone = false;
    const flush = pipeline.flush().then(() => (flushDone = true));
    await tick();
    expect([flushDone, c.flushed()]).toEqual([false, 0]);
    c.pending[1]!.finish();
    await flush;
    expect([c.written.map((s) => s.key), c.flushed()]).toEqual([['a', 'b'], 1]);
  });

  it('when a write fails, then the next add or the flush fails with it', async () => {
    const c = controlledWriter();
    const pipeline = pipelineSnapshots(c.writer);
    await pipeline.add([snap('a')]);
    c.pending[0]!.finish(new Error('table down'));
    await expect(pipeline.add([snap('b')])).rejects.toThrow('table down');
    await expect(pipeline.flush()).rejects.toThrow('table down');
    expect(c.flushed()).toBe(0);
  });
});
