import { Route } from 'react-router';
import { AuditorRoundsPage } from './AuditorRoundsPage';
import { AuditRoundPage } from './AuditRoundPage';
import '../coordinator/coordinator.css';

/** The auditors' pages, mounted inside the layout by App: /controle (every round in the city, by phase, and the city's
 * open data) and /controle/rondes/:roundId (chain verdict, votes, spending, results and recount, audit status, export,
 * event log). */
export const auditorRoutes = [
  <Route key="auditor-rounds" path="controle" element={<AuditorRoundsPage />} />,
  <Route key="auditor-round" path="controle/rondes/:roundId" element={<AuditRoundPage />} />,
];
