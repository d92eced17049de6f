import { describe, expect, it } from 'vitest';
import { formatPlace, isInNetherlands, netherlandsView, nudge, roundPlace, splitByPlace, streetZoom, viewOf } from './geo';

// A flat projection for the nudge tests: 1 pixel = 0.0001 degree, y growing southwards as on a screen.
const toPoint = (p: { latitude: number; longitude: number }) => ({ x: p.longitude * 10_000, y: -p.latitude * 10_000 });
const toPlace = (p: { x: number; y: number }) => ({ latitude: -p.y / 10_000, longitude: p.x / 10_000 });

describe('the Netherlands on the map', () => {
  it('holds the same box as the API: the country\'s extreme points in, swapped coordinates and neighbours out', () => {
    expect(isInNetherlands({ latitude: 51.9143, longitude: 4.4512 })).toBe(true); // Middelland
    expect(isInNetherlands({ latitude: 50.7536, longitude: 6.0207 })).toBe(true); // Vaalserberg
    expect(isInNetherlands({ latitude: 53.556, longitude: 6.563 })).toBe(true); // Rottumerplaat
    expect(isInNetherlands({ latitude: 51.37, longitude: 3.36 })).toBe(true); // Cadzand
    expect(isInNetherlands({ latitude: 53.19, longitude: 7.227 })).toBe(true); // Bad Nieuweschans
    expect(isInNetherlands({ latitude: 4.4512, longitude: 51.9143 })).toBe(false);
    expect(isInNetherlands({ latitude: 48.8566, longitude: 2.3522 })).toBe(false);
    expect(isInNetherlands({ latitude: 52.52, longitude: 13.405 })).toBe(false);
    expect(isInNetherlands({ latitude: Number.NaN, longitude: 4.45 })).toBe(false);
  });

  it('writes a place in words with the language\'s decimal sign and compass letter', () => {
    expect(formatPlace({ latitude: 51.9143, longitude: 4.4512 }, 'nl')).toBe('51,91430° N, 4,45120° O');
    expect(formatPlace({ latitude: 51.9143, longitude: 4.4512 }, 'en')).toBe('51.91430° N, 4.45120° E');
  });

  it('keeps five decimals of a click, about a metre', () => {
    expect(roundPlace({ latitude: 51.914312345, longitude: 4.451298765 })).toEqual({ latitude: 51.91431, longitude: 4.4513 });
  });

  it('opens on the middle of the places at street zoom, or on the whole country when there are none in it', () => {
    expect(viewOf([{ latitude: 51.91, longitude: 4.44 }, { latitude: 51.93, longitude: 4.46 }])).toEqual({ center: { latitude: 51.92, longitude: 4.45 }, zoom: streetZoom });
    expect(viewOf([])).toEqual({ center: netherlandsView.center, zoom: netherlandsView.zoom });
    expect(viewOf([{ latitude: 48.8566, longitude: 2.3522 }])).toEqual({ center: netherlandsView.center, zoom: netherlandsView.zoom });
  });

  it('moves a pin by a step per arrow key in the direction of the arrow', () => {
    const start = { latitude: 51.9143, longitude: 4.4512 };
    expect(nudge(start, 'ArrowUp', 10, toPoint, toPlace)).toEqual({ latitude: 51.9153, longitude: 4.4512 });
    expect(nudge(start, 'ArrowDown', 10, toPoint, toPlace)).toEqual({ latitude: 51.9133, longitude: 4.4512 });
    expect(nudge(start, 'ArrowLeft', 10, toPoint, toPlace)).toEqual({ latitude: 51.9143, longitude: 4.4502 });
    expect(nudge(start, 'ArrowRight', 10, toPoint, toPlace)).toEqual({ latitude: 51.9143, longitude: 4.4522 });
  });

  it('does not move a pin out of the Netherlands', () => {
    const edge = { latitude: 50.7505, longitude: 5.7 };
    expect(nudge(edge, 'ArrowDown', 10, toPoint, toPlace)).toEqual(edge);
  });

  it('puts proposals with a place in the Netherlands on the map and the rest under it, in the order given', () => {
    const proposals = [
      { id: 1, location: { latitude: 51.9143, longitude: 4.4512 } },
      { id: 2, location: null },
      // A place accepted before the API checked the box (an old log): listed, not drawn off the map.
      { id: 3, location: { latitude: 4.4512, longitude: 51.9143 } },
      { id: 4, location: { latitude: 51.92, longitude: 4.46 } },
    ];
    const { placed, unplaced } = splitByPlace(proposals);
    expect(placed.map((p) => p.id)).toEqual([1, 4]);
    expect(unplaced.map((p) => p.id)).toEqual([2, 3]);
  });
});
