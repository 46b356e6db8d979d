// Grafana dashboard uids, apart from the dashboard JSON builder (and its SDK), so that checks of a whole catalog
// can compute them without loading it.
import { createHash } from 'node:crypto';

/** Grafana rejects dashboard uids longer than this. */
export const grafanaUidMaxLength = 40;

/**
 * A uid that stays the same across builds and differs between dashboards: `<integration>_<dashboard>` (ids never
 * contain '_', so no two pairs share it), or when that is too long, its start plus a hash of the whole.
 */
export function grafanaUid(integrationId: string, dashboardId: string): string {
  const readable = `${integrationId}_${dashboardId}`;
  if (readable.length <= grafanaUidMaxLength) return readable;
  const hash = createHash('sha256').update(readable).digest('hex').slice(0, 8);
  return `${readable.slice(0, grafanaUidMaxLength - hash.length - 1)}-${hash}`;
}
