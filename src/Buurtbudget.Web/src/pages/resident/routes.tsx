import { Route } from 'react-router';
import { BallotPage } from './BallotPage';
import { ProposalFormPage } from './ProposalFormPage';
import { ProposalPage } from './ProposalPage';
import { ResultsPage } from './ResultsPage';
import { RoundPage } from './RoundPage';
import { VotingCodePage } from './VotingCodePage';
import './resident.css';

/** The residents' pages, mounted inside the layout by App. /stemmen is the address printed on voting-code letters
 * (VotingCodes:VotingUrl); /stemcode is the menu's. */
export const residentRoutes = [
  <Route key="resident-round" path="/rounds/:roundId" element={<RoundPage />} />,
  <Route key="resident-proposal-new" path="/rounds/:roundId/proposals/new" element={<ProposalFormPage />} />,
  <Route key="resident-proposal" path="/rounds/:roundId/proposals/:proposalId" element={<ProposalPage />} />,
  <Route key="resident-proposal-edit" path="/rounds/:roundId/proposals/:proposalId/edit" element={<ProposalFormPage />} />,
  <Route key="resident-ballot" path="/rounds/:roundId/ballot" element={<BallotPage />} />,
  <Route key="resident-code-round" path="/rounds/:roundId/stemcode" element={<VotingCodePage />} />,
  <Route key="resident-code" path="/stemcode" element={<VotingCodePage />} />,
  <Route key="resident-code-letter" path="/stemmen" element={<VotingCodePage />} />,
  <Route key="resident-results" path="/rounds/:roundId/results" element={<ResultsPage />} />,
];
