import type { RegisteredFunction, RpcBindingInfo, RpcInvocationResponse, RpcTypedData } from './functionsCoreTypes';

export interface NamedBinding {
  readonly name: string;
  readonly binding: RpcBindingInfo;
}

/** The trigger binding (the one whose type ends in "Trigger", as the library decides). */
export function triggerBinding(fn: RegisteredFunction): NamedBinding {
  for (const [name, binding] of Object.entries(fn.metadata.bindings)) {
    if (/trigger$/i.test(binding.type ?? '')) return { name, binding };
  }
  throw new Error(`function '${fn.metadata.name}' has no trigger binding`);
}

export function outputBindings(fn: RegisteredFunction, type: string): NamedBinding[] {
  return Object.entries(fn.metadata.bindings)
    .filter(([, binding]) => binding.direction === 'out' && binding.type?.toLowerCase() === type.toLowerCase())
    .map(([name, binding]) => ({ name, binding }));
}

/** The value an output binding received: `$return` travels as `returnValue`, the rest in `outputData`. */
export function outputValue(response: RpcInvocationResponse, bindingName: string): RpcTypedData | undefined {
  if (bindingName === '$return') return response.returnValue ?? undefined;
  return response.outputData?.find((output) => output.name === bindingName)?.data ?? undefined;
}

export function stringOption(binding: RpcBindingInfo, key: string): string | undefined {
  const value = binding[key];
  return typeof value === 'string' ? value : undefined;
}
