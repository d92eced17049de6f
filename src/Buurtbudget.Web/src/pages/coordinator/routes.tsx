import { Route } from 'react-router';

/** The coordinators' pages, mounted inside the layout by App. */
export const coordinatorRoutes = [<Route key="coordinator-none" path="/__coordinator" element={null} />];
