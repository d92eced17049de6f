import { lazy, Suspense, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../app/Loading';
import { Button, ButtonGroup, Paragraph, StatusMessage } from '../ui';
import { formatPlace, viewOf, type Place } from './geo';
import type { TileState } from './LeafletMap';
import { useMapConfig } from './mapConfig';
import './map.css';

const LeafletMap = lazy(() => import('./LeafletMap'));

/** The proposal form's optional place: a pin set by a click or tap on the map, dragged, or, with the keyboard,
 * put in the middle of the map (after panning it with the arrow keys) and then moved with the arrow keys. The
 * chosen place is written out in words; it can be taken away again. It does not choose the buurt: the platform knows
 * no buurt borders, so the resident chooses the buurt in the list above. */
export function PlaceField({ place, onChange, nearby }: { place: Place | null; onChange: (place: Place | null) => void; nearby: Place[] | null }) {
  const { t, i18n } = useTranslation();
  const config = useMapConfig();
  const [tiles, setTiles] = useState<TileState | null>(null);
  const [outside, setOutside] = useState(false);
  const [toCenter, setToCenter] = useState(0);
  const id = useId();
  // Opens on the proposal's own place, else where the round's other proposals are (null while they load), else on
  // the whole country; once open, the map stays where the resident moves it.
  const [view, setView] = useState<ReturnType<typeof viewOf> | null>(null);
  useEffect(() => {
    if (!view && nearby) setView(viewOf(place ? [place] : nearby));
  }, [nearby]);

  const choose = (chosen: Place | null) => {
    setOutside(false);
    onChange(chosen);
  };

  return (
    <fieldset className="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset place-field" aria-describedby={`${id}-help`}>
      <legend className="utrecht-form-fieldset__legend">{t('proposalMap.placeLegend')}</legend>
      <div id={`${id}-help`}>
        <Paragraph>{t('proposalMap.placeHelp')}</Paragraph>
        <Paragraph>{t('proposalMap.placeKeyboard')}</Paragraph>
        <Paragraph>{t('proposalMap.placeBuurt')}</Paragraph>
      </div>
      {config !== undefined && view && (
        <>
          <StatusMessage type="warning">{tiles === 'failed' ? t('proposalMap.tilesFailedPicker') : null}</StatusMessage>
          <Suspense fallback={<Loading />}>
            <LeafletMap
              tileUrl={config?.tileUrl ?? null}
              center={view.center}
              zoom={view.zoom}
              label={t('proposalMap.pickerLabel')}
              zoomInTitle={t('proposalMap.zoomIn')}
              zoomOutTitle={t('proposalMap.zoomOut')}
              onTiles={setTiles}
              pin={{
                place,
                label: place ? t('proposalMap.pinLabel', { place: formatPlace(place, i18n.language) }) : '',
                onPlace: choose,
                onOutside: () => setOutside(true),
              }}
              pinToCenter={toCenter}
            />
          </Suspense>
          {config && <p className="utrecht-paragraph proposal-map__attribution">{config.attribution}</p>}
        </>
      )}
      <p className="utrecht-paragraph place-field__chosen" role="status" aria-live="polite">
        {outside ? t('proposalMap.outside') : place ? t('proposalMap.chosen', { place: formatPlace(place, i18n.language) }) : t('proposalMap.noneChosen')}
      </p>
      <ButtonGroup>
        <Button kind="secondary" type="button" onClick={() => setToCenter((n) => n + 1)}>{t('proposalMap.pinToCenter')}</Button>
        {place && <Button kind="secondary" type="button" onClick={() => choose(null)}>{t('proposalMap.removePlace')}</Button>}
      </ButtonGroup>
    </fieldset>
  );
}
