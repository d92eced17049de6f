import { useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useSearchParams } from 'react-router';
import type { Proposal, Round } from '../../api/types';
import { buurtName } from '../../rounds/buurten';
import { standingOf } from '../../rounds/funding';
import { applyFilter, filterChoices, filterFromSearch, proposalSorts, searchFromFilter, type ProposalFilter } from '../../rounds/proposalList';
import { Button, FormField, Heading, Link, Paragraph, Select, StatusBadge } from '../../ui';
import { categoryLabel } from './common';
import { ProposalFacts } from './ProposalFacts';
import { ProposalMap } from '../../map/ProposalMap';
import { PictureThumbnail } from '../../images/ProposalPictures';
import { paths } from '../../app/paths';

type Spending = Parameters<typeof standingOf>[1];

/** A round's proposals as cards, with a small form to show one category or buurt and to order them by cost. The
 * choice lives in the address (a reload or the back button keeps it); how many are shown is announced. The map view
 * beside the cards shows the same proposals. */
export function ProposalList({ round, proposals, spending }: { round: Round; proposals: Proposal[]; spending: Spending }) {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const filter = filterFromSearch(search);
  const { categories, buurten } = filterChoices(proposals);
  const shown = applyFilter(proposals, filter);
  const formId = useId();
  // The filter last asked for, with the location it was asked on. The router draws the new address a moment after it
  // is asked for, so a second change before that (press "show all", then pick an order at once) must build on the
  // first, not on the filter still shown; once any navigation has landed, the shown filter counts again.
  const here = useLocation();
  const asked = useRef<{ on: string; filter: ProposalFilter } | null>(null);
  const change = (next: Partial<ProposalFilter>) => {
    const wanted = { ...(asked.current?.on === here.key ? asked.current.filter : filter), ...next };
    asked.current = { on: here.key, filter: wanted };
    setSearch(searchFromFilter(wanted), { replace: true, preventScrollReset: true });
  };
  const filtered = filter.category !== '' || filter.buurt !== '';
  // The map view only where the round has a proposal with a place; a filter that leaves none says so on the map.
  const placed = proposals.some((p) => p.location);

  return (
    <>
      <form className="proposal-filter" aria-labelledby={`${formId}-title`} onSubmit={(event) => event.preventDefault()}>
        <Heading level={3} id={`${formId}-title`} className="proposal-filter__title">{t('ballotResults.proposals.filterTitle')}</Heading>
        <div className="proposal-filter__fields">
          <FormField id={`${formId}-category`} label={t('ballotResults.proposals.category')}>
            {({ id }) => (
              <Select id={id} name="category" value={filter.category} onChange={(e) => change({ category: e.target.value })}>
                <option value="">{t('ballotResults.proposals.allCategories')}</option>
                {categories.map((category) => <option key={category} value={category}>{categoryLabel(t, category)}</option>)}
              </Select>
            )}
          </FormField>
          {buurten.length > 0 && (
            <FormField id={`${formId}-buurt`} label={t('ballotResults.proposals.buurt')}>
              {({ id }) => (
                <Select id={id} name="buurt" value={filter.buurt} onChange={(e) => change({ buurt: e.target.value })}>
                  <option value="">{t('ballotResults.proposals.allBuurten')}</option>
                  {buurten
                    .map((code) => ({ code, name: buurtName(code) }))
                    .sort((a, b) => a.name.localeCompare(b.name, 'nl'))
                    .map(({ code, name }) => <option key={code} value={code}>{name}</option>)}
                </Select>
              )}
            </FormField>
          )}
          <FormField id={`${formId}-sort`} label={t('ballotResults.proposals.sort')}>
            {({ id }) => (
              <Select id={id} name="sort" value={filter.sort} onChange={(e) => change({ sort: e.target.value as ProposalFilter['sort'] })}>
                {proposalSorts.map((sort) => <option key={sort} value={sort}>{t(`ballotResults.proposals.sortBy.${sort}`)}</option>)}
              </Select>
            )}
          </FormField>
        </div>
        {filtered && (
          <Button kind="secondary" type="button" onClick={() => change({ category: '', buurt: '' })}>{t('ballotResults.proposals.showAll')}</Button>
        )}
      </form>
      <p className="utrecht-paragraph proposal-filter__count" role="status" aria-live="polite">
        {filtered ? t('ballotResults.proposals.countFiltered', { count: shown.length, total: proposals.length }) : t('ballotResults.proposals.countAll', { count: proposals.length })}
      </p>
      {shown.length === 0 ? (
        <Paragraph>{t('ballotResults.proposals.none')}</Paragraph>
      ) : (
        <div className={placed ? 'proposals-with-map' : undefined}>
        <ul className="card-list proposal-list">
          {shown.map((p) => (
            <li key={p.id} className="card">
              <Heading level={3}><Link to={paths.proposal(round.id, p.id)}>{t('resident.proposal.numbered', { id: p.id, title: p.title })}</Link></Heading>
              <PictureThumbnail roundId={round.id} proposal={p} />
              <Paragraph>
                <StatusBadge>{t(`resident.status.${standingOf(p, spending)}`)}</StatusBadge>
                {p.isMine && <> <StatusBadge>{t('resident.proposal.mine')}</StatusBadge></>}
              </Paragraph>
              <ProposalFacts proposal={p} compact />
            </li>
          ))}
        </ul>
        {placed && <ProposalMap roundId={round.id} proposals={shown} />}
        </div>
      )}
    </>
  );
}
