import type { APIRequestContext, Page } from '@playwright/test';

/** The journeys run without internet: the background map's tiles (the API's section Map, PDOK by default) are
 * either served by the test from here, or refused, so that the fallback is what the page shows. The origin comes
 * from the platform's own configuration (GET /api/client-config), as the client reads it. */
export async function tileOrigin(request: APIRequestContext): Promise<string> {
  const response = await request.get('/api/client-config');
  const config = (await response.json()) as { map: { tileUrl: string } };
  return new URL(config.map.tileUrl.replace(/\{[zxy]\}/g, '0')).origin;
}

/** A plain test tile: a pale ground with a street grid that shifts with the tile's place, so the map reads as a map
 * in the screenshots, with nothing of any real place on it. SVG, which an <img> shows like the PNG it replaces. */
function tile(x: number, y: number): string {
  const offset = (n: number) => 40 + ((n * 37) % 120);
  const canal = (x + y) % 3 === 0 ? '<path d="M0 200 C 80 180, 170 230, 256 190" stroke="#a9cbe0" stroke-width="18" fill="none"/>' : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
<rect width="256" height="256" fill="#f1efe9"/>
<rect x="150" y="20" width="70" height="60" fill="#d8e8c8"/>${canal}
<g stroke="#ffffff" stroke-width="9"><path d="M${offset(x)} 0 V256"/><path d="M0 ${offset(y)} H256"/><path d="M0 ${offset(x + y)} L256 ${offset(x + y + 1)}"/></g>
<g stroke="#d6d2c8" stroke-width="1" fill="none"><path d="M${offset(x)} 0 V256"/><path d="M0 ${offset(y)} H256"/></g>
</svg>`;
}

/** Serves every tile the page asks of the tiles' origin from the test; returns how many it served so far. */
export async function serveTestTiles(page: Page, origin: string): Promise<() => number> {
  let served = 0;
  await page.route(`${origin}/**`, async (route) => {
    const match = /\/(\d+)\/(\d+)\/(\d+)\.png/.exec(new URL(route.request().url()).pathname);
    served += 1;
    await route.fulfill({ status: 200, contentType: 'image/svg+xml', body: tile(Number(match?.[2] ?? 0), Number(match?.[3] ?? 0)) });
  });
  return () => served;
}

/** Refuses every tile, as when the tile service is down or the network has no way out; returns how many were asked. */
export async function refuseTiles(page: Page, origin: string): Promise<() => number> {
  let asked = 0;
  await page.route(`${origin}/**`, async (route) => {
    asked += 1;
    await route.abort('internetdisconnected');
  });
  return () => asked;
}
