// A memo with a size bound, for per-process caches of pure work (PromQL parses, compiled regexes): it keeps the
// entries used most recently, so a catalog of thousands of integrations does not hold every one it ever made.

/** `compute`, remembering its last `limit` distinct results; a hit makes an entry the most recently used. */
export function boundedCache<K, V>(limit: number, compute: (key: K) => V): (key: K) => V {
  const entries = new Map<K, V>();
  return (key) => {
    if (entries.has(key)) {
      const value = entries.get(key) as V;
      // Map iterates in insertion order: re-inserting moves the entry to the recently used end.
      entries.delete(key);
      entries.set(key, value);
      return value;
    }
    const value = compute(key);
    entries.set(key, value);
    if (entries.size > limit) entries.delete(entries.keys().next().value as K);
    return value;
  };
}
