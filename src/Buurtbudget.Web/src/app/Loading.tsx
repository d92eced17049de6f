import { Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Paragraph } from '../ui';

/** The one loading text of every page and part of one: in a status region, so that a screen reader hears it once. */
export function Loading() {
  const { t } = useTranslation();
  return <Paragraph role="status">{t('app.loading')}</Paragraph>;
}

/** While a lazily loaded page's code arrives. */
export function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}
