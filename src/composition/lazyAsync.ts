/**
 * A value built once per process on first use. A failed build is forgotten, so the next invocation retries
 * (a storage blip at cold start must not poison the instance).
 */
export function lazyAsync<T>(build: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= build().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
