import { Route } from 'react-router';
import { InfoPage } from './InfoPage';
import { patterns } from '../app/paths';

/** The footer's pages, in Dutch paths like the rest of the client's public pages. */
export const frontDoorRoutes = [
  <Route key="privacy" path={patterns.privacy} element={<InfoPage topic="privacy" />} />,
  <Route key="accessibility" path={patterns.accessibility} element={<InfoPage topic="accessibility" />} />,
  <Route key="contact" path={patterns.contact} element={<InfoPage topic="contact" />} />,
];
