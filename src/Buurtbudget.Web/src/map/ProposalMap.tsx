import { lazy, Suspense, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Proposal } from '../api/types';
import { Loading } from '../app/Loading';
import { paths } from '../app/paths';
import { Heading, Link, Paragraph, StatusMessage } from '../ui';
import { splitByPlace, viewOf } from './geo';
import type { MapMarker, TileState } from './LeafletMap';
import { useMapConfig } from './mapConfig';
import './map.css';

const LeafletMap = lazy(() => import('./LeafletMap'));

/** The list's map view: a marker per proposal with a place, each opening the proposal, and under the map the ones
 * without a place. An addition to the list beside it, which holds every proposal for the keyboard and a screen
 * reader; when the background tiles cannot load it says so and the markers stay usable. Leaflet is loaded only when
 * there is a marker to show. */
export function ProposalMap({ roundId, proposals }: { roundId: string; proposals: Proposal[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const config = useMapConfig();
  const [tiles, setTiles] = useState<TileState | null>(null);
  const headingId = useId();
  const { placed, unplaced } = splitByPlace(proposals);
  const view = viewOf(placed.map((p) => p.location));
  const markers = useMemo<MapMarker[]>(
    () => placed.map((p) => ({ id: p.id, place: p.location, label: t('proposalMap.markerLabel', { id: p.id, title: p.title }), open: () => navigate(paths.proposal(roundId, p.id)) })),
    // A new list of proposals (a filter, a reload) redraws the markers; the same list does not.
    [proposals, roundId, t],
  );

  return (
    <section className="proposal-map" aria-labelledby={headingId}>
      <Heading level={3} id={headingId}>{t('proposalMap.title')}</Heading>
      <Paragraph>
        {placed.length === 0 ? t('proposalMap.nonePlaced') : t('proposalMap.placedCount', { count: placed.length, total: proposals.length })}{' '}
        {t('proposalMap.listHasAll')}
      </Paragraph>
      {placed.length > 0 && config !== undefined && (
        <>
          <StatusMessage type="warning">{tiles === 'failed' ? t('proposalMap.tilesFailed') : null}</StatusMessage>
          <Suspense fallback={<Loading />}>
            <LeafletMap
              tileUrl={config?.tileUrl ?? null}
              center={view.center}
              zoom={view.zoom}
              label={t('proposalMap.mapLabel')}
              zoomInTitle={t('proposalMap.zoomIn')}
              zoomOutTitle={t('proposalMap.zoomOut')}
              onTiles={setTiles}
              markers={markers}
            />
          </Suspense>
          {config && <p className="utrecht-paragraph proposal-map__attribution">{config.attribution}</p>}
        </>
      )}
      {placed.length > 0 && unplaced.length > 0 && (
        <>
          <Heading level={4}>{t('proposalMap.unplacedTitle')}</Heading>
          <ul className="proposal-map__unplaced">
            {unplaced.map((p) => (
              <li key={p.id}><Link to={paths.proposal(roundId, p.id)}>{t('resident.proposal.numbered', { id: p.id, title: p.title })}</Link></li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
