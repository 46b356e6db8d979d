// A memo with a size bound, for per-process caches of pure work (PromQL parses, compiled regexes): it keeps the
// entries used most recently, so a catalog of thousands of integrations does not hold every one it ever made.

/**
 * `compute`, remembering at most `limit` results, among them those of the last `limit / 2` distinct keys.
 *
 * Two generations approximate least-recently-used order: results go into the young one; when it is full it
 * becomes the old one and the previous old one is dropped whole; a hit in the old one carries the entry into the
 * young one. An exact LRU on a Map deletes and re-inserts on every hit, and finding its oldest entry scans past
 * every deleted one, which made lookups several times slower than the Map itself.
 */
export function boundedCache<K, V>(limit: number, compute: (key: K) => V): (key: K) => V {
  const generationSize = Math.max(1, Math.floor(limit / 2));
  let young = new Map<K, V>();
  let old = new Map<K, V>();
  return (key) => {
    if (young.has(key)) return young.get(key) as V;
    const value = old.has(key) ? (old.get(key) as V) : compute(key);
    young.set(key, value);
    if (young.size >= generationSize) {
      old = young;
      young = new Map();
    }
    return value;
  };
}
