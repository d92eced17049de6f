import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import i18n from '../../i18n';
import { useTokenSource } from '../../api/client';
import type { Me } from '../../api/types';
import { ClusterDashboardLink } from './ClusterDashboardLink';

let me: Me | null = null;
vi.mock('../../auth/AuthProvider', () => ({ useAuth: () => ({ me, user: me ? {} : null, ready: true }) }));

type Call = { url: string; method: string; authorization: string | null };
let calls: Call[] = [];
let answer: () => Response;

beforeEach(async () => {
  await i18n.changeLanguage('nl');
  calls = [];
  useTokenSource(async () => 'token-van-de-beheerder');
  vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit) => {
    calls.push({ url, method: init.method ?? 'GET', authorization: new Headers(init.headers).get('Authorization') });
    return answer();
  }));
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  useTokenSource(async () => null);
});

describe('ClusterDashboardLink', () => {
  it('is not there for coordinators, auditors or residents', () => {
    for (const role of ['coordinator', 'auditor', 'resident'] as const) {
      me = { role, districts: ['WK059903'], clusterDashboard: false };
      const { container } = render(<ClusterDashboardLink open={vi.fn()} />);
      expect(container.textContent).toBe('');
      cleanup();
    }
  });

  it('is not there for an admin on a node without the dashboard', () => {
    me = { role: 'admin', districts: [], clusterDashboard: false };
    const { container } = render(<ClusterDashboardLink open={vi.fn()} />);
    expect(container.textContent).toBe('');
  });

  it('asks a ticket with the admin\'s token, then opens the dashboard where the API says', async () => {
    me = { role: 'admin', districts: [], clusterDashboard: true };
    answer = () => new Response(JSON.stringify({ path: '/dashboard/', expiresAt: '2026-12-05T12:15:00Z' }), { status: 200, headers: { 'Content-Type': 'application/json' } });
    const open = vi.fn();
    render(<ClusterDashboardLink open={open} />);

    fireEvent.click(screen.getByRole('button', { name: 'Clusterdashboard' }));

    await waitFor(() => expect(open).toHaveBeenCalledWith('/dashboard/'));
    expect(calls).toEqual([{ url: '/api/admin/dashboard-ticket', method: 'POST', authorization: 'Bearer token-van-de-beheerder' }]);
  });

  it('shows the refusal and opens nothing when the API refuses the ticket', async () => {
    me = { role: 'admin', districts: [], clusterDashboard: true };
    answer = () => new Response(JSON.stringify({ code: 'forbidden', title: 'Geen toegang', detail: 'U bent aangemeld, maar u mag dit niet doen.' }), { status: 403, headers: { 'Content-Type': 'application/problem+json' } });
    const open = vi.fn();
    render(<ClusterDashboardLink open={open} />);

    fireEvent.click(screen.getByRole('button', { name: 'Clusterdashboard' }));

    await screen.findByText('U bent aangemeld, maar u mag dit niet doen.');
    expect(open).not.toHaveBeenCalled();
  });

  it('speaks English when asked', async () => {
    me = { role: 'admin', districts: [], clusterDashboard: true };
    await i18n.changeLanguage('en');
    render(<ClusterDashboardLink open={vi.fn()} />);

    expect(screen.getByRole('button', { name: 'Cluster dashboard' })).toBeTruthy();
  });
});
