import { NotFound } from '../frontDoor/NotFound';

/** Any path no route knows. */
export function NotFoundPage() {
  return <NotFound />;
}
