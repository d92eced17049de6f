import { lazy } from 'react';
import { Route } from 'react-router';
import { Lazy } from '../app/Loading';
import { patterns } from '../app/paths';

// Loaded on first visit: only the coordinators of a wijk with a voting evening (and auditors) need these pages.
const PaperBatchesPage = lazy(() => import('./PaperBatchesPage').then((m) => ({ default: m.PaperBatchesPage })));
const PaperBatchPage = lazy(() => import('./PaperBatchPage').then((m) => ({ default: m.PaperBatchPage })));

/** Paper ballots at a voting evening: /beheer/rondes/:roundId/papier (the batches) and …/papier/:batch (one batch). */
export const paperRoutes = [
  <Route key="paper-batches" path={patterns.paperBatches} element={<Lazy><PaperBatchesPage /></Lazy>} />,
  <Route key="paper-batch" path={patterns.paperBatch} element={<Lazy><PaperBatchPage /></Lazy>} />,
];
