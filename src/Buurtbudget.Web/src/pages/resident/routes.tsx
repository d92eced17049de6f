import { Route } from 'react-router';
import { BallotPage } from './BallotPage';
import { ProposalFormPage } from './ProposalFormPage';
import { ProposalPage } from './ProposalPage';
import { ResultsPage } from './ResultsPage';
import { RoundPage } from './RoundPage';
import { VotingCodePage } from './VotingCodePage';
import './resident.css';
import { patterns } from '../../app/paths';
import { EnglishAddress } from '../../app/EnglishAddress';

/** The residents' pages, mounted inside the layout by App; their addresses are in app/paths. The English addresses of
 * earlier versions (/rounds/...) lead to the same pages. */
export const residentRoutes = [
  <Route key="resident-round" path={patterns.round} element={<RoundPage />} />,
  <Route key="resident-proposal-new" path={patterns.proposalNew} element={<ProposalFormPage />} />,
  <Route key="resident-proposal" path={patterns.proposal} element={<ProposalPage />} />,
  <Route key="resident-proposal-edit" path={patterns.proposalEdit} element={<ProposalFormPage />} />,
  <Route key="resident-ballot" path={patterns.ballot} element={<BallotPage />} />,
  <Route key="resident-code-round" path={patterns.roundCode} element={<VotingCodePage />} />,
  <Route key="resident-code" path={patterns.code} element={<VotingCodePage />} />,
  <Route key="resident-code-letter" path={patterns.letter} element={<VotingCodePage />} />,
  <Route key="resident-english" path="/rounds/*" element={<EnglishAddress />} />,
  <Route key="resident-results" path={patterns.results} element={<ResultsPage />} />,
];
