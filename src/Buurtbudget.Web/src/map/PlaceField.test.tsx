import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import i18n from '../i18n';
import type { Place } from './geo';
import { PlaceField } from './PlaceField';

/** How long a test waits for the lazily imported map on a busy machine (the test itself may take that long too). */
const MapLoads = 15_000;

const configured = () => new Response(JSON.stringify({ map: { tileUrl: 'https://tiles.test/{z}/{x}/{y}.png', attribution: 'Kaartgegevens © Kadaster' } }), { status: 200, headers: { 'Content-Type': 'application/json' } });

/** The field as the proposal form holds it: the chosen place in the form's state. Every test answers the map's
 * configuration alike, so the module's once-per-page copy of it is shared, and Leaflet is imported once for the file
 * (importing it afresh for every test took seconds on a busy machine). */
function renderField(start: Place | null, nearby: Place[]) {
  vi.stubGlobal('fetch', vi.fn(async () => configured()));
  const chosen: (Place | null)[] = [];
  function Form() {
    const [place, setPlace] = useState<Place | null>(start);
    return <PlaceField place={place} onChange={(p) => { chosen.push(p); setPlace(p); }} nearby={nearby} />;
  }
  render(<Form />);
  return chosen;
}

beforeEach(async () => {
  await i18n.changeLanguage('nl');
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('PlaceField', () => {
  it('puts the pin in the middle of the map by a button, says where in words, and moves it with the arrow keys', async () => {
    const chosen = renderField(null, [{ latitude: 51.9143, longitude: 4.4512 }]);
    const status = screen.getByText('U heeft nog geen plek gekozen.');
    expect(status.getAttribute('role')).toBe('status');

    fireEvent.click(screen.getByRole('button', { name: 'Speld in het midden zetten' }));

    expect(await screen.findByText('Gekozen plek: 51,91430° N, 4,45120° O')).toBeTruthy();
    // The map itself loads on its own (Leaflet is a lazy import): wait for it, however long the first import takes.
    const region = await screen.findByRole('region', { name: 'Kaart om de plek van uw plan te kiezen' }, { timeout: MapLoads });
    const pin = await within(region).findByRole('button', { name: 'Speld op 51,91430° N, 4,45120° O. Verplaats met de pijltjestoetsen.' }, { timeout: MapLoads });
    fireEvent.keyDown(pin, { key: 'ArrowUp' });
    const moved = chosen.at(-1)!;
    expect(moved.latitude).toBeGreaterThan(51.9143);
    // Up moves north; in jsdom the map has no size, so the projection's rounding may shift the longitude a hair.
    expect(moved.longitude).toBeCloseTo(4.4512, 3);
    expect(screen.getByText(/^Gekozen plek: /).textContent).not.toBe('Gekozen plek: 51,91430° N, 4,45120° O');
  }, MapLoads * 2);

  it('takes the place away again, and the form then sends none', () => {
    const chosen = renderField({ latitude: 51.9151, longitude: 4.4468 }, []);
    expect(screen.getByText('Gekozen plek: 51,91510° N, 4,44680° O')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Plek weghalen' }));

    expect(chosen).toEqual([null]);
    expect(screen.getByText('U heeft nog geen plek gekozen.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Plek weghalen' })).toBeNull();
  });

  it('says the map does not choose the buurt, and that the place may stay empty', () => {
    renderField(null, []);

    expect(screen.getByRole('group', { name: 'Plek op de kaart (niet verplicht)' })).toBeTruthy();
    expect(screen.getByText('De kaart kiest de buurt niet voor u: kies de buurt hierboven zelf. U kunt de plek ook leeg laten.')).toBeTruthy();
  });
});
