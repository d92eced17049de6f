import { ApiError } from '../../api/client';
import i18n from '../../i18n';

/** Fetches an API resource as raw bytes with the caller's token, for downloads that must stay byte for byte as the
 * server wrote them (the audit export's digest covers its exact bytes) or that are not JSON (CSV, HTML letters).
 * Throws ApiError with the problem's detail for a refusal. */
export async function fetchRaw(path: string, token: string | undefined, init: RequestInit & { json?: unknown } = {}): Promise<{ blob: Blob; fileName: string | null }> {
  const headers = new Headers(init.headers);
  headers.set('Accept-Language', i18n.language === 'en' ? 'en' : 'nl');
  if (token) headers.set('Authorization', `Bearer ${token}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(init.json);
  }

  let response: Response;
  try {
    response = await fetch(`/api${path}`, { ...init, headers, body, cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'network', i18n.t('errors.title'), i18n.t('errors.network'));
  }

  if (!response.ok) {
    try {
      const problem = (await response.json()) as { code?: string; title?: string; detail?: string; arguments?: Record<string, string> };
      throw new ApiError(response.status, problem.code ?? `http-${response.status}`, problem.title ?? response.statusText, problem.detail ?? '', problem.arguments ?? {});
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw new ApiError(response.status, `http-${response.status}`, i18n.t('errors.title'), response.statusText);
    }
  }

  const disposition = response.headers.get('Content-Disposition') ?? '';
  const fileName = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] ?? null;
  return { blob: await response.blob(), fileName: fileName ? decodeURIComponent(fileName) : null };
}

/** Saves a blob as a file through a temporary link (the browser's own download). */
export function saveBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function toApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'unknown', i18n.t('errors.title'), String(error));
}
