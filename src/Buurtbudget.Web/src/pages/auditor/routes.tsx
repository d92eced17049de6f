import { lazy } from 'react';
import { Route } from 'react-router';
import { Lazy } from '../../app/Loading';
import '../coordinator/coordinator.css';

// Loaded on first visit, so that residents never download the auditors' pages.
const AuditorRoundsPage = lazy(() => import('./AuditorRoundsPage').then((m) => ({ default: m.AuditorRoundsPage })));
const AuditRoundPage = lazy(() => import('./AuditRoundPage').then((m) => ({ default: m.AuditRoundPage })));

/** The auditors' pages, mounted inside the layout by App: /controle (every round in the city, by phase, and the city's
 * open data) and /controle/rondes/:roundId (chain verdict, votes, spending, results and recount, audit status, export,
 * event log). */
export const auditorRoutes = [
  <Route key="auditor-rounds" path="controle" element={<Lazy><AuditorRoundsPage /></Lazy>} />,
  <Route key="auditor-round" path="controle/rondes/:roundId" element={<Lazy><AuditRoundPage /></Lazy>} />,
];
