import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { ClientConfig } from '../api/types';

/** The background map's tiles and the words that credit them (the API's section Map, in GET /api/client-config). */
export type MapConfig = ClientConfig['map'];

let loading: Promise<MapConfig | null> | null = null;

/** Asked once per page load: the configuration does not change while the page is open. Null when it cannot be read;
 * then the map shows no tiles and says so, and the list is still there. */
export function loadMapConfig(): Promise<MapConfig | null> {
  loading ??= api<ClientConfig>('/client-config').then((config) => config.map ?? null, () => null);
  return loading;
}

/** undefined while loading, null when not available. */
export function useMapConfig(): MapConfig | null | undefined {
  const [config, setConfig] = useState<MapConfig | null | undefined>(undefined);
  useEffect(() => {
    let cancelled = false;
    void loadMapConfig().then((loaded) => {
      if (!cancelled) setConfig(loaded);
    });
    return () => {
      cancelled = true;
    };
  }, []);
  return config;
}
