import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody } from './arm/armHttp';
import { parseFaultInput, parseGatewayStateInput, parseLinkStateInput, parseTagsInput } from './controlInputs';
import { write } from './arm/serveArm';
import type { SimulatorEngine } from './SimulatorEngine';
import { parseHuaweiIamInput } from './huawei/HuaweiIamBook';
import { parseRbacInput } from './arm/parseRbacInput';
import { SimulatorInputError } from './SimulatorInputError';

const MAX_BODY_BYTES = 64 * 1024;

type ControlRoute = (engine: SimulatorEngine, body: unknown, url: URL) => unknown;

/** The `/_sim/` control API (ARCHITECTURE.md table plus the additions in README). No auth: loopback, dev only. */
const ROUTES: Record<string, ControlRoute> = {
  'GET /_sim/links': (engine) => engine.listLinks(),
  'POST /_sim/links/state': (engine, body) => engine.setLinkState(parseLinkStateInput(body)),
  'POST /_sim/faults': (engine, body) => {
    engine.addFault(parseFaultInput(body));
    return engine.faults.list();
  },
  'GET /_sim/faults': (engine) => engine.faults.list(),
  'DELETE /_sim/faults': (engine) => {
    engine.faults.clear();
    return undefined;
  },
  'GET /_sim/calls': (engine) => engine.calls(),
  'DELETE /_sim/calls': (engine) => {
    engine.resetCalls();
    return undefined;
  },
  'GET /_sim/secrets': (engine) => engine.secrets(),
  'POST /_sim/gateways/state': (engine, body) => {
    engine.setGatewayState(parseGatewayStateInput(body));
    return undefined;
  },
  'DELETE /_sim/gateways': (engine, _body, url) => {
    const id = url.searchParams.get('id');
    if (!id) throw new SimulatorInputError("query parameter 'id' is required");
    engine.deleteGateway(id);
    return undefined;
  },
  'POST /_sim/tags': (engine, body) => {
    const input = parseTagsInput(body);
    engine.setTags(input.id, input.tags);
    return undefined;
  },
  'PUT /_sim/rbac': (engine, body) => {
    engine.rbac.set(parseRbacInput(body));
    return undefined;
  },
  'DELETE /_sim/rbac': (engine) => {
    engine.rbac.clear();
    return undefined;
  },
  'PUT /_sim/huawei/iam': (engine, body) => {
    engine.huawei.iam.withhold(parseHuaweiIamInput(body));
    return { withheld: engine.huawei.iam.list() };
  },
  'DELETE /_sim/huawei/iam': (engine) => {
    engine.huawei.iam.clear();
    return undefined;
  },
  'GET /_sim/fleet': (engine) => ({
    subscriptions: engine.fleet.subscriptionIds(),
    gateways: engine.fleet.gateways().map((gateway) => gateway.id),
    classicConnections: engine.fleet.classicConnections().map((connection) => connection.id),
    links: engine.fleet.tunnels().length + engine.huawei.all().length,
    huaweiScopes: engine.huawei.scopes(),
    huaweiConnections: engine.huawei.all().map((connection) => connection.id),
  }),
};

export async function serveControl(engine: SimulatorEngine, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const route = ROUTES[`${req.method ?? 'GET'} ${url.pathname.replace(/\/+$/, '')}`];
  if (!route) {
    req.resume();
    return write(res, { status: 404, body: errorBody('NotFound', `No control route ${req.method} ${url.pathname}.`) });
  }
  try {
    const body = req.method === 'POST' || req.method === 'PUT' ? await readJson(req) : (req.resume(), undefined);
    const result = route(engine, body, url);
    write(res, result === undefined ? { status: 204 } : { status: 200, body: result });
  } catch (thrown) {
    if (!(thrown instanceof SimulatorInputError)) throw thrown;
    write(res, { status: thrown.code === 'PayloadTooLarge' ? 413 : 400, body: errorBody(thrown.code, thrown.message) });
  }
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new SimulatorInputError(`body larger than ${MAX_BODY_BYTES} bytes`, 'PayloadTooLarge');
    chunks.push(buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new SimulatorInputError('body is not valid JSON', 'InvalidJson');
  }
}
