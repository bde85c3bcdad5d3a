/**
 * Shares one call of `load` among the callers that arrive within `reuseMs` of it, and among concurrent ones (single
 * flight): twenty parallel callers cost one load. A failed load is never reused.
 */
export function reuseRecent<T>(load: () => Promise<T>, nowMs: () => number, reuseMs: number): () => Promise<T> {
  let recent: { readonly at: number; readonly value: Promise<T> } | undefined;
  return () => {
    if (recent && nowMs() - recent.at < reuseMs) return recent.value;
    const value = load();
    const entry = { at: nowMs(), value };
    recent = entry;
    value.catch(() => {
      if (recent === entry) recent = undefined;
    });
    return value;
  };
}
