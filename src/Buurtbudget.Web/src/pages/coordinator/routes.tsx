import { lazy } from 'react';
import { Route } from 'react-router';
import { Lazy } from '../../app/Loading';
import './coordinator.css';
import { patterns } from '../../app/paths';

// Loaded on first visit, so that residents never download the coordinators' and auditors' pages.
const CoordinatorRoundsPage = lazy(() => import('./CoordinatorRoundsPage').then((m) => ({ default: m.CoordinatorRoundsPage })));
const CreateRoundPage = lazy(() => import('./CreateRoundPage').then((m) => ({ default: m.CreateRoundPage })));
const RoundManagePage = lazy(() => import('./RoundManagePage').then((m) => ({ default: m.RoundManagePage })));

/** The coordinators' pages, mounted inside the layout by App: /beheer (the rounds of one's wijken; every round for
 * admins), /beheer/rondes/nieuw (an admin creates a round) and /beheer/rondes/:roundId (phase, review queue, pictures to hide and to erase, voting codes, live tally, results). */
export const coordinatorRoutes = [
  <Route key="coordinator-rounds" path={patterns.manage} element={<Lazy><CoordinatorRoundsPage /></Lazy>} />,
  <Route key="coordinator-new-round" path={patterns.newRound} element={<Lazy><CreateRoundPage /></Lazy>} />,
  <Route key="coordinator-round" path={patterns.manageRound} element={<Lazy><RoundManagePage /></Lazy>} />,
];
