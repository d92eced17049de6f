import { Route } from 'react-router';

/** The auditors' pages, mounted inside the layout by App. */
export const auditorRoutes = [<Route key="auditor-none" path="/__auditor" element={null} />];
