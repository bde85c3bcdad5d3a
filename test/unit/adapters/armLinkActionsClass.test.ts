import { describe, expect, it } from 'vitest';
import { createArmLinkActions } from '../../../src/adapters/arm/armLinkActions';
import { ArmPacer } from '../../../src/adapters/arm/armPacer';
import type { ArmTransport } from '../../../src/adapters/arm/armTransport';

describe('link actions read as remediation', () => {
  it('sends every link action inside the remediation class, so its reads go ahead of polling', async () => {
    const pacer = new ArmPacer({ concurrency: 1 });
    const classes: string[] = [];
    const original = pacer.asClass.bind(pacer);
    pacer.asClass = (readClass, work) => {
      classes.push(readClass);
      return original(readClass, work);
    };
    const transport = {
      endpoint: 'https://arm.test',
      pacer,
      names: (id: string) => {
        throw Object.assign(new Error(`'${id}' is not a resource id`), { code: 'LINK.NOT_FOUND' });
      },
    } as unknown as ArmTransport;
    const actions = createArmLinkActions(transport, { readTargetWithoutSiteTags: () => Promise.reject(new Error('not used')) });
    await expect(actions.readLink('not-an-id')).rejects.toThrow('not a resource id');
    await expect(actions.readGatewayProvisioningState('not-an-id')).rejects.toThrow('not a resource id');
    expect(classes).toEqual(['remediation', 'remediation']);
  });
});
