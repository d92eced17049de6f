import { lazy } from 'react';
import { Route } from 'react-router';
import { Lazy } from '../app/Loading';
import '../pages/coordinator/coordinator.css';
import { patterns } from '../app/paths';

// Loaded on first visit, so that residents never download it.
const WijkBudgetPage = lazy(() => import('./WijkBudgetPage').then((m) => ({ default: m.WijkBudgetPage })));

/** A wijk's budget, mounted inside the layout by App: /wijken/:code/budget, for its coordinators, auditors and admins. */
export const wijkenRoutes = [
  <Route key="wijk-budget" path={patterns.wijkBudget} element={<Lazy><WijkBudgetPage /></Lazy>} />,
];
