// citypulse dashboard page: one snapshot on connect, then per-key updates over server-sent events.
// The map holds only its view: the page asks /api/stations for the stations of its box and zoom
// (or, when there are more than the server's threshold, their clusters), and the server sends this
// page's event stream (named by a random id) only the news of that view and the per-system totals.
// SAFETY: station, commune and city names come from external feeds. Nothing here parses data as
// HTML: every text goes through textContent, and Leaflet popups receive DOM elements.
(function () {
  'use strict';

  const SERIES_POINTS = 360;          // the server keeps as many per key (DashboardState)
  const HEALTH_REFRESH_MS = 5000;
  const ALERTS_REFRESH_MS = 5000;
  // system:code of the stations with an open alert (/api/alerts): ringed in red on the map.
  let alertedStations = new Set();
  const STALE_AFTER_SECONDS = 600;    // newest data older than this is flagged in the health panel
  const LOW_FILL = 0.25;
  const COLOURS = {
    empty: '#d7301f', low: '#f0a202', ok: '#2e9e44', full: '#2166ac', unknown: '#8c8c8c',
  };

  const stations = new Map();   // key -> {view, receivedAt, marker}: the stations of the view
  const clusters = new Map();   // cell id -> {view, marker}: the clusters of the view
  const systems = new Map();    // system id -> totals
  const postcodes = new Map();  // postcode -> {view, receivedAt, row, cells, series, plot}
  const weather = new Map();    // source:location -> {view, receivedAt, card, fields, series, plot}
  const sort = { key: 'postcode', type: 'text', dir: 1 };
  let map = null;
  let fitted = false;
  let allTotals = null;         // every system together, from /api/systems and systems events
  let selectedSystem = '';      // '' = every system
  let viewMode = null;          // 'stations' or 'clusters', as the last view answer said
  let viewLevel = null;         // the cell level of the clusters shown
  let viewRequest = null;       // the AbortController of the view request in flight
  let viewTimer = null;
  let streaming = false;        // the event stream has sent its snapshot: views can be asked for
  let locating = null;          // a station key openStation is moving the map to
  const VIEW_DELAY_MS = 150;    // a drag or wheel burst asks for one view, at its end

  // The page's name for its event stream: views asked with it filter that stream's updates.
  const clientId = (() => {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return 'page-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  })();

  // ---------- small DOM helpers (text only) ----------

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function byId(id) {
    return document.getElementById(id);
  }

  function num(value) {
    return value === null || value === undefined ? '–' : String(value);
  }

  function known(value) {
    return value !== null && value !== undefined;
  }

  // Many feeds (GBFS 1.x) count bikes without saying which are mechanical or electric: their
  // mechanical / ebike are null, which is unknown, never 0.
  const NO_BREAKDOWN = 'the feed gives no breakdown by bike type';

  function breakdownNote(untyped) {
    return untyped > 0 ? untyped + ' bike(s) at stations without a breakdown are not in this count' : '';
  }

  // A count cell or figure that may be unknown: '–' (or the given text), muted, with a tooltip.
  function showCount(node, value, unknownText, note) {
    const unknown = !known(value);
    node.textContent = unknown ? unknownText : String(value);
    node.classList.toggle('unknown-count', unknown);
    node.title = unknown ? NO_BREAKDOWN : (note || '');
  }

  function fixed(value, digits, unit) {
    if (value === null || value === undefined || Number.isNaN(value)) return '–';
    return Number(value).toFixed(digits) + (unit || '');
  }

  function formatAge(seconds) {
    if (seconds === null || seconds === undefined) return 'unknown';
    const s = Math.max(0, Math.round(seconds));
    if (s < 90) return s + ' s';
    if (s < 5400) return Math.round(s / 60) + ' min';
    if (s < 172800) return Math.round(s / 3600) + ' h';
    return Math.round(s / 86400) + ' days';
  }

  // The server sends age_seconds measured on its clock; adding the time since reception avoids
  // comparing the browser's clock with the feed's timestamps.
  function ageNow(entry) {
    if (!entry || entry.view.age_seconds === null || entry.view.age_seconds === undefined) return null;
    return entry.view.age_seconds + (Date.now() - entry.receivedAt) / 1000;
  }

  function epochSeconds(iso) {
    const ms = Date.parse(iso);
    return Number.isNaN(ms) ? null : ms / 1000;
  }

  // ---------- map ----------

  function stationClass(view) {
    if (!view.is_installed) return 'unknown'; // a closed station is neither empty nor full for a rider
    if (view.empty) return 'empty';
    if (view.fill_ratio === null || view.fill_ratio === undefined) return 'unknown';
    if (view.full) return 'full';
    return view.fill_ratio < LOW_FILL ? 'low' : 'ok';
  }

  function markerStyle(view) {
    if (colourByForecast) return forecastMarkerStyle(view);
    const kind = stationClass(view);
    // Empty and full stations are larger, with a dark ring, so they stand out at any zoom.
    const marked = kind === 'empty' || kind === 'full';
    if (alertedStations.has(view.key)) {
      return { radius: 8, color: '#c0162b', weight: 3, fillColor: COLOURS[kind], fillOpacity: 0.9 };
    }
    return {
      radius: marked ? 7 : 5,
      color: marked ? '#1b1b1b' : '#ffffff',
      weight: marked ? 2 : 1,
      fillColor: COLOURS[kind],
      fillOpacity: 0.9,
    };
  }

  function initMap() {
    // Canvas: a view shows up to the server's threshold (2,000) of stations; SVG markers would make
    // panning slow. Clusters are a few hundred DOM markers at most (one per 64 px cell).
    map = L.map('map', { preferCanvas: true, zoomControl: true, worldCopyJump: true })
      .setView([48.8566, 2.3522], 12);
    map.on('moveend', scheduleView);
    fetch('/api/config').then((r) => r.json()).then((config) => {
      const url = config && config.tile_url;
      if (!url) return;
      const osm = url.indexOf('openstreetmap.org') >= 0;
      let failures = 0;
      L.tileLayer(url, {
        maxZoom: 19,
        // The server sends Referrer-Policy: no-referrer; OpenStreetMap's tile policy requires a
        // Referer from web pages, so the tiles (only) send the page's origin, never its path.
        referrerPolicy: 'strict-origin',
        attribution: osm ? '© OpenStreetMap contributors' : '',
      }).on('tileerror', () => {
        failures += 1;
        if (failures >= 3) byId('tile-note').hidden = false;
      }).on('tileload', () => {
        failures = 0;
        byId('tile-note').hidden = true;
      }).addTo(map);
    }).catch(() => { byId('tile-note').hidden = false; });
  }

  function popupContent(key) {
    const entry = stations.get(key);
    const box = el('div', 'popup');
    if (!entry) return box;
    const s = entry.view;
    box.appendChild(el('div', 'popup-title', s.name || s.station_code || key));
    const status = stationClass(s);
    box.appendChild(el('div', 'popup-status status-' + status,
      status === 'empty' ? 'EMPTY: no bike' : status === 'full' ? 'FULL: no free dock'
        : s.is_installed ? (s.fill_ratio === null ? 'fill unknown' : Math.round(s.fill_ratio * 100) + ' % full')
          : 'not installed'));
    const list = el('dl', 'popup-facts');
    const fact = (label, value) => {
      list.appendChild(el('dt', null, label));
      list.appendChild(el('dd', null, value));
    };
    fact('code', s.station_code);
    fact('postcode', [s.postcode, s.commune].filter(Boolean).join(' · ') || '–');
    fact('mechanical', known(s.mechanical) ? String(s.mechanical) : 'unknown');
    fact('e-bike', known(s.ebike) ? String(s.ebike) : 'unknown');
    if (!known(s.mechanical) && !known(s.ebike)) list.lastChild.title = NO_BREAKDOWN;
    fact('docks', num(s.docks_available) + (s.capacity ? ' of ' + s.capacity : ''));
    fact('data age', formatAge(ageNow(entry)));
    if (!s.is_renting || !s.is_returning) {
      fact('service', (s.is_renting ? '' : 'not renting ') + (s.is_returning ? '' : 'not returning'));
    }
    box.appendChild(list);
    if (s.forecast) box.appendChild(forecastBlock(entry));
    return box;
  }

  // ---------- forecasts (topic citypulse-forecasts, inside each station's view) ----------

  // Colours by P(empty within 30 min): ColorBrewer RdYlBu steps, which stay apart for the common
  // colour-blindnesses (they differ in lightness, not only in hue); the likeliest step is also
  // larger with a dark ring, as empty stations are in the normal colouring.
  const FORECAST_HORIZON = 30;
  const FORECAST_STEPS = [
    { below: 0.05, colour: '#4575b4' },
    { below: 0.2, colour: '#fee090' },
    { below: 0.5, colour: '#fc8d59' },
    { below: Infinity, colour: '#b2182b' },
  ];
  const COLOUR_CHOICE_KEY = 'citypulse.colour-by';
  let colourByForecast = false;

  function percent(p) {
    if (!known(p)) return '–';
    if (p > 0 && p < 0.005) return '< 1 %';
    return Math.round(p * 100) + ' %';
  }

  function forecastAt(view, minutes) {
    const horizons = view.forecast ? view.forecast.horizons || [] : [];
    return horizons.find((h) => h.minutes === minutes) || null;
  }

  function forecastMarkerStyle(view) {
    const h = view.is_installed ? forecastAt(view, FORECAST_HORIZON) : null;
    if (!h) {
      return { radius: 4, color: '#ffffff', weight: 1, fillColor: COLOURS.unknown, fillOpacity: 0.7 };
    }
    const step = FORECAST_STEPS.findIndex((s) => h.p_empty < s.below);
    const likeliest = step === FORECAST_STEPS.length - 1;
    return {
      radius: likeliest ? 7 : 5,
      color: likeliest ? '#1b1b1b' : '#ffffff',
      weight: likeliest ? 2 : 1,
      // A forecast made before the station's last change is shown paler: it may be out of date.
      fillColor: FORECAST_STEPS[step].colour,
      fillOpacity: view.forecast.behind_station ? 0.45 : 0.9,
    };
  }

  // "in 15 min: ~4 bikes, P(empty) 3 %, P(full) 0 %" per horizon, the model and the forecast's age.
  function forecastBlock(entry) {
    const f = entry.view.forecast;
    const block = el('div', 'popup-forecast');
    block.dataset.testid = 'popup-forecast';
    const age = known(f.age_seconds) ? f.age_seconds + (Date.now() - entry.receivedAt) / 1000 : null;
    block.appendChild(el('div', 'popup-forecast-title',
      'Forecast · model ' + (f.model || 'unknown') + ' · ' + formatAge(age) + ' old'));
    (f.horizons || []).forEach((h) => {
      block.appendChild(el('div', 'popup-forecast-line', 'in ' + h.minutes + ' min: ~'
        + Math.round(h.bikes) + ' bikes, ~' + Math.round(h.docks) + ' docks, P(empty) '
        + percent(h.p_empty) + ', P(full) ' + percent(h.p_full)));
    });
    if (f.behind_station) {
      block.appendChild(el('div', 'popup-forecast-note',
        'made before the station\'s last change: it may be out of date'));
    }
    return block;
  }

  function restyleStations() {
    stations.forEach((entry) => { if (entry.marker) entry.marker.setStyle(markerStyle(entry.view)); });
  }

  function setForecastColouring(on) {
    colourByForecast = on;
    byId('forecast-legend').hidden = !on;
    try {
      if (on) localStorage.setItem(COLOUR_CHOICE_KEY, 'p-empty-30');
      else localStorage.removeItem(COLOUR_CHOICE_KEY);
    } catch (e) { /* storage disabled: the choice lasts as long as the page */ }
    restyleStations();
  }

  // A map control: colour the stations by their forecast instead of their state (the default).
  function initForecastColouring() {
    let remembered = false;
    try { remembered = localStorage.getItem(COLOUR_CHOICE_KEY) === 'p-empty-30'; } catch (e) { /* none */ }
    const control = L.control({ position: 'topright' });
    control.onAdd = () => {
      const box = el('div', 'leaflet-bar forecast-control');
      const label = el('label');
      const checkbox = el('input');
      checkbox.type = 'checkbox';
      checkbox.id = 'forecast-colour';
      checkbox.dataset.testid = 'forecast-colour';
      checkbox.checked = remembered;
      checkbox.addEventListener('change', () => setForecastColouring(checkbox.checked));
      label.appendChild(checkbox);
      label.appendChild(document.createTextNode(' colour by P(empty within ' + FORECAST_HORIZON + ' min)'));
      box.appendChild(label);
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    control.addTo(map);
    if (remembered) setForecastColouring(true);
  }

  function upsertStation(view, receivedAt) {
    let entry = stations.get(view.key);
    if (!entry) {
      entry = { view, receivedAt, marker: null };
      stations.set(view.key, entry);
    } else {
      entry.view = view;
      entry.receivedAt = receivedAt;
    }
    const placed = typeof view.lat === 'number' && typeof view.lon === 'number';
    if (!placed) {
      if (entry.marker) { entry.marker.remove(); entry.marker = null; }
      return;
    }
    if (!entry.marker) {
      const key = view.key;
      entry.marker = L.circleMarker([view.lat, view.lon], markerStyle(view))
        .bindPopup(() => popupContent(key), { minWidth: 180 })
        .addTo(map);
    } else {
      // In place: the map, its zoom and any open popup stay as they are.
      entry.marker.setLatLng([view.lat, view.lon]);
      entry.marker.setStyle(markerStyle(view));
      if (entry.marker.isPopupOpen()) entry.marker.setPopupContent(popupContent(view.key));
    }
  }

  function removeStation(key) {
    const entry = stations.get(key);
    if (entry && entry.marker) entry.marker.remove();
    stations.delete(key);
  }

  // [west, south, east, north] as Leaflet bounds.
  function boundsOf(bbox) {
    return L.latLngBounds([bbox[1], bbox[0]], [bbox[3], bbox[2]]);
  }

  function fitTo(totals) {
    if (!totals || !totals.bbox) return false;
    map.fitBounds(boundsOf(totals.bbox), { padding: [20, 20], maxZoom: 15, animate: false });
    return true;
  }

  function fitOnce() {
    if (!fitted) fitted = fitTo(selectedSystem ? systems.get(selectedSystem) : allTotals);
  }

  // ---------- clusters ----------

  function compact(n) {
    if (n >= 1e6) return (n / 1e6).toFixed(n >= 1e7 ? 0 : 1) + 'M';
    if (n >= 1e4) return Math.round(n / 1e3) + 'k';
    if (n >= 1e3) return (n / 1e3).toFixed(1) + 'k';
    return String(n);
  }

  // Coloured like a station by the share of its docks holding a bike; sized by its station count.
  function clusterIcon(c) {
    const size = Math.round(26 + 7 * Math.log10(Math.max(1, c.stations)));
    const slots = c.bikes_available + c.docks_available;
    const fill = slots > 0 ? c.bikes_available / slots : null;
    const kind = fill === null ? 'unknown' : c.bikes_available === 0 ? 'empty'
      : fill < LOW_FILL ? 'low' : 'ok';
    const label = el('span', 'cluster-count', compact(c.stations));
    return L.divIcon({ html: label, className: 'cluster cluster-' + kind, iconSize: [size, size] });
  }

  function clusterTitle(c) {
    return c.stations + ' stations: ' + c.bikes_available + ' bikes, ' + c.docks_available
      + ' free docks, ' + c.empty + ' empty, ' + c.full + ' full (click to zoom in)';
  }

  function upsertCluster(view) {
    let entry = clusters.get(view.id);
    if (!entry) {
      const marker = L.marker([view.lat, view.lon], { icon: clusterIcon(view), keyboard: false });
      entry = { view, marker };
      clusters.set(view.id, entry);
      // Zooming to the cell splits it: at the next level it is four cells of the same size on screen.
      marker.on('click', () => map.fitBounds(boundsOf(entry.view.bbox)));
      marker.addTo(map);
    } else {
      const old = entry.view;
      entry.view = view;
      if (old.lat !== view.lat || old.lon !== view.lon) entry.marker.setLatLng([view.lat, view.lon]);
      if (old.stations !== view.stations || old.bikes_available !== view.bikes_available
        || old.docks_available !== view.docks_available) entry.marker.setIcon(clusterIcon(view));
    }
    const node = entry.marker.getElement();
    if (node) {
      node.title = clusterTitle(view);
      node.dataset.cluster = view.id;
    }
  }

  function removeCluster(id) {
    const entry = clusters.get(id);
    if (entry) entry.marker.remove();
    clusters.delete(id);
  }

  // ---------- the view: what the map shows ----------

  function viewQuery() {
    const b = map.getBounds();
    let west = Math.max(-180, b.getWest());
    let east = Math.min(180, b.getEast());
    // Wider than the world, or wholly beyond longitude 180: ask for the whole world.
    if (east - west >= 360 || west >= east) { west = -180; east = 180; }
    const south = Math.max(-90, b.getSouth());
    const north = Math.min(90, b.getNorth());
    if (!(south < north)) return null; // the map has no size (hidden)
    const box = [west, south, east, north].map((v) => v.toFixed(5)).join(',');
    return 'bbox=' + box + '&zoom=' + Math.round(map.getZoom())
      + (selectedSystem ? '&system=' + encodeURIComponent(selectedSystem) : '');
  }

  function scheduleView() {
    clearTimeout(viewTimer);
    viewTimer = setTimeout(() => { viewTimer = null; loadView(); }, VIEW_DELAY_MS);
  }

  function loadView() {
    if (!streaming) return; // the snapshot asks for it: the stream must be open to be filtered
    const query = viewQuery();
    if (!query) return;
    if (viewRequest) viewRequest.abort();
    const request = new AbortController();
    viewRequest = request;
    fetch('/api/stations?' + query + '&client=' + clientId, { cache: 'no-store', signal: request.signal })
      .then((r) => { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
      .then((answer) => {
        if (viewRequest !== request) return;
        viewRequest = null;
        applyView(answer);
      })
      .catch((e) => { if (e.name !== 'AbortError') console.warn('citypulse: view not loaded', e); });
  }

  // A station event sent after the answer was computed may arrive before it: keep the newer state.
  function newer(held, incoming) {
    const a = Date.parse(held.last_reported || held.fetched_at || '');
    const b = Date.parse(incoming.last_reported || incoming.fetched_at || '');
    return !Number.isNaN(a) && !Number.isNaN(b) && a > b;
  }

  // Long work (2,000 markers to draw) is done in slices of at most this many milliseconds, so the
  // page answers input between them whatever the machine's load.
  const SLICE_MS = 25;
  let viewWork = null; // the slices of the view being drawn; a newer view cancels them

  function inSlices(items, apply, work) {
    let i = 0;
    const slice = () => {
      if (work.cancelled) return;
      const end = performance.now() + SLICE_MS;
      while (i < items.length && performance.now() < end) apply(items[i++]);
      if (i < items.length) setTimeout(slice, 0);
      else work.done = true;
    };
    slice();
  }

  function applyView(answer) {
    const now = Date.now();
    if (viewWork) viewWork.cancelled = true;
    const work = { cancelled: false, done: false };
    viewWork = work;
    viewMode = answer.mode;
    viewLevel = answer.level;
    const steps = [];
    if (answer.mode === 'clusters') {
      const ids = new Set(answer.clusters.map((c) => c.id));
      stations.forEach((e, k) => steps.push(() => removeStation(k)));
      clusters.forEach((e, id) => { if (!ids.has(id)) steps.push(() => removeCluster(id)); });
      answer.clusters.forEach((c) => steps.push(() => upsertCluster(c)));
    } else {
      const keys = new Set(answer.stations.map((s) => s.key));
      clusters.forEach((e, id) => steps.push(() => removeCluster(id)));
      stations.forEach((e, k) => { if (!keys.has(k)) steps.push(() => removeStation(k)); });
      answer.stations.forEach((s) => steps.push(() => {
        const held = stations.get(s.key);
        if (!held || !newer(held.view, s)) upsertStation(s, now);
      }));
    }
    inSlices(steps, (step) => step(), work);
    const note = byId('view-note');
    note.textContent = answer.mode === 'clusters'
      ? answer.stations_in_view.toLocaleString('en') + ' stations in view, grouped in '
        + answer.clusters.length + ' clusters: zoom in or click one to see its stations'
      : answer.stations_in_view.toLocaleString('en') + ' station(s) in view';
    // With one system and no cluster the page looks as it did before views: no note, no cluster key.
    note.hidden = answer.mode !== 'clusters' && systems.size <= 1;
    byId('cluster-key').hidden = answer.mode !== 'clusters' && systems.size <= 1;
    note.dataset.mode = answer.mode;
    note.dataset.inView = String(answer.stations_in_view);
  }

  function applyClusterUpdate(update) {
    if (viewMode !== 'clusters') return;
    (update.clusters || []).forEach((c) => {
      // Sent for the view the server knew: one of another zoom is dropped (a new view is coming).
      if (Number(c.id.split('/')[0]) === viewLevel) upsertCluster(c);
    });
    (update.removed || []).forEach(removeCluster);
  }

  // ---------- systems ----------

  function loadSystems() {
    return fetch('/api/systems', { cache: 'no-store' })
      .then((r) => { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
      .then((answer) => {
        applySystems(answer);
        clearTimeout(systemsTimer);
        renderSystems();
        fitOnce();
      })
      .catch((e) => console.warn('citypulse: systems not loaded', e));
  }

  const SYSTEM_ROWS = 50;          // the table lists the largest systems; the selector lists all
  const SYSTEMS_RENDER_MS = 1000;  // totals change with every station: shown once a second at most
  let systemsAdded = false;
  let systemsResized = true;      // a system's station count changed: the largest are sorted again
  let systemsTimer = null;
  let unknownSystemSeen = false;

  // Live totals come without boxes (bbox null): the box from /api/systems is kept.
  function applySystems(answer) {
    allTotals = Object.assign({}, answer.all, { bbox: (answer.all && answer.all.bbox) || (allTotals && allTotals.bbox) });
    (answer.systems || []).forEach((t) => {
      const held = systems.get(t.system);
      if (!held) systemsAdded = true;
      if (!held || held.stations !== t.stations) systemsResized = true;
      if (!held && !t.bbox) unknownSystemSeen = true;
      systems.set(t.system, t.bbox || !held ? t : Object.assign({}, t, { bbox: held.bbox }));
    });
    if (systemsTimer === null) {
      systemsTimer = setTimeout(renderSystems, systems.size > 1 ? SYSTEMS_RENDER_MS : 0);
    }
  }

  function renderSystems() {
    systemsTimer = null;
    if (systemsAdded) renderSystemChoices();
    systemsAdded = false;
    renderSystemTable();
    renderSummary();
    // A system first heard of in a live update: its box comes with the next full list.
    if (unknownSystemSeen) {
      unknownSystemSeen = false;
      setTimeout(loadSystems, 5000);
    }
  }

  const systemRows = new Map(); // system id -> {row, cells, text}
  let largestSystems = [];
  let shownSystems = '';        // the ids of the table's rows, in order

  // With one system the page looks as it always did: no selector, no table.
  function renderSystemChoices() {
    const several = systems.size > 1;
    byId('system-picker').hidden = !several;
    byId('systems-panel').hidden = !several;
    if (!several) return;
    const ids = Array.from(systems.keys()).sort();
    // A search box over a datalist, not a <select>: a select measures the text of every option at
    // each layout of the page (1,500 systems: layouts of 100-700 ms on a loaded machine), a
    // datalist is not laid out; and typing finds a system among 1,500 faster than scrolling.
    byId('system-select').placeholder = 'all ' + ids.length + ' systems';
    const list = byId('system-list');
    list.replaceChildren();
    if (optionsWork) optionsWork.cancelled = true;
    optionsWork = { cancelled: false, done: false };
    inSlices(ids, (id) => {
      const option = el('option', null, systems.get(id).stations + ' stations');
      option.value = id;
      list.appendChild(option);
    }, optionsWork);
  }

  // Enter, a pick from the list or leaving the box: a known id shows that system, empty shows all.
  function chooseTypedSystem() {
    const input = byId('system-select');
    const typed = input.value.trim();
    const known = typed === '' || systems.has(typed);
    input.classList.toggle('unknown-system', !known);
    input.title = known ? '' : 'no system ' + typed;
    if (known && typed !== selectedSystem) selectSystem(typed);
  }

  let optionsWork = null;

  // The largest systems (and the chosen one): a bounded table whatever the number of systems.
  function renderSystemTable() {
    if (systems.size <= 1) return;
    if (systemsResized) {
      systemsResized = false;
      largestSystems = Array.from(systems.values())
        .sort((a, b) => b.stations - a.stations || (a.system < b.system ? -1 : 1))
        .slice(0, SYSTEM_ROWS)
        .map((t) => t.system);
    }
    const largest = largestSystems.slice();
    if (selectedSystem && largest.indexOf(selectedSystem) < 0) largest.push(selectedSystem);
    const order = largest.join('\n');
    if (order !== shownSystems) {
      shownSystems = order;
      byId('system-rows').replaceChildren(...largest.map((id) => systemRow(id).row));
      byId('systems-note').textContent = systems.size > largest.length
        ? 'The ' + SYSTEM_ROWS + ' largest of ' + systems.size + ' systems; the selector lists them all.' : '';
    }
    largest.forEach((id) => updateSystemRow(systems.get(id)));
  }

  function systemRow(id) {
    let entry = systemRows.get(id);
    if (!entry) {
      const row = el('tr');
      row.dataset.system = id;
      row.tabIndex = 0;
      const cells = ['system', 'stations', 'bikes_available', 'docks_available']
        .map((f, i) => el('td', i ? 'num' : null));
      cells.forEach((c) => row.appendChild(c));
      row.addEventListener('click', () => selectSystem(id));
      row.addEventListener('keydown', (e) => { if (e.key === 'Enter') selectSystem(id); });
      entry = { row, cells, text: [] };
      systemRows.set(id, entry);
    }
    return entry;
  }

  // Only the cells whose text changed are written: each write would lay the table out again.
  function updateSystemRow(t) {
    const entry = systemRows.get(t.system);
    if (!entry) return;
    [t.system, t.stations, t.bikes_available, t.docks_available].forEach((v, i) => {
      const text = num(v);
      if (entry.text[i] !== text) {
        entry.text[i] = text;
        entry.cells[i].textContent = text;
      }
    });
    entry.row.classList.toggle('selected', t.system === selectedSystem);
  }

  function selectSystem(id) {
    const previous = selectedSystem;
    selectedSystem = systems.has(id) ? id : '';
    byId('system-select').value = selectedSystem;
    byId('system-select').classList.remove('unknown-system');
    renderSystemTable();
    [previous, selectedSystem].forEach((s) => { if (systems.has(s)) updateSystemRow(systems.get(s)); });
    renderSummary();
    fitTo(selectedSystem ? systems.get(selectedSystem) : allTotals);
    scheduleView(); // also when the fit did not move the map
    if (selectedSystem !== previous) loadAreas();
  }

  // The top bar: the chosen system's totals, or every system's.
  function renderSummary() {
    const t = selectedSystem ? systems.get(selectedSystem) : allTotals;
    if (!t) return;
    byId('station-count').textContent = String(t.stations);
    byId('bike-count').textContent = String(t.bikes_available);
    // Before the first station, 0 is true; after it, no breakdown at all is n/a, not 0.
    const none = t.stations === 0;
    showCount(byId('mechanical-count'), none ? 0 : t.mechanical, 'n/a', breakdownNote(t.untyped_bikes));
    showCount(byId('ebike-count'), none ? 0 : t.ebike, 'n/a', breakdownNote(t.untyped_bikes));
    byId('empty-count').textContent = String(t.empty);
    byId('full-count').textContent = String(t.full);
  }

  // ---------- sparklines ----------

  // A flat series (steady temperature, a quiet postcode) is drawn mid-height, not along an edge.
  function sparkRange(u, min, max) {
    if (min === null || max === null) return [0, 1];
    const pad = min === max ? 1 : (max - min) * 0.1; // a line on the edge would be clipped
    return [min - pad, max + pad];
  }

  // filled: an area down to the axis, for counts; temperatures (which may be negative) get a line only.
  function sparkline(target, width, height, colour, filled) {
    return new uPlot({
      width, height,
      cursor: { show: false }, legend: { show: false }, select: { show: false },
      scales: { x: { time: true }, y: { range: sparkRange } },
      axes: [{ show: false }, { show: false }],
      series: [{}, { stroke: colour, width: 1.5, fill: filled ? colour + '26' : undefined, points: { show: false } }],
    }, [[], []], target);
  }

  // Appends a point as the server does (BoundedSeries): same time replaces, oldest dropped.
  function appendPoint(series, point) {
    if (!point.at) return;
    const last = series[series.length - 1];
    if (last && last.at === point.at) series.pop();
    series.push(point);
    if (series.length > SERIES_POINTS) series.shift();
  }

  function plotData(series, field) {
    const xs = [];
    const ys = [];
    series.forEach((p) => {
      const x = epochSeconds(p.at);
      if (x !== null) { xs.push(x); ys.push(p[field] === undefined ? null : p[field]); }
    });
    return [xs, ys];
  }

  // ---------- per-postcode table ----------

  // A postcode's key, as on its topic and in the snapshot's series: with several systems an area
  // is one system's (system:area), so two systems' areas of one name keep their own rows.
  function areaKey(view) {
    return view.system ? view.system + ':' + view.postcode : view.postcode;
  }

  function postcodeRow(code) {
    const row = el('tr');
    row.dataset.testid = 'postcode-row';
    row.dataset.postcode = code;
    const cells = {};
    ['postcode', 'commune', 'stations', 'bikes_available', 'mechanical', 'ebike', 'docks_available']
      .forEach((field) => {
        const cell = el('td', field === 'postcode' || field === 'commune' ? null : 'num');
        cells[field] = cell;
        row.appendChild(cell);
      });
    const barCell = el('td', 'bar-cell');
    const bar = el('div', 'bar');
    const mech = el('span', 'bar-mech');
    const elec = el('span', 'bar-ebike');
    const untyped = el('span', 'bar-untyped');
    bar.appendChild(mech);
    bar.appendChild(elec);
    bar.appendChild(untyped);
    barCell.appendChild(bar);
    row.appendChild(barCell);
    const sparkCell = el('td', 'spark-cell');
    row.appendChild(sparkCell);
    cells.bar = bar;
    cells.mech = mech;
    cells.ebikeBar = elec;
    cells.untypedBar = untyped;
    cells.spark = sparkCell;
    return { row, cells };
  }

  function upsertPostcode(view, receivedAt, series) {
    const key = areaKey(view);
    let entry = postcodes.get(key);
    if (!entry) {
      const built = postcodeRow(key);
      entry = { view, receivedAt, row: built.row, cells: built.cells, series: [], plot: null };
      postcodes.set(key, entry);
      byId('postcode-rows').appendChild(entry.row);
      entry.plot = sparkline(entry.cells.spark, 100, 28, '#2e9e44', true);
    }
    entry.view = view;
    entry.receivedAt = receivedAt;
    if (series) entry.series = series.slice(-SERIES_POINTS);
    else appendPoint(entry.series, {
      at: view.updated_at, bikes_available: view.bikes_available,
      mechanical: view.mechanical, ebike: view.ebike, docks_available: view.docks_available,
    });
    const c = entry.cells;
    c.postcode.textContent = view.system ? view.system + ' · ' + view.postcode : view.postcode;
    c.commune.textContent = view.commune || '';
    ['stations', 'bikes_available', 'docks_available'].forEach((f) => {
      c[f].textContent = num(view[f]);
    });
    showCount(c.mechanical, view.mechanical, '–', breakdownNote(view.untyped_bikes));
    showCount(c.ebike, view.ebike, '–', breakdownNote(view.untyped_bikes));
    updateBar(c, view);
    entry.plot.setData(plotData(entry.series, 'bikes_available'));
  }

  // Mechanical, electric, then grey for the bikes no count accounts for (stations whose feed gives
  // no breakdown): a postcode without any breakdown is one grey bar, never an empty one.
  function updateBar(c, view) {
    const mech = view.mechanical || 0;
    const elec = view.ebike || 0;
    const whole = Math.max(view.bikes_available || 0, mech + elec);
    const rest = whole - mech - elec;
    const pct = (n) => (whole > 0 ? (100 * n) / whole : 0).toFixed(1) + '%';
    c.mech.style.width = pct(mech);
    c.ebikeBar.style.width = pct(elec);
    c.untypedBar.style.width = pct(rest);
    const parts = [
      (known(view.mechanical) ? view.mechanical : 'unknown') + ' mechanical',
      (known(view.ebike) ? view.ebike : 'unknown') + ' e-bike',
    ];
    if (rest > 0) parts.push(rest + ' without a breakdown');
    c.bar.title = parts.join(' / ') + (!known(view.mechanical) && !known(view.ebike) ? ' (' + NO_BREAKDOWN + ')' : '');
    c.bar.classList.toggle('bar-none', whole === 0);
    c.bar.classList.toggle('bar-unknown', !known(view.mechanical) && !known(view.ebike));
  }

  // A catalogue-wide run has tens of thousands of areas (system:area): the snapshot holds none and
  // the table shows the chosen system's, asked here; the stream then sends that system's only.
  let areasAsked = 0;
  function loadAreas() {
    Array.from(postcodes.values())
      .filter((e) => e.view.system)
      .forEach((e) => removePostcode(areaKey(e.view)));
    const asked = ++areasAsked;
    byId('postcodes-note').textContent = systems.size > 1
      ? (selectedSystem ? 'areas of ' + selectedSystem : 'choose a system to see its areas')
      : '';
    if (!selectedSystem) { scheduleSummary(); return; }
    fetch('/api/postcodes?system=' + encodeURIComponent(selectedSystem))
      .then((r) => (r.ok ? r.json() : []))
      .then((views) => {
        if (asked !== areasAsked) return;
        const now = Date.now();
        views.forEach((v) => upsertPostcode(v, now, []));
        scheduleSummary();
      })
      .catch((e) => console.warn('citypulse: cannot load the areas of ' + selectedSystem, e));
  }

  function removePostcode(code) {
    const entry = postcodes.get(code);
    if (!entry) return;
    entry.plot.destroy();
    entry.row.remove();
    postcodes.delete(code);
  }

  function sortValue(view, key) {
    if (key === 'ebike_share') {
      // An unknown split has no share: it sorts with the postcodes that have no bike.
      if (!known(view.mechanical) || !known(view.ebike)) return -1;
      const total = view.mechanical + view.ebike;
      return total > 0 ? view.ebike / total : -1;
    }
    return view[key];
  }

  function sortRows() {
    const entries = Array.from(postcodes.values());
    entries.sort((a, b) => {
      const x = sortValue(a.view, sort.key);
      const y = sortValue(b.view, sort.key);
      let order;
      if (sort.type === 'text') order = String(x || '').localeCompare(String(y || ''), 'fr', { numeric: true });
      else order = (x === null || x === undefined ? -Infinity : x) - (y === null || y === undefined ? -Infinity : y);
      // Ties stay in postcode order whichever the direction.
      return order !== 0 ? sort.dir * order : areaKey(a.view).localeCompare(areaKey(b.view));
    });
    const body = byId('postcode-rows');
    // appendChild moves existing rows: no row (and no sparkline) is rebuilt.
    entries.forEach((e) => body.appendChild(e.row));
  }

  function initSorting() {
    document.querySelectorAll('#postcodes th[data-sort]').forEach((th) => {
      th.tabIndex = 0;
      th.setAttribute('role', 'button');
      const choose = () => {
        const key = th.dataset.sort;
        if (sort.key === key) sort.dir = -sort.dir;
        else {
          sort.key = key;
          sort.type = th.dataset.type || 'number';
          sort.dir = sort.type === 'text' ? 1 : -1; // numbers: largest first
        }
        document.querySelectorAll('#postcodes th[data-sort]').forEach((h) => h.removeAttribute('aria-sort'));
        th.setAttribute('aria-sort', sort.dir > 0 ? 'ascending' : 'descending');
        sortRows();
      };
      th.addEventListener('click', choose);
      th.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); choose(); } });
    });
    byId('postcodes').querySelector('th[data-sort="postcode"]').setAttribute('aria-sort', 'ascending');
  }

  // ---------- weather cards ----------

  const WEATHER_FIELDS = [
    ['feels_like', 'feels like'], ['humidity', 'humidity'], ['heat_index', 'heat index'],
    ['severity', 'severity'], ['time_of_day', 'time of day'], ['trend', '1 h trend'], ['age', 'observed'],
  ];

  function weatherCard(location) {
    const card = el('article', 'card');
    card.dataset.testid = 'weather-card';
    card.dataset.location = location;
    const head = el('header', 'card-head');
    const title = el('h3');
    const temp = el('div', 'temp');
    head.appendChild(title);
    head.appendChild(temp);
    card.appendChild(head);
    const description = el('p', 'description');
    card.appendChild(description);
    const list = el('dl', 'facts');
    const fields = { title, temp, description };
    WEATHER_FIELDS.forEach(([name, label]) => {
      list.appendChild(el('dt', null, label));
      const dd = el('dd');
      fields[name] = dd;
      list.appendChild(dd);
    });
    card.appendChild(list);
    const chart = el('div', 'card-chart');
    card.appendChild(chart);
    fields.chart = chart;
    return { card, fields };
  }

  function weatherKey(view) {
    return view.key || ((view.source || 'unknown') + ':' + view.location);
  }

  function upsertWeather(view, receivedAt, series) {
    const key = weatherKey(view);
    let entry = weather.get(key);
    if (!entry) {
      const built = weatherCard(view.location);
      built.card.dataset.source = view.source || '';
      entry = { view, receivedAt, card: built.card, fields: built.fields, series: [], plot: null };
      weather.set(key, entry);
      const box = byId('weather-cards');
      const placeholder = box.querySelector('.placeholder');
      if (placeholder) placeholder.remove();
      box.appendChild(entry.card);
      entry.plot = sparkline(entry.fields.chart, 160, 36, '#c0392b', false);
    }
    entry.view = view;
    entry.receivedAt = receivedAt;
    if (series) entry.series = series.slice(-SERIES_POINTS);
    else appendPoint(entry.series, { at: view.observed_at, temperature_c: view.temperature_c });
    const f = entry.fields;
    f.title.textContent = [view.city || view.location, view.country].filter(Boolean).join(', ')
      + (view.source ? ' · ' + view.source : '');
    f.temp.textContent = fixed(view.temperature_c, 1, ' °C');
    f.description.textContent = view.weather_description || '';
    f.feels_like.textContent = fixed(view.feels_like_c, 1, ' °C');
    f.humidity.textContent = fixed(view.humidity_pct, 0, ' %');
    f.heat_index.textContent = fixed(view.heat_index, 1, ' °C');
    f.severity.textContent = fixed(view.severity_index, 1) + (view.humidex_category ? ' · ' + view.humidex_category : '');
    f.time_of_day.textContent = (view.time_of_day || '–') + (view.local_time ? ' (' + view.local_time.slice(11, 16) + ')' : '');
    const trend = view.temperature_change_1h;
    f.trend.textContent = trend === null || trend === undefined ? '–'
      : (trend > 0.05 ? '↑ +' : trend < -0.05 ? '↓ ' : '→ ') + Number(trend).toFixed(1) + ' °C';
    f.age.textContent = formatAge(ageNow(entry)) + ' ago';
    entry.plot.setData(plotData(entry.series, 'temperature_c'));
  }

  function removeWeather(location) {
    const entry = weather.get(location);
    if (!entry) return;
    entry.plot.destroy();
    entry.card.remove();
    weather.delete(location);
  }

  // ---------- summary, batched ----------

  let summaryPending = false;

  function scheduleSummary() {
    if (summaryPending) return;
    summaryPending = true;
    // One sort per burst: a flush can carry hundreds of postcode events. The top bar's figures
    // are the server's per-system totals (the page holds only its view's stations).
    setTimeout(() => {
      summaryPending = false;
      sortRows();
    }, 50);
  }

  // ---------- snapshot and events ----------

  function replaceAll(keys, current, remove) {
    Array.from(keys).forEach((k) => { if (!current.has(k)) remove(k); });
  }

  function applySnapshot(snapshot) {
    const now = Date.now();
    // This page's snapshot has no station: it asks for its view's, and the totals, itself.
    streaming = true;
    loadSystems().then(() => { loadView(); loadAreas(); });

    const postcodeKeys = new Set((snapshot.postcodes || []).map(areaKey));
    replaceAll(postcodes.keys(), postcodeKeys, removePostcode);
    const pSeries = snapshot.postcode_series || {};
    (snapshot.postcodes || []).forEach((p) => upsertPostcode(p, now, pSeries[areaKey(p)] || []));

    const weatherKeys = new Set((snapshot.weather || []).map(weatherKey));
    replaceAll(weather.keys(), weatherKeys, removeWeather);
    const wSeries = snapshot.weather_series || {};
    (snapshot.weather || []).forEach((w) => upsertWeather(w, now, wSeries[weatherKey(w)] || []));

    if (snapshot.stats) renderStreams(snapshot.stats, snapshot.at, lastReaderLag);
    scheduleSummary();
  }

  function handler(apply) {
    return (event) => {
      let data;
      try {
        data = JSON.parse(event.data);
      } catch (e) {
        console.warn('citypulse: unreadable ' + event.type + ' event', e);
        return;
      }
      apply(data);
      markLive();
    };
  }

  let lastEventAt = null;

  function setLive(kind, text) {
    const live = byId('live');
    live.className = 'live ' + kind;
    live.textContent = text;
  }

  function liveText() {
    return lastEventAt === null ? 'live'
      : 'live · last update ' + formatAge((Date.now() - lastEventAt) / 1000) + ' ago';
  }

  function markLive() {
    lastEventAt = Date.now();
    setLive('on', liveText());
  }

  function connect() {
    const source = new EventSource('/api/events?client=' + clientId);
    source.addEventListener('open', () => setLive('on', liveText()));
    source.addEventListener('error', () => {
      setLive('off', 'reconnecting…');
      streaming = false; // until the next snapshot: a view asked meanwhile would not be followed
      // A non-200 answer closes an EventSource for good (measured): reconnect ourselves then.
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 3000);
    });
    source.addEventListener('snapshot', handler(applySnapshot));
    source.addEventListener('station', handler((s) => { if (viewMode === 'stations') upsertStation(s, Date.now()); }));
    source.addEventListener('clusters', handler(applyClusterUpdate));
    source.addEventListener('systems', handler(applySystems));
    source.addEventListener('reload', handler(() => loadView()));
    source.addEventListener('postcode', handler((p) => {
      if (p.system && p.system !== selectedSystem) return; // an event sent before a new choice
      upsertPostcode(p, Date.now(), null);
      scheduleSummary();
    }));
    source.addEventListener('weather', handler((w) => upsertWeather(w, Date.now(), null)));
  }

  // ---------- health ----------

  function ago(at, iso) {
    const t = iso ? epochSeconds(iso) : null;
    return at === null || t === null ? 'never' : formatAge(at - t) + ' ago';
  }

  function statusCell(status) {
    const cell = el('td', 'status status-' + status, status);
    if (status !== 'ok' && status !== 'running' && status !== 'waiting' && status !== 'starting') {
      cell.classList.add('warn');
    }
    return cell;
  }

  // A bike feed's stations not placed yet, e.g. "postcodes: 12 pending, 84 unknown (geocoder
  // unreachable 80, no address 4), geocoder down"; '' when every station has its postcode.
  function postcodeSummary(p) {
    if (!p || (!p.pending && !p.unknown)) return '';
    const parts = [];
    if (p.pending) parts.push(num(p.pending) + ' pending');
    if (p.unknown) {
      const reasons = Object.entries(p.unknown_by_reason || {})
        .map(([reason, count]) => reason.replace(/_/g, ' ') + ' ' + num(count));
      parts.push(num(p.unknown) + ' unknown' + (reasons.length ? ' (' + reasons.join(', ') + ')' : ''));
    }
    if (p.geocoder === 'open' || p.geocoder === 'probing') parts.push('geocoder down');
    else if (p.geocoder === 'rate_limited') parts.push('geocoder rate limited');
    return 'postcodes: ' + parts.join(', ');
  }

  function feedDetail(f) {
    const postcodes = postcodeSummary(f.postcodes);
    return (f.detail || '') + (postcodes ? '; ' + postcodes : '');
  }

  function renderFeeds(health, at) {
    const rows = (health.feeds || []).map((f) => {
      const row = el('tr');
      row.dataset.feed = f.feed;
      const name = el('td', null, f.feed);
      name.title = feedDetail(f);
      row.appendChild(name);
      const status = statusCell(f.status);
      // The last error is shown on hover and under the table: it may be long (URL, HTTP body excerpt).
      if (f.last_error) status.title = 'last error ' + ago(at, f.last_error_at) + ': ' + f.last_error;
      row.appendChild(status);
      row.appendChild(el('td', 'num', ago(at, f.last_success)));
      const age = el('td', 'num', (f.data_age_seconds === null ? '–' : formatAge(f.data_age_seconds))
        + ' / ' + (f.ttl_seconds === null ? '–' : formatAge(f.ttl_seconds)));
      if (f.status === 'stale') age.classList.add('warn');
      row.appendChild(age);
      const polls = el('td', 'num', num(f.polls) + ' / ' + num(f.errors));
      if (f.errors > 0) polls.title = f.errors + ' failed';
      row.appendChild(polls);
      const dead = el('td', 'num', num(f.dead_letters));
      if (f.dead_letters > 0) dead.classList.add('warn');
      row.appendChild(dead);
      return row;
    });
    byId('feed-rows').replaceChildren(...rows);
    const note = byId('feed-note');
    const failing = (health.feeds || []).filter((f) => f.last_error && f.status !== 'ok');
    if (!health.pipeline) {
      note.textContent = 'No health report from a running pipeline: feeds and jobs appear here while'
        + ' citypulse run or demo publishes to the health topic (topics.health.name).';
    } else if (failing.length) {
      note.textContent = failing.map((f) => f.feed + ': ' + f.last_error).join(' · ');
    } else {
      note.textContent = (health.feeds || []).map((f) => f.feed + ': ' + feedDetail(f)).join(' · ');
    }
    note.classList.toggle('warn', failing.length > 0);
  }

  function renderJobs(health, at) {
    const rows = (health.jobs || []).map((j) => {
      const row = el('tr');
      row.dataset.job = j.job;
      const name = el('td', null, j.job);
      if (j.input_topic) name.title = 'reads ' + j.input_topic;
      row.appendChild(name);
      row.appendChild(statusCell(j.status));
      row.appendChild(el('td', 'num', num(j.batches)));
      row.appendChild(el('td', 'num', j.last_batch_at
        ? ago(at, j.last_batch_at) + (j.last_batch_ms === null ? '' : ' (' + j.last_batch_ms + ' ms)') : '–'));
      row.appendChild(el('td', 'num', num(j.lag)));
      return row;
    });
    byId('job-rows').replaceChildren(...rows);
  }

  // The top bar says at a glance whether every feed and job is fine, and names the first that is not.
  function renderTopHealth(health) {
    const top = byId('top-health');
    if (!health.pipeline) {
      top.hidden = true;
      return;
    }
    const feeds = health.feeds || [];
    const jobs = health.jobs || [];
    const bad = feeds.filter((f) => f.status !== 'ok' && f.status !== 'waiting').map((f) => f.feed + ' ' + f.status)
      .concat(jobs.filter((j) => j.status === 'stopped' || j.status === 'failed').map((j) => j.job + ' ' + j.status));
    top.textContent = bad.length ? bad[0] + (bad.length > 1 ? ' (+' + (bad.length - 1) + ')' : '')
      : feeds.length + ' feed(s) ok';
    top.classList.toggle('degraded', bad.length > 0);
    top.hidden = false;
  }

  let lastReaderLag = {};

  // The streams table: from /api/health, and at once from a snapshot's stats (which carry no lag).
  function renderStreams(streams, atIso, readerLag) {
    const at = epochSeconds(atIso);
    const rows = [];
    Object.keys(streams || {}).forEach((stream) => {
      const s = streams[stream];
      const newest = s.newest ? epochSeconds(s.newest) : null;
      const age = at !== null && newest !== null ? at - newest : null;
      const row = el('tr');
      row.dataset.stream = stream;
      [stream, s.keys, s.applied, s.stale, s.unreadable].forEach((v, i) => row.appendChild(el('td', i ? 'num' : null, num(v))));
      const ageCell = el('td', 'num', newest === null ? 'none yet' : formatAge(age) + ' old');
      if (newest === null || age > STALE_AFTER_SECONDS) ageCell.classList.add('warn');
      if (s.unreadable > 0) row.children[4].classList.add('warn');
      row.appendChild(ageCell);
      row.appendChild(el('td', 'num', num((readerLag || {})[stream])));
      rows.push(row);
    });
    byId('health-rows').replaceChildren(...rows);
  }

  function renderHealth(health) {
    const at = epochSeconds(health.at);
    renderFeeds(health, at);
    renderJobs(health, at);
    lastReaderLag = health.reader_lag || {};
    renderStreams(health.streams, health.at, lastReaderLag);
    const badge = byId('health-status');
    badge.textContent = health.status || '';
    badge.className = 'badge badge-' + (health.status || 'unknown');
    byId('health-at').textContent = health.at ? '· ' + new Date(health.at).toLocaleTimeString() : '';
    const note = byId('health-note');
    const parts = [];
    if (health.dead_letters !== null && health.dead_letters !== undefined) {
      parts.push(health.dead_letters + ' record(s) in the dead-letter topic');
    }
    if (health.sse_clients !== undefined) parts.push(health.sse_clients + ' live page(s) connected');
    note.textContent = parts.join(' · ');
    note.classList.remove('warn');
    renderTopHealth(health);
    const caption = health.series && health.series.caption ? '(' + health.series.caption + ')' : '';
    document.querySelectorAll('.series-origin').forEach((span) => { span.textContent = caption; });
  }

  function refreshHealth() {
    fetch('/api/health', { cache: 'no-store' })
      .then((r) => { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
      .then(renderHealth)
      .catch((e) => {
        const note = byId('health-note');
        note.textContent = 'Server unreachable (' + e.message + ')';
        note.classList.add('warn');
      });
  }

  function alertItem(a) {
    const li = el('li', 'alert alert-' + a.state + ' alert-' + a.severity);
    li.appendChild(el('span', 'alert-kind', a.kind.replace(/_/g, ' ')));
    li.appendChild(el('span', 'alert-message', ' ' + a.message));
    li.appendChild(el('span', 'muted', ' · ' + a.state + ' ' + new Date(a.at).toLocaleTimeString()));
    li.title = a.subject + ' · ' + a.rule + ' · since ' + a.since;
    const station = a.subject.startsWith('station:') ? a.subject.substring(8) : null;
    if (station) li.addEventListener('click', () => window.citypulse.openStation(station));
    return li;
  }

  function renderAlerts(body) {
    const open = byId('alerts-open');
    open.replaceChildren();
    if (body.open.length === 0) open.appendChild(el('li', 'placeholder', 'No open alert.'));
    body.open.forEach((a) => open.appendChild(alertItem(a)));
    const recent = byId('alerts-recent');
    recent.replaceChildren();
    body.recent.slice(0, 50).forEach((a) => recent.appendChild(alertItem(a)));
    byId('alerts-count').textContent = body.open.length ? String(body.open.length) : '';
    byId('alerts-count').className = body.open.length ? 'badge badge-degraded' : 'badge';
    const before = alertedStations;
    alertedStations = new Set(body.stations);
    // Restyle only the stations whose mark changed.
    new Set([...before, ...alertedStations]).forEach((key) => {
      if (before.has(key) === alertedStations.has(key)) return;
      const entry = stations.get(key);
      if (entry && entry.marker) entry.marker.setStyle(markerStyle(entry.view));
    });
  }

  function refreshAlerts() {
    fetch('/api/alerts', { cache: 'no-store' })
      .then((r) => { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
      .then(renderAlerts)
      .catch(() => { /* the health panel already says when the server is unreachable */ });
  }

  // Ages shown in cards and the indicator grow between events.
  function tick() {
    weather.forEach((entry) => { entry.fields.age.textContent = formatAge(ageNow(entry)) + ' ago'; });
    const live = byId('live');
    if (live.classList.contains('on')) live.textContent = liveText();
  }

  // For the browser test and for debugging in the console: opens a station's popup by key.
  window.citypulse = {
    // What the map shows now: for the browser tests.
    view() {
      return {
        mode: viewMode, stations: stations.size, clusters: clusters.size, system: selectedSystem,
        busy: viewTimer !== null || viewRequest !== null || (viewWork !== null && !viewWork.done),
        zoom: map.getZoom(),
      };
    },
    // Moves the map without animation, as a user's pan or zoom ends (moveend asks for the view).
    show(lat, lon, zoom) {
      map.setView([lat, lon], zoom, { animate: false });
    },
    selectSystem,
    // A station outside the view is looked up and the map moved to it: a later call opens it.
    openStation(key) {
      const entry = stations.get(key);
      if (!entry || !entry.marker) {
        locateStation(key);
        return false;
      }
      // Not animated: a popup opened during the zoom animation is auto-panned against the old view
      // and may end up outside the map (seen with a tall popup near the top edge).
      map.setView(entry.marker.getLatLng(), Math.max(map.getZoom(), 15), { animate: false });
      entry.marker.openPopup();
      return true;
    },
  };

  // For the browser test: the fill colour a station's marker has under the current colouring.
  window.citypulse.stationColour = (key) => {
    const entry = stations.get(key);
    return entry && entry.marker ? entry.marker.options.fillColor : null;
  };

  function locateStation(key) {
    if (locating === key) return;
    locating = key;
    fetch('/api/stations?key=' + encodeURIComponent(key), { cache: 'no-store' })
      .then((r) => r.json())
      .then((found) => {
        locating = null;
        const s = found[0];
        if (!s || typeof s.lat !== 'number' || typeof s.lon !== 'number') return;
        if (selectedSystem && selectedSystem !== s.system) selectSystem('');
        map.setView([s.lat, s.lon], Math.max(map.getZoom(), 15), { animate: false });
        scheduleView();
      })
      .catch(() => { locating = null; });
  }

  function start() {
    const systemBox = byId('system-select');
    systemBox.addEventListener('change', chooseTypedSystem);
    // A pick from the datalist replaces the whole text; typing letter by letter waits for Enter.
    systemBox.addEventListener('input', (e) => {
      if (e.inputType === 'insertReplacementText' || e.inputType === undefined) chooseTypedSystem();
    });
    systemBox.addEventListener('search', chooseTypedSystem);
    initMap();
    initForecastColouring();
    initSorting();
    connect();
    refreshHealth();
    setInterval(refreshHealth, HEALTH_REFRESH_MS);
    refreshAlerts();
    setInterval(refreshAlerts, ALERTS_REFRESH_MS);
    setInterval(tick, 1000);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
