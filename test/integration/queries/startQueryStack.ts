import path from 'node:path';
import { resetAppConfig } from '../../../src/composition/appConfig';
import { startLocalHost, type LocalHost } from '../../../src/local/host/localHost';
import { seedQueryFixture, type QueryFixture } from './seedQueryFixture';

/** The query routes' own registrations (src/functions), run by the local Functions host. */
export const QUERY_FUNCTIONS = ['health', 'links', 'fleet', 'linkDetail', 'history', 'events', 'remediations', 'dashboard'].map((name) =>
  path.resolve(__dirname, `../../../src/functions/${name}.ts`),
);

/**
 * A running local stack for browser and CLI tests: the real query functions in the local host, over Azurite
 * tables seeded as the poller would leave them (one stuck link). Data is seeded relative to the real clock.
 */
export async function startQueryStack(connection: string, prefix: string): Promise<{ host: LocalHost; fleet: QueryFixture }> {
  const fleet = await seedQueryFixture(connection, prefix, new Date());
  resetAppConfig();
  const host = await startLocalHost({
    entryFiles: QUERY_FUNCTIONS,
    storageConnectionString: connection,
    settings: { TW_SCOPES: '/subscriptions/00000000-0000-0000-0000-000000000001', TW_TABLE_PREFIX: prefix },
    port: 0,
    hostJsonPath: path.resolve(__dirname, '../../../host.json'),
    log: () => undefined,
  });
  return { host, fleet };
}
