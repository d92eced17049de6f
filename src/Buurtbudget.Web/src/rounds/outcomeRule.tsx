import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import './outcomeRule.css';

/** How a round's outcome rule or tie-break is called for people: a plain name and, below it, one sentence on what it
 * does. Residents and coordinators read the same words (ballotResults.outcomeRule / ballotResults.tieBreak); a name
 * the client does not know is shown as the API sends it. */
export function OutcomeRuleText({ rule, kind = 'outcomeRule' }: { rule: string; kind?: 'outcomeRule' | 'tieBreak' }) {
  const { t } = useTranslation();
  const name = t(`ballotResults.${kind}.${rule}.name`, { defaultValue: rule });
  const explain = t(`ballotResults.${kind}.${rule}.explain`, { defaultValue: '' });
  return (
    <>
      <strong className="outcome-rule__name">{name}</strong>
      {explain && <span className="outcome-rule__explain">{explain}</span>}
    </>
  );
}

/** The plain name alone, for an option in a list. */
export function outcomeRuleName(t: TFunction, rule: string): string {
  return t(`ballotResults.outcomeRule.${rule}.name`, { defaultValue: rule });
}
