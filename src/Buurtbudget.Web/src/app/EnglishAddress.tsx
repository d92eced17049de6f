import { Navigate, useLocation } from 'react-router';
import { NotFoundPage } from '../pages/NotFoundPage';
import { fromEnglishPath } from './paths';

/** An English address of an earlier version (a printed letter, a shared link) opens the same page at its Dutch
 * address; the browser's history keeps only the new one. */
export function EnglishAddress() {
  const location = useLocation();
  const dutch = fromEnglishPath(location.pathname);
  return dutch ? <Navigate replace to={{ pathname: dutch, search: location.search, hash: location.hash }} /> : <NotFoundPage />;
}
