import { Route } from 'react-router';
import { InfoPage } from './InfoPage';

/** The footer's pages, in Dutch paths like the rest of the client's public pages. */
export const frontDoorRoutes = [
  <Route key="privacy" path="privacy" element={<InfoPage topic="privacy" />} />,
  <Route key="accessibility" path="toegankelijkheid" element={<InfoPage topic="accessibility" />} />,
  <Route key="contact" path="contact" element={<InfoPage topic="contact" />} />,
];
