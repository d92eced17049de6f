import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from './client';

/** Loads one API resource; reload() fetches it again (after a change). */
export function useApi<T>(path: string | null) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (path === null) return;
    let cancelled = false;
    setLoading(true);
    api<T>(path).then(
      (result) => {
        if (!cancelled) {
          setData(result);
          setError(null);
          setLoading(false);
        }
      },
      (failure: unknown) => {
        if (!cancelled) {
          setError(failure instanceof ApiError ? failure : new ApiError(0, 'unknown', String(failure), ''));
          setLoading(false);
        }
      },
    );
    return () => {
      cancelled = true;
    };
  }, [path, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, loading, reload };
}
