import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Proposal } from '../api/types';
import i18n from '../i18n';

const roundId = '019a8e3c-5a00-7000-8000-0000000000aa';

function proposal(id: number, title: string, location: Proposal['location']): Proposal {
  return {
    id, title, description: `Beschrijving van ${title}.`, category: 'lighting', estimatedCostCents: 100_000, approvedCostCents: null,
    buurt: null, location, status: 'submitted', reviewNote: null, infeasibleReason: null, mergedInto: null, mergedFrom: [],
    submittedAt: '2026-12-01T10:00:00Z', updatedAt: '2026-12-01T10:00:00Z', isMine: false,
  } as Proposal;
}

const proposals = [
  proposal(1, 'Lantaarns in de steeg', { latitude: 51.9143, longitude: 4.4512 }),
  proposal(2, 'Schoonmaakdag', null),
  proposal(3, 'Bankje op het plein', { latitude: 51.9151, longitude: 4.4468 }),
];

/** The module keeps the configuration once per page load: each test loads it afresh with its own answer. */
async function renderMap(config: Response | 'unreachable', items: Proposal[]) {
  vi.resetModules();
  vi.stubGlobal('fetch', vi.fn(async () => {
    if (config === 'unreachable') throw new TypeError('Failed to fetch');
    return config.clone();
  }));
  const { ProposalMap } = await import('./ProposalMap');
  return render(
    <MemoryRouter initialEntries={[`/rondes/${roundId}`]}>
      <Routes>
        <Route path="/rondes/:roundId" element={<ProposalMap roundId={roundId} proposals={items} />} />
        <Route path="/rondes/:roundId/voorstellen/:proposalId" element={<p>Voorstelpagina</p>} />
      </Routes>
    </MemoryRouter>,
  );
}

const configured = () => new Response(JSON.stringify({ map: { tileUrl: 'https://tiles.test/{z}/{x}/{y}.png', attribution: 'Kaartgegevens © Kadaster' } }), { status: 200, headers: { 'Content-Type': 'application/json' } });

beforeEach(async () => {
  await i18n.changeLanguage('nl');
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('ProposalMap', () => {
  it('draws a marker per placed proposal, named for a screen reader, and lists the unplaced ones under the map', async () => {
    await renderMap(configured(), proposals);

    const region = await screen.findByRole('region', { name: 'Kaart met de voorstellen die een plek hebben' });
    await waitFor(() => expect(within(region).getAllByRole('button', { name: /^Voorstel \d/ })).toHaveLength(2));
    expect(within(region).getByRole('button', { name: 'Voorstel 1: Lantaarns in de steeg' })).toBeTruthy();
    expect(within(region).getByRole('button', { name: 'Voorstel 3: Bankje op het plein' })).toBeTruthy();
    expect(screen.getByText('2 van de 3 voorstellen hebben een plek op de kaart. Alle voorstellen staan ook in de lijst.')).toBeTruthy();
    expect(screen.getByText('Kaartgegevens © Kadaster')).toBeTruthy();
    const unplaced = screen.getByRole('heading', { level: 4, name: 'Zonder plek op de kaart' }).nextElementSibling as HTMLElement;
    expect(within(unplaced).getAllByRole('link').map((link) => link.textContent)).toEqual(['2. Schoonmaakdag']);
  });

  it('opens the proposal when its marker is chosen', async () => {
    await renderMap(configured(), proposals);

    const marker = await screen.findByRole('button', { name: 'Voorstel 3: Bankje op het plein' });
    marker.click();

    expect(await screen.findByText('Voorstelpagina')).toBeTruthy();
  });

  it('says the background map cannot load when the configuration cannot be read, and keeps the markers', async () => {
    await renderMap('unreachable', proposals);

    expect(await screen.findByText(/De achtergrondkaart kan nu niet worden geladen/)).toBeTruthy();
    const region = screen.getByRole('region', { name: 'Kaart met de voorstellen die een plek hebben' });
    expect(within(region).getAllByRole('button', { name: /^Voorstel \d/ })).toHaveLength(2);
    expect(screen.queryByText('Kaartgegevens © Kadaster')).toBeNull();
  });

  it('loads no map at all when no proposal has a place, and says so', async () => {
    await renderMap(configured(), [proposals[1]!]);

    expect(await screen.findByText('Nog geen voorstel heeft een plek op de kaart. Alle voorstellen staan ook in de lijst.')).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Kaart met de voorstellen die een plek hebben' })).toBeNull();
  });
});
