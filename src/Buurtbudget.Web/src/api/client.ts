import i18n from '../i18n';

/** An RFC 9457 problem the API answered with: its stable code and a text in the user's language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly args: Record<string, string> = {},
  ) {
    super(detail || title);
    this.name = 'ApiError';
  }
}

/** What a failed call becomes: the API's problem as it is, anything else in the general words. */
export function toApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'unknown', i18n.t('errors.title'), String(error));
}

type TokenSource = () => Promise<string | null>;
let tokenSource: TokenSource = async () => null;

/** Set by the sign-in: where requests get their bearer token. */
export function useTokenSource(source: TokenSource) {
  tokenSource = source;
}

/** Sends a request to the API under /api with the caller's token and language; throws ApiError for a network failure
 * or a problem answer, so what comes back is always a success. */
export async function send(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has('Accept')) headers.set('Accept', 'application/json, application/problem+json');
  headers.set('Accept-Language', i18n.language === 'en' ? 'en' : 'nl');
  const token = await tokenSource();
  if (token) headers.set('Authorization', `Bearer ${token}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(init.json);
  }

  let response: Response;
  try {
    response = await fetch(`/api${path}`, { ...init, headers, body });
  } catch {
    throw new ApiError(0, 'network', i18n.t('errors.title'), i18n.t('errors.network'));
  }

  if (!response.ok) {
    throw await problemOf(response);
  }

  return response;
}

/** Calls the API and reads its JSON (or text) answer; throws ApiError for a problem answer. */
export async function api<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const response = await send(path, init);
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('Content-Type') ?? '';
  return (type.includes('json') ? await response.json() : await response.text()) as T;
}

async function problemOf(response: Response): Promise<ApiError> {
  try {
    const problem = (await response.json()) as { code?: string; title?: string; detail?: string; arguments?: Record<string, string> };
    return new ApiError(response.status, problem.code ?? `http-${response.status}`, problem.title ?? response.statusText, problem.detail ?? '', problem.arguments ?? {});
  } catch {
    return new ApiError(response.status, `http-${response.status}`, i18n.t('errors.title'), response.statusText);
  }
}
