import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import i18n from '../i18n';
import type { Proposal } from '../api/types';
import { fakeApi, json, type ApiCall } from '../testing/fakeApi';
import { HidePublishedPictures } from './HidePicture';
import { picture, proposal, round } from './pictureFixtures';

let calls: ApiCall[] = [];
let proposals: Proposal[] = [];

beforeEach(async () => {
  await i18n.changeLanguage('nl');
  calls = fakeApi((call) => (call.method === 'POST' ? json(200, proposals[0]) : json(200, proposals)));
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('HidePublishedPictures', () => {
  it('offers every shown picture of the round for hiding, hides one with its reason, and reads the list again', async () => {
    const lampen = proposal(2, 'Lampen', [picture('c', 'removed', 'Donkere steeg')]);
    const drempels = proposal(3, 'Drempels', [picture('d', 'shown', 'De straat')]);
    proposals = [proposal(1, 'Bankjes', [picture('a', 'shown', 'Het plein'), picture('b', 'hidden', 'De auto')]), lampen, drempels];
    const changed = vi.fn();
    render(<HidePublishedPictures round={round} onChanged={changed} />);

    expect(await screen.findByText("Foto 1 van 'Bankjes' verbergen")).toBeTruthy();
    expect(screen.getByText("Foto 1 van 'Drempels' verbergen")).toBeTruthy();
    // Only shown pictures: the hidden one and the proposal whose only picture was removed are not offered.
    expect(screen.queryByText("Foto 2 van 'Bankjes' verbergen")).toBeNull();
    expect(screen.queryByText(/van 'Lampen' verbergen/)).toBeNull();

    const [reason] = screen.getAllByLabelText('Reden (bewoners zien deze in plaats van de foto)', { exact: false });
    fireEvent.change(reason!, { target: { value: 'Er staat een kenteken op.' } });
    proposals = [proposal(1, 'Bankjes', [picture('a', 'hidden', 'Het plein'), picture('b', 'hidden', 'De auto')]), lampen, drempels];
    const [hideButton] = screen.getAllByRole('button', { name: 'Foto verbergen' });
    fireEvent.click(hideButton!);

    await waitFor(() => expect(screen.queryByText("Foto 1 van 'Bankjes' verbergen")).toBeNull());
    const posted = calls.find((c) => c.method === 'POST');
    expect(posted?.url).toBe('/api/rounds/r1/proposals/1/images/a/hiding');
    expect(posted?.body).toEqual({ reason: 'Er staat een kenteken op.' });
    expect(calls.filter((c) => c.method === 'GET')).toHaveLength(2);
    expect(changed).toHaveBeenCalledTimes(1);
    // A busy indicator may still announce itself for a moment: wait for the one status left.
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('Foto verborgen'));
    expect(screen.getByText("Foto 1 van 'Drempels' verbergen")).toBeTruthy();
  });

  it('says so when no proposal has a picture to hide, in English too', async () => {
    await i18n.changeLanguage('en');
    proposals = [proposal(1, 'Benches', [picture('a', 'hidden', 'The square')])];
    render(<HidePublishedPictures round={round} onChanged={() => {}} />);

    expect(await screen.findByText('No proposal has a picture that residents see.')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Hide pictures' })).toBeTruthy();
  });
});
