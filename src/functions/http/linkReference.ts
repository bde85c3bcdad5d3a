import type { HttpRequest } from '@azure/functions';
import type { ResolveOptions } from '../../app/queries/resolveLink';

/**
 * Not a trigger: the link a `{key}` route names. The segment holds a key, or a name path / ARM id with each `/`
 * percent-encoded (`%2F`; resolveLink decodes what the host left encoded); `subscription` narrows a name path.
 */
export function linkReference(request: HttpRequest): {
  readonly reference: string;
  readonly options: ResolveOptions;
} {
  const subscription = request.query.get('subscription') ?? undefined;
  return {
    reference: request.params.key ?? '',
    options: subscription ? { subscription: subscription.slice(0, 200) } : {},
  };
}
