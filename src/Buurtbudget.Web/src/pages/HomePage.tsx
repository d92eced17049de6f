import { useTranslation } from 'react-i18next';
import { formatMoney } from '../api/format';
import type { RoundSummary } from '../api/types';
import { useApi } from '../api/useApi';
import { useAuth } from '../auth/AuthProvider';
import { Alert, Button, Heading, Link, Paragraph, StatusBadge } from '../ui';

/** The rounds the caller can see (their wijk's first), or the way in: sign in, or vote with a code. */
export function HomePage() {
  const { t, i18n } = useTranslation();
  const { user, ready, signIn } = useAuth();
  const rounds = useApi<RoundSummary[]>(user ? '/rounds' : null);

  return (
    <>
      <Heading level={1}>{t('home.title')}</Heading>
      <Paragraph lead>{t('home.intro')}</Paragraph>
      {ready && !user && (
        <>
          <Paragraph>{t('home.signInIntro')}</Paragraph>
          <Button onClick={() => void signIn()}>{t('app.signIn')}</Button>
        </>
      )}
      {rounds.error && <Alert type="error" title={rounds.error.title}>{rounds.error.detail}</Alert>}
      {rounds.data && rounds.data.length === 0 && <Paragraph>{t('home.none')}</Paragraph>}
      {rounds.data && rounds.data.length > 0 && (
        <ul className="card-list">
          {rounds.data.map((round) => (
            <li key={round.id} className="card">
              <Heading level={2}><Link to={`/rounds/${round.id}`}>{round.title}</Link></Heading>
              <Paragraph>{round.district.name}, {round.district.municipalityName}</Paragraph>
              <StatusBadge>{t(`phases.${round.phase}`)}</StatusBadge>
              <dl>
                <dt>{t('home.budget')}</dt><dd>{formatMoney(round.budgetCents, i18n.language)}</dd>
                <dt>{t('home.proposals')}</dt><dd>{round.proposalCount}</dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
