import { BrowserRouter, Route, Routes } from 'react-router';
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
import { Layout } from './Layout';

/** The routes: each audience's pages come from its own routes module (pages/resident, pages/coordinator,
 * pages/auditor), a wijk's budget (for coordinators, auditors and admins alike) from wijken. What several audiences
 * share lives outside pages/: access (the sign-in and role gate), downloads, results (results and tally views),
 * app/Loading (the one loading text and the lazy pages' fallback), forms/money. */
export function App() {
  return (
    <BrowserRouter>
      <AuthProvider>
        <Routes>
          <Route element={<Layout />}>
            <Route index element={<HomePage />} />
            <Route path="signin-callback" element={<SigninCallback />} />
            {residentRoutes}
            {coordinatorRoutes}
            {auditorRoutes}
            {wijkenRoutes}
            {frontDoorRoutes}
            {newsRoutes}
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </AuthProvider>
    </BrowserRouter>
  );
}
