import { useTranslation } from 'react-i18next';
import type { District } from '../api/types';
import { Link, Paragraph } from '../ui';
import { paths } from '../app/paths';

/** The way from a round's page to its wijk's budget (/wijken/:code/budget). */
export function WijkBudgetLink({ district }: { district: Pick<District, 'code' | 'name'> }) {
  const { t } = useTranslation();
  return <Paragraph><Link to={paths.wijkBudget(district.code)}>{t('wijkBudget.link', { name: district.name })}</Link></Paragraph>;
}
