import { describe, expect, inject, it } from 'vitest';
import { createTableClient } from '../../../src/adapters/storage/tableClients';
import { createTableRequestGate } from '../../../src/adapters/storage/tableRequestGate';
import { REQUEST_GATE_TTL_MS } from '../../../src/core/remediation/requestGatePolicy';

const gateOn = (name: string) => createTableRequestGate(createTableClient(inject('azuriteConnectionString'), name));
const NOW = new Date('2025-04-15T12:00:00.000Z');
const KEY = 'a'.repeat(48);
const at = (ms: number): Date => new Date(NOW.getTime() + ms);

describe('table request gate (Azurite)', () => {
  it('when six requests for one link race, then exactly one is admitted', async () => {
    const gates = Array.from({ length: 6 }, () => gateOn('twremgaterace'));
    const admitted = await Promise.all(gates.map((g, i) => g.enter(KEY, `req-${i}`, NOW)));
    expect(admitted.filter(Boolean)).toHaveLength(1);
  });

  it('when the holder is lost, then the gate is refused until its TTL and taken over by exactly one request after it', async () => {
    const gate = gateOn('twremgatettl');
    expect(await gate.enter(KEY, 'lost', NOW)).toBe(true);
    expect(await gate.enter(KEY, 'early', at(REQUEST_GATE_TTL_MS - 1_000))).toBe(false);
    const late = await Promise.all([gate.enter(KEY, 'late-1', at(REQUEST_GATE_TTL_MS)), gate.enter(KEY, 'late-2', at(REQUEST_GATE_TTL_MS))]);
    expect(late.filter(Boolean)).toHaveLength(1);
  });

  it('when the holder releases, then the next request is admitted at once; a release by anyone else changes nothing', async () => {
    const gate = gateOn('twremgaterelease');
    expect(await gate.enter(KEY, 'first', NOW)).toBe(true);
    await gate.release(KEY, 'not-the-holder');
    expect(await gate.enter(KEY, 'second', NOW)).toBe(false);
    expect(await gate.enter(KEY, 'first', NOW)).toBe(true);
    await gate.release(KEY, 'first');
    expect(await gate.enter(KEY, 'second', NOW)).toBe(true);
  });
});
