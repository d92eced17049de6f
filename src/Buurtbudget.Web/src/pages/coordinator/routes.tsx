import { Route } from 'react-router';
import { CoordinatorRoundsPage } from './CoordinatorRoundsPage';
import { RoundManagePage } from './RoundManagePage';
import './coordinator.css';

/** The coordinators' pages, mounted inside the layout by App: /beheer (the rounds of one's wijken; every round for
 * admins) and /beheer/rondes/:roundId (phase, review queue, voting codes, live tally, results). */
export const coordinatorRoutes = [
  <Route key="coordinator-rounds" path="beheer" element={<CoordinatorRoundsPage />} />,
  <Route key="coordinator-round" path="beheer/rondes/:roundId" element={<RoundManagePage />} />,
];
