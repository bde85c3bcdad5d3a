import { SimulatorInputError } from '../SimulatorInputError';
import type { HuaweiFleetOptions } from './buildHuaweiFleet';

/**
 * The CLI's `--huawei` value: comma-separated `<region>:<project_id>[:<connections>]` (default 4 connections), e.g.
 * `ap-southeast-1:0123456789abcdef0123456789abcdef:6`; `--huawei-pair` adds Azure link ids to pair with, in the first project.
 */
export function parseHuaweiSpec(spec: string, pairedLinks: readonly string[] = []): HuaweiFleetOptions {
  const projects = spec
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part, index) => {
      const [region, projectId, count, ...rest] = part.split(':');
      if (!region || !projectId || rest.length > 0 || (count !== undefined && !/^\d{1,4}$/.test(count))) {
        throw new SimulatorInputError(`Huawei project '${part}' must be <region>:<project_id>[:<connections>]`);
      }
      return { region, projectId, connections: count === undefined ? 4 : Number(count), ...(index === 0 ? { pairedLinks } : {}) };
    });
  if (projects.length === 0 && pairedLinks.length > 0) throw new SimulatorInputError('--huawei-pair needs a --huawei project');
  return { projects };
}
