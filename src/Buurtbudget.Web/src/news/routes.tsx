import { Route } from 'react-router';
import { NewsLinkPage } from './NewsLinkPage';

/** The pages the links in news messages open (News:PublicUrl + these paths; see the API's NewsLinks). */
export const newsRoutes = [
  <Route key="news-confirm" path="nieuws/bevestigen" element={<NewsLinkPage purpose="confirm" />} />,
  <Route key="news-withdraw" path="nieuws/afmelden" element={<NewsLinkPage purpose="withdraw" />} />,
];
