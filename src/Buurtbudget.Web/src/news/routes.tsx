import { Route } from 'react-router';
import { patterns } from '../app/paths';
import { NewsLinkPage } from './NewsLinkPage';

/** The pages the links in news messages open (News:PublicUrl + these paths; see the API's NewsLinks). */
export const newsRoutes = [
  <Route key="news-confirm" path={patterns.newsConfirm} element={<NewsLinkPage purpose="confirm" />} />,
  <Route key="news-withdraw" path={patterns.newsWithdraw} element={<NewsLinkPage purpose="withdraw" />} />,
];
