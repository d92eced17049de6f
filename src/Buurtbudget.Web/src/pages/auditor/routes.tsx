import { lazy } from 'react';
import { Route } from 'react-router';
import { Lazy } from '../../app/Loading';
import '../coordinator/coordinator.css';
import { patterns } from '../../app/paths';

// Loaded on first visit, so that residents never download the auditors' pages.
const AuditorRoundsPage = lazy(() => import('./AuditorRoundsPage').then((m) => ({ default: m.AuditorRoundsPage })));
const AuditRoundPage = lazy(() => import('./AuditRoundPage').then((m) => ({ default: m.AuditRoundPage })));

/** The auditors' pages, mounted inside the layout by App: /controle (every round in the city, by phase, and the city's
 * open data) and /controle/rondes/:roundId (chain verdict, votes, spending, results and recount, audit status, export,
 * event log). */
export const auditorRoutes = [
  <Route key="auditor-rounds" path={patterns.audit} element={<Lazy><AuditorRoundsPage /></Lazy>} />,
  <Route key="auditor-round" path={patterns.auditRound} element={<Lazy><AuditRoundPage /></Lazy>} />,
];
