/** A place as the API carries it: WGS84 degrees. */
export interface Place {
  latitude: number;
  longitude: number;
}

/** The Netherlands' bounding box, the same as the API's (GeoPoint.IsInNetherlands): a place outside it is refused
 * there, so the map does not offer it. */
export const netherlands = { south: 50.75, north: 53.7, west: 3.2, east: 7.25 } as const;

/** Where a map opens when nothing in the round has a place yet: the whole country. */
export const netherlandsView = { center: { latitude: 52.2, longitude: 5.3 }, zoom: 7 } as const;

/** The zoom a map opens at over places in a wijk: a few streets around them. */
export const streetZoom = 15;

export function isInNetherlands(place: Place): boolean {
  const { latitude, longitude } = place;
  return Number.isFinite(latitude) && Number.isFinite(longitude) &&
    latitude >= netherlands.south && latitude <= netherlands.north && longitude >= netherlands.west && longitude <= netherlands.east;
}

/** Five decimals: about a metre, more than a click on a map can mean and not so many that a reader gets lost. */
export function roundPlace(place: Place): Place {
  const round = (value: number) => Math.round(value * 100_000) / 100_000;
  return { latitude: round(place.latitude), longitude: round(place.longitude) };
}

/** "51,91430° N, 4,45120° O" in Dutch, "51.91430° N, 4.45120° E" in English. */
export function formatPlace(place: Place, language: string): string {
  const english = language === 'en';
  const number = new Intl.NumberFormat(english ? 'en-GB' : 'nl-NL', { minimumFractionDigits: 5, maximumFractionDigits: 5, useGrouping: false });
  return `${number.format(place.latitude)}° N, ${number.format(place.longitude)}° ${english ? 'E' : 'O'}`;
}

/** Where a map opens: on the given places (their middle), else on the whole country. */
export function viewOf(places: Place[]): { center: Place; zoom: number } {
  const inside = places.filter(isInNetherlands);
  if (inside.length === 0) return { center: netherlandsView.center, zoom: netherlandsView.zoom };
  const sum = inside.reduce((total, p) => ({ latitude: total.latitude + p.latitude, longitude: total.longitude + p.longitude }), { latitude: 0, longitude: 0 });
  return { center: { latitude: sum.latitude / inside.length, longitude: sum.longitude / inside.length }, zoom: streetZoom };
}

export type Direction = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight';

export const directions: readonly string[] = ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'];

/** A marker moved with an arrow key, by a step in screen pixels (the map converts: `toPoint` and `toPlace` are
 * its projection at the current zoom), kept inside the Netherlands. */
export function nudge(place: Place, direction: Direction, step: number, toPoint: (p: Place) => { x: number; y: number }, toPlace: (p: { x: number; y: number }) => Place): Place {
  const point = toPoint(place);
  const moved = {
    x: point.x + (direction === 'ArrowRight' ? step : direction === 'ArrowLeft' ? -step : 0),
    y: point.y + (direction === 'ArrowDown' ? step : direction === 'ArrowUp' ? -step : 0),
  };
  const next = roundPlace(toPlace(moved));
  return isInNetherlands(next) ? next : place;
}

/** The proposals on a map and those without a place, each in the order given. */
export function splitByPlace<T extends { location?: Place | null }>(items: T[]): { placed: (T & { location: Place })[]; unplaced: T[] } {
  const placed: (T & { location: Place })[] = [];
  const unplaced: T[] = [];
  for (const item of items) {
    if (item.location && isInNetherlands(item.location)) placed.push(item as T & { location: Place });
    else unplaced.push(item);
  }
  return { placed, unplaced };
}
