import { useTranslation } from 'react-i18next';
import { Heading, Link, Paragraph } from '../ui';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <Heading level={1}>{t('errors.notFound')}</Heading>
      <Paragraph><Link to="/">{t('home.title')}</Link></Paragraph>
    </>
  );
}
