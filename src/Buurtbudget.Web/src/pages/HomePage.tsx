import { useTranslation } from 'react-i18next';
import { formatMoney } from '../api/format';
import type { RoundSummary } from '../api/types';
import { useApi } from '../api/useApi';
import { useAuth } from '../auth/AuthProvider';
import { RoundIntegrityBadge } from '../rounds/RoundIntegrityWarning';
import { VotingDeadline } from '../rounds/VotingDeadline';
import { HomeVotingCodeForm } from './resident/VotingCodePage';
import { Alert, Button, Heading, Link, Paragraph, StatusBadge } from '../ui';
import { Loading } from '../app/Loading';
import { paths } from '../app/paths';

/** The rounds anyone can see (the caller's wijk first once signed in), and the ways in: sign in, or vote with a code. */
export function HomePage() {
  const { t } = useTranslation();
  const { user, me, ready, signIn } = useAuth();
  // Public: the list needs no account; read once the sign-in is known, so that a signed-in caller sees their wijk first.
  const rounds = useApi<RoundSummary[]>(ready ? '/rounds' : null);
  const mine = new Set(me?.districts ?? []);
  const own = rounds.data?.filter((round) => mine.has(round.district.code)) ?? [];
  const others = rounds.data?.filter((round) => !mine.has(round.district.code)) ?? [];

  return (
    <>
      <Heading level={1}>{t('home.title')}</Heading>
      <Paragraph lead>{t('home.intro')}</Paragraph>
      {ready && !user && (
        <>
          <Paragraph>{t('home.signInIntro')}</Paragraph>
          <Button onClick={() => void signIn()}>{t('app.signIn')}</Button>
          <section aria-labelledby="vote-with-code" className="home-code">
            <Heading level={2} id="vote-with-code">{t('publicPages.code.homeTitle')}</Heading>
            <Paragraph>{t('resident.home.codeIntro')}</Paragraph>
            <HomeVotingCodeForm />
          </section>
        </>
      )}
      {rounds.error && <Alert type="error" title={rounds.error.title}>{rounds.error.detail}</Alert>}
      {rounds.loading && <Loading />}
      {rounds.data && rounds.data.length === 0 && <Paragraph>{t('home.none')}</Paragraph>}
      {own.length > 0 && (
        <section aria-labelledby="rounds-own">
          <Heading level={2} id="rounds-own">{t('resident.home.yourWijk')}</Heading>
          <RoundCards rounds={own} />
        </section>
      )}
      {others.length > 0 && (
        <section aria-labelledby="rounds-other">
          <Heading level={2} id="rounds-other">{own.length > 0 ? t('resident.home.otherWijken') : t('resident.home.allRounds')}</Heading>
          <RoundCards rounds={others} />
        </section>
      )}
    </>
  );
}

/** A round card's link for the caller's own work on it: coordinators manage their wijk's rounds (admins every round),
 * auditors check every round. */
function WorkLink({ round }: { round: RoundSummary }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  if (me?.role === 'admin' || (me?.role === 'coordinator' && me.districts.includes(round.district.code))) {
    return <Paragraph><Link to={`/beheer/rondes/${round.id}`} aria-label={t('home.manageRound', { title: round.title })}>{t('home.manage')}</Link></Paragraph>;
  }

  return me?.role === 'auditor'
    ? <Paragraph><Link to={`/controle/rondes/${round.id}`} aria-label={t('home.auditRound', { title: round.title })}>{t('home.audit')}</Link></Paragraph>
    : null;
}

function RoundCards({ rounds }: { rounds: RoundSummary[] }) {
  const { t, i18n } = useTranslation();
  return (
    <ul className="card-list">
      {rounds.map((round) => (
        <li key={round.id} className="card">
          <Heading level={3}><Link to={paths.round(round.id)}>{round.title}</Link></Heading>
          <Paragraph>{round.district.name}, {round.district.municipalityName}</Paragraph>
          <StatusBadge>{t(`phases.${round.phase}`)}</StatusBadge><RoundIntegrityBadge round={round} />
          {round.phase === 'voting' && <VotingDeadline window={round} />}
          <dl>
            <dt>{t('home.budget')}</dt><dd>{formatMoney(round.budgetCents, i18n.language)}</dd>
            <dt>{t('home.proposals')}</dt><dd>{round.proposalCount}</dd>
          </dl>
          <WorkLink round={round} />
        </li>
      ))}
    </ul>
  );
}
