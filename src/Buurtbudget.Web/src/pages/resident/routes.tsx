import { Route } from 'react-router';

/** The residents' pages, mounted inside the layout by App. */
export const residentRoutes = [<Route key="resident-none" path="/__resident" element={null} />];
