// Requests asking for the same thing at once share one computation: a burst of identical reads of the
// Registry (the object that also takes submissions) costs it one read, not one each. Nothing is kept once
// the computation settles, so no answer outlives the data it was read from.
export function coalescing<T>(): (key: string, compute: () => Promise<T>) => Promise<T> {
  const inflight = new Map<string, Promise<T>>();
  return (key, compute) => {
    const running = inflight.get(key);
    if (running) return running;
    const started = compute().finally(() => inflight.delete(key));
    inflight.set(key, started);
    return started;
  };
}
