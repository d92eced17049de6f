import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import type { DashboardTicket } from '../../api/types';
import { useAuth } from '../../auth/AuthProvider';
import { Alert, Button, Heading, Paragraph } from '../../ui';

/** Leaves the client for the dashboard's page, in the same tab: a new tab opened after an awaited call is blocked as
 * a pop-up by some browsers. */
function goTo(path: string) {
  window.location.assign(path);
}

/** Admins only, and only where the node serves the dashboard (it is off unless configured): opens the Orleans dashboard. A browser cannot send the bearer token when it opens a page, so the
 * client first asks the API for a ticket with its token; the answer sets a short-lived cookie that only the
 * dashboard's path receives, and the page then opens. */
export function ClusterDashboardLink({ open = goTo }: { open?: (path: string) => void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  if (me?.role !== 'admin' || !me.clusterDashboard) return null;

  async function openDashboard() {
    setBusy(true);
    setError(null);
    try {
      const ticket = await api<DashboardTicket>('/admin/dashboard-ticket', { method: 'POST' });
      open(ticket.path);
    } catch (refusal) {
      setError(refusal instanceof ApiError ? refusal : new ApiError(0, 'unknown', t('errors.title'), String(refusal)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="cluster-dashboard-heading">
      <Heading level={2} id="cluster-dashboard-heading">{t('coordinator.clusterDashboard.title')}</Heading>
      <Paragraph>{t('coordinator.clusterDashboard.intro')}</Paragraph>
      {error && <Alert type="error" title={error.title}>{error.detail}</Alert>}
      <Button kind="secondary" onClick={() => void openDashboard()} disabled={busy} busy={busy}>
        {t('coordinator.clusterDashboard.open')}
      </Button>
    </section>
  );
}
