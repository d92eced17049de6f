import { createBrowserRouter, createRoutesFromElements, Route, RouterProvider } from 'react-router';
import { AuthProvider } from '../auth/AuthProvider';
import { SigninCallback } from '../auth/SigninCallback';
import { HomePage } from '../pages/HomePage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { auditorRoutes } from '../pages/auditor/routes';
import { coordinatorRoutes } from '../pages/coordinator/routes';
import { residentRoutes } from '../pages/resident/routes';
import { frontDoorRoutes } from '../frontDoor/routes';
import { newsRoutes } from '../news/routes';
import { wijkenRoutes } from '../wijken/routes';
import { paperRoutes } from '../paper/routes';
import { Layout } from './Layout';
import { patterns } from './paths';

/** The routes: each audience's pages come from its own routes module (pages/resident, pages/coordinator,
 * pages/auditor), a wijk's budget (for coordinators, auditors and admins alike) from wijken. What several audiences
 * share lives outside pages/: access (the sign-in and role gate), downloads, results (results and tally views),
 * app/Loading (the one loading text and the lazy pages' fallback), forms/money. */
const router = createBrowserRouter(createRoutesFromElements(
  <Route element={<Layout />}>
    <Route index element={<HomePage />} />
    <Route path={patterns.signInCallback} element={<SigninCallback />} />
    {residentRoutes}
    {coordinatorRoutes}
    {auditorRoutes}
    {wijkenRoutes}
    {paperRoutes}
    {frontDoorRoutes}
    {newsRoutes}
    <Route path="*" element={<NotFoundPage />} />
  </Route>,
));

/** A data router, so that a page can ask before it is left (the ballot with unsent choices, also on the back button). */
export function App() {
  return (
    <AuthProvider>
      <RouterProvider router={router} />
    </AuthProvider>
  );
}
