import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import i18n from '../i18n';
import { fakeApi, json, type ApiCall } from '../testing/fakeApi';
import { ErasePictures } from './ErasePicture';
import { picture, proposal, round } from './pictureFixtures';

let calls: ApiCall[] = [];
let answer: (call: ApiCall) => Response;

beforeEach(async () => {
  await i18n.changeLanguage('nl');
  calls = fakeApi((call) => answer(call));
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('ErasePictures', () => {
  const bankjes = proposal(1, 'Bankjes', [picture('a', 'shown', 'Het plein'), picture('b', 'hidden', 'Kinderen op het plein')]);
  const lampen = proposal(2, 'Lampen', [picture('c', 'removed', 'Donkere steeg'), picture('d', 'hidden', 'Oude foto', true)]);
  const drempels = proposal(3, 'Drempels', [picture('e', 'shown', 'De straat')]);

  it('lists hidden and removed pictures still kept, erases one only after the question, and says it is gone for good', async () => {
    answer = (call) => (call.method === 'DELETE'
      ? json(200, { ...bankjes, images: [picture('a', 'shown', 'Het plein'), picture('b', 'hidden', 'Kinderen op het plein', true)] })
      : json(200, [bankjes, lampen, drempels]));
    render(<ErasePictures round={round} />);

    expect(await screen.findByText('Foto 1: Kinderen op het plein')).toBeTruthy();
    expect(screen.getByText('Verborgen door de wijkcoördinator. De reden: Herkenbare kinderen')).toBeTruthy();
    expect(screen.getByText('Foto 1: Donkere steeg')).toBeTruthy();
    expect(screen.getByText('Weggehaald door de indiener van het voorstel.')).toBeTruthy();
    // Shown pictures, erased ones and proposals without any are not offered.
    expect(screen.queryByText(/Het plein$/)).toBeNull();
    expect(screen.queryByText(/Oude foto/)).toBeNull();
    expect(screen.queryByRole('heading', { name: '3. Drempels' })).toBeNull();

    const button = screen.getByRole('button', { name: "Foto 1 van 'Bankjes' wissen" });
    button.focus();
    fireEvent.click(button);
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect(screen.getByText("U wist foto 1 van 'Bankjes': Kinderen op het plein. Daarna is de foto weg, ook voor u.")).toBeTruthy();
    expect(document.activeElement?.textContent).toBe('Annuleren');

    fireEvent.click(screen.getByRole('button', { name: 'Annuleren' }));
    expect(calls.filter((c) => c.method === 'DELETE')).toHaveLength(0);
    expect(document.activeElement).toBe(button);

    fireEvent.click(button);
    fireEvent.click(screen.getByRole('button', { name: 'Ja, foto wissen' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: "Foto 1 van 'Bankjes' wissen" })).toBeNull());
    expect(calls.find((c) => c.method === 'DELETE')?.url).toBe('/api/rounds/r1/proposals/1/images/b/bytes');
    // A busy indicator may still announce itself for a moment: wait for the one status left.
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('De foto is voorgoed gewist. In het logboek staat alleen nog de vingerafdruk van de foto.'));
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: "Verborgen en weggehaalde foto's wissen" }));
    expect(screen.getByRole('button', { name: "Foto 1 van 'Lampen' wissen" })).toBeTruthy();
  });

  it("shows the API's refusal in the question and keeps the picture", async () => {
    answer = (call) => (call.method === 'DELETE'
      ? json(409, { code: 'image-still-shown', title: 'Foto wordt nog getoond', detail: 'De foto staat weer bij het voorstel.' })
      : json(200, [lampen]));
    render(<ErasePictures round={round} />);

    fireEvent.click(await screen.findByRole('button', { name: "Foto 1 van 'Lampen' wissen" }));
    fireEvent.click(screen.getByRole('button', { name: 'Ja, foto wissen' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Foto wordt nog getoond');
    expect(screen.getByRole('alert').textContent).toContain('De foto staat weer bij het voorstel.');
    expect(screen.getByRole('button', { name: "Foto 1 van 'Lampen' wissen" })).toBeTruthy();
  });

  it('says when there is nothing to erase, in English too', async () => {
    answer = () => json(200, [drempels]);
    await i18n.changeLanguage('en');
    render(<ErasePictures round={round} />);
    expect(await screen.findByText('There are no hidden or removed pictures to erase.')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Erase hidden and removed pictures' })).toBeTruthy();
  });
});
