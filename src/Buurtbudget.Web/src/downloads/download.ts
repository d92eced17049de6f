import { send } from '../api/client';

/** Kept here too for the pages that import it from here; its owner is the API client. */
export { toApiError } from '../api/client';

/** Fetches an API resource as raw bytes with the caller's token, for downloads that must stay byte for byte as the
 * server wrote them (the audit export's digest covers its exact bytes) or that are not JSON (CSV, HTML letters).
 * Throws ApiError with the problem's detail for a refusal. */
export async function fetchRaw(path: string, init: RequestInit & { json?: unknown } = {}): Promise<{ blob: Blob; fileName: string | null }> {
  const response = await send(path, { ...init, cache: 'no-store', headers: { Accept: '*/*', ...init.headers } });
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
