import { vi } from 'vitest';

/** One request a component sent, its JSON body parsed. */
export interface ApiCall { url: string; method: string; body: unknown }

/** A response as the API gives it: JSON, or problem details from status 400 on. */
export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } });
}

/** For component tests: fetch answers with <paramref name="answer"/> and every call is recorded, in order, in the
 * array returned. Undo it with vi.unstubAllGlobals(). */
export function fakeApi(answer: (call: ApiCall) => Response): ApiCall[] {
  const calls: ApiCall[] = [];
  vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit = {}) => {
    const call = { url, method: init.method ?? 'GET', body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined };
    calls.push(call);
    return answer(call);
  }));
  return calls;
}
