import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import { Heading, Link, Paragraph } from '../ui';
import { usePageTitle } from './pageTitle';

export type Missing = 'page' | 'round' | 'proposal';

/** The API's codes for an id in the address that names nothing: malformed or absent. */
const MISSING: Record<string, Missing> = {
  'invalid-round-id': 'round',
  'round-not-found': 'round',
  'invalid-proposal-id': 'proposal',
  'proposal-not-found': 'proposal',
};

/** What an API error says is missing, or null when it is not a "not found" at all. */
export function missingOf(error: Pick<ApiError, 'status' | 'code'> | null | undefined): Missing | null {
  if (!error || error.status !== 404) return null;
  return MISSING[error.code] ?? 'page';
}

/** A friendly "not found": what is missing, why that may be, and where to go; never the API's technical words. The
 * page is titled "Niet gevonden". On a page that has its own h1 already, the heading is an h2. */
export function NotFound({ missing = 'page', level = 1 }: { missing?: Missing; level?: 1 | 2 }) {
  const { t } = useTranslation();
  usePageTitle(t('frontDoor.titles.notFound'));
  return (
    <section className="stack not-found" aria-labelledby="not-found-heading">
      <Heading level={level} id="not-found-heading">{missing === 'page' ? t('errors.notFound') : t(`frontDoor.notFound.${missing}`)}</Heading>
      <Paragraph lead>{t('frontDoor.notFound.why')}</Paragraph>
      <Heading level={level === 1 ? 2 : 3}>{t('frontDoor.notFound.what')}</Heading>
      <ul className="utrecht-unordered-list">
        <li className="utrecht-unordered-list__item">{t('frontDoor.notFound.checkLink')}</li>
        <li className="utrecht-unordered-list__item"><Link to="/">{t('frontDoor.notFound.home')}</Link></li>
        <li className="utrecht-unordered-list__item"><Link to="/contact">{t('frontDoor.notFound.contact')}</Link></li>
      </ul>
    </section>
  );
}
