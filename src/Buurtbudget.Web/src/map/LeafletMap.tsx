import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import { directions, isInNetherlands, netherlands, nudge, roundPlace, type Direction, type Place } from './geo';

/** A marker of a proposal: its number on the pin, its words for a screen reader, and where a click leads. */
export interface MapMarker {
  id: number;
  place: Place;
  label: string;
  open: () => void;
}

/** How the background tiles fared: any tile arrived, or every one asked for failed. */
export type TileState = 'loaded' | 'failed';

export interface LeafletMapProps {
  /** Null: no background map is configured or readable; the markers are drawn on an empty map. */
  tileUrl: string | null;
  center: Place;
  zoom: number;
  /** The map's name for a screen reader ("Kaart met de voorstellen"). */
  label: string;
  zoomInTitle: string;
  zoomOutTitle: string;
  onTiles: (state: TileState) => void;
  /** The proposals' markers (the list's map view). */
  markers?: MapMarker[];
  /** The one pin a resident places (the proposal form): where it is, its words, and what a click, a drag or an
   * arrow key makes of it. A click outside the Netherlands calls onOutside instead. */
  pin?: { place: Place | null; label: string; onPlace: (place: Place) => void; onOutside: () => void };
  /** Each increase puts the pin in the middle of the map: how a keyboard user places it after panning. */
  pinToCenter?: number;
}

/** Pixels an arrow key moves the pin: about 10 m at street zoom. */
const pinStep = 10;

/** Plain Leaflet in one small component, loaded only when a page shows a map (React.lazy), so that the pages
 * without one do not carry it. Leaflet's own attribution control is off: the page shows the configured words as
 * text under the map, where a screen reader finds them too. */
export default function LeafletMap(props: LeafletMapProps) {
  const { tileUrl, center, zoom, label, zoomInTitle, zoomOutTitle, markers, pin, pinToCenter } = props;
  const element = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const pinMarker = useRef<L.Marker | null>(null);
  // The latest callbacks, so that Leaflet's handlers, bound once, never call a stale one.
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    if (!element.current) return;
    const created = L.map(element.current, {
      center: [center.latitude, center.longitude],
      zoom,
      attributionControl: false,
      zoomControl: false,
      maxBounds: L.latLngBounds([netherlands.south - 0.5, netherlands.west - 1], [netherlands.north + 0.5, netherlands.east + 1]),
      minZoom: 6,
      maxZoom: 19,
    });
    L.control.zoom({ zoomInTitle, zoomOutTitle }).addTo(created);
    // Leaflet makes the container focusable for panning with the arrow keys; name it as a region.
    element.current.setAttribute('role', 'region');
    element.current.setAttribute('aria-label', label);
    if (tileUrl) {
      let loaded = false;
      L.tileLayer(tileUrl, { maxZoom: 19, crossOrigin: false })
        .on('tileload', () => {
          if (!loaded) latest.current.onTiles('loaded');
          loaded = true;
        })
        .on('tileerror', () => {
          if (!loaded) latest.current.onTiles('failed');
        })
        .addTo(created);
    } else {
      latest.current.onTiles('failed');
    }
    created.on('click', (event: L.LeafletMouseEvent) => {
      const current = latest.current.pin;
      if (!current) return;
      const place = roundPlace({ latitude: event.latlng.lat, longitude: event.latlng.lng });
      if (isInNetherlands(place)) current.onPlace(place);
      else current.onOutside();
    });
    // A narrower screen (a phone turned, a window resized) keeps the map's middle; keep the resident's pin in sight.
    created.on('resize', () => {
      const placed = pinMarker.current?.getLatLng();
      if (placed && !created.getBounds().contains(placed)) created.panTo(placed, { animate: false });
    });
    map.current = created;
    return () => {
      created.remove();
      map.current = null;
      pinMarker.current = null;
    };
    // The map is made once; later changes of markers and the pin are applied below.
  }, []);

  useEffect(() => {
    const current = map.current;
    if (!current || !markers) return;
    const layer = L.layerGroup().addTo(current);
    for (const marker of markers) {
      const added = L.marker([marker.place.latitude, marker.place.longitude], {
        icon: L.divIcon({ className: 'map-marker', html: `<span aria-hidden="true">${marker.id}</span>`, iconSize: [32, 32], iconAnchor: [16, 16] }),
        keyboard: true,
        title: marker.label,
      })
        .on('click', () => marker.open())
        .addTo(layer);
      const icon = added.getElement();
      icon?.setAttribute('aria-label', marker.label);
      // Leaflet makes the marker a focusable role=button but leaves Enter and Space to the page, as a button would not.
      icon?.addEventListener('keydown', (event) => {
        if (event.key !== 'Enter' && event.key !== ' ') return;
        event.preventDefault();
        marker.open();
      });
    }
    // Every marker in sight: the middle of the places at a fixed zoom may leave some outside a narrow map.
    if (markers.length > 0) {
      current.fitBounds(L.latLngBounds(markers.map((m) => [m.place.latitude, m.place.longitude])), { padding: [32, 32], maxZoom: 16 });
    }
    return () => {
      layer.remove();
    };
  }, [markers]);

  const pinPlace = pin?.place ?? null;
  const pinLabel = pin?.label ?? '';
  useEffect(() => {
    const current = map.current;
    if (!current) return;
    if (!pinPlace) {
      pinMarker.current?.remove();
      pinMarker.current = null;
      return;
    }
    const at = L.latLng(pinPlace.latitude, pinPlace.longitude);
    if (pinMarker.current) {
      pinMarker.current.setLatLng(at);
    } else {
      const created = L.marker(at, {
        icon: L.divIcon({ className: 'map-pin', html: '<span aria-hidden="true"></span>', iconSize: [32, 32], iconAnchor: [16, 16] }),
        draggable: true,
        keyboard: true,
      }).addTo(current);
      created.on('dragend', () => {
        const moved = roundPlace({ latitude: created.getLatLng().lat, longitude: created.getLatLng().lng });
        if (isInNetherlands(moved)) latest.current.pin?.onPlace(moved);
        else latest.current.pin?.onOutside();
      });
      const icon = created.getElement();
      icon?.addEventListener('keydown', (event) => {
        if (!directions.includes(event.key)) return;
        event.preventDefault();
        event.stopPropagation();
        const from = roundPlace({ latitude: created.getLatLng().lat, longitude: created.getLatLng().lng });
        const next = nudge(from, event.key as Direction, pinStep,
          (p) => current.latLngToContainerPoint([p.latitude, p.longitude]),
          (p) => {
            const latLng = current.containerPointToLatLng([p.x, p.y]);
            return { latitude: latLng.lat, longitude: latLng.lng };
          });
        latest.current.pin?.onPlace(next);
      });
      pinMarker.current = created;
    }
    pinMarker.current.getElement()?.setAttribute('aria-label', pinLabel);
    if (!current.getBounds().contains(at)) current.panTo(at);
  }, [pinPlace?.latitude, pinPlace?.longitude, pinLabel]);

  useEffect(() => {
    const current = map.current;
    if (!current || !pinToCenter) return;
    const middle = roundPlace({ latitude: current.getCenter().lat, longitude: current.getCenter().lng });
    if (isInNetherlands(middle)) latest.current.pin?.onPlace(middle);
    else latest.current.pin?.onOutside();
  }, [pinToCenter]);

  return <div ref={element} className="leaflet-map" />;
}
