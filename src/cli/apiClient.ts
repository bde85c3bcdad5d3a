/** A small client of the tunnelwatch HTTP API (function key in the x-functions-key header). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ApiClient {
  get(path: string, query?: Record<string, string | undefined>): Promise<unknown>;
  post(path: string, query?: Record<string, string | undefined>): Promise<unknown>;
}

export function createApiClient(baseUrl: string, key: string, timeoutMs = 30_000): ApiClient {
  const root = baseUrl.replace(/\/+$/, '').replace(/\/api$/, '');
  const send = async (
    method: string,
    path: string,
    query: Record<string, string | undefined> = {},
  ): Promise<unknown> => {
    const url = new URL(`${root}/api${path}`);
    for (const [name, value] of Object.entries(query))
      if (value !== undefined) url.searchParams.set(name, value);
    // Never follow a redirect: the key header would go along to wherever it points.
    const response = await fetch(url, {
      method,
      headers: { 'x-functions-key': key, accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status >= 300 && response.status < 400) {
      throw new ApiError(
        response.status,
        'REDIRECT_REFUSED',
        `the API answered with a redirect (${response.status}); not following it with the function key. Check --url.`,
      );
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new ApiError(
        response.status,
        error?.code ?? `HTTP_${response.status}`,
        error?.message ?? (text.slice(0, 200) || response.statusText),
      );
    }
    return body;
  };
  return { get: (path, query) => send('GET', path, query), post: (path, query) => send('POST', path, query) };
}
