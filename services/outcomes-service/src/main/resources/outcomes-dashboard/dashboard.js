/* Meridian outcome dashboard: every figure shown is read from /api/outcomes/summary as it is (rates are shown as
 * percentages of the API's fraction); groups the API suppressed are shown as suppressed, never estimated. */
(function () {
  'use strict';

  const CHRONICITIES = ['ACUTE', 'SUBACUTE', 'CHRONIC'];
  const CHRONICITY_COLOURS = {ACUTE: '#3b9c6d', SUBACUTE: '#e0a526', CHRONIC: '#c2452d'};
  const RELIEF_BUCKETS = [['1', 'sessionsToRelief1'], ['2', 'sessionsToRelief2'], ['3', 'sessionsToRelief3'],
    ['4', 'sessionsToRelief4'], ['5', 'sessionsToRelief5'], ['6+', 'sessionsToRelief6OrMore']];
  const PHASES = [['At pain onset', 'emotionalResponseRateAtPainOnset'],
    ['During release', 'emotionalResponseRateDuringRelease'], ['After treatment', 'emotionalResponseRateAfterTreatment']];
  const RETENTION_BANDS = ['none', '1-19', '20-24', '25-29', '30+'];

  const form = document.getElementById('filters');
  const charts = {};
  const state = {data: {}, renders: 0, generation: 0};
  window.meridianDashboard = state;

  function chart(id) {
    if (!charts[id]) {
      charts[id] = echarts.init(document.getElementById(id), null, {renderer: 'canvas'});
    }
    return charts[id];
  }
  state.charts = charts;

  function filterParams() {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form).entries()) {
      if (value) {
        params.set(name, value);
      }
    }
    return params;
  }

  // Sign-in (docs/security.md): the analyst API takes a bearer token. It comes in the address's fragment
  // (/#token=..., which a browser never sends to a server) or through the sign-in field, and is kept in this tab's
  // sessionStorage only; the fragment is removed from the address bar at once.
  const TOKEN_KEY = 'meridian.token';
  const signIn = document.getElementById('signin');
  const fragmentToken = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fragmentToken) {
    sessionStorage.setItem(TOKEN_KEY, fragmentToken);
    history.replaceState(null, '', location.pathname + location.search);
  }
  signIn.hidden = Boolean(sessionStorage.getItem(TOKEN_KEY));

  /** Every call of the analyst API goes through here: it adds the token, and a refused one asks to sign in. */
  async function api(path, accept) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    const headers = {Accept: accept};
    if (token) {
      headers.Authorization = 'Bearer ' + token;
    }
    const response = await fetch(path, {headers});
    if (response.status === 401 || response.status === 403) {
      document.body.dataset.auth = response.status === 401 ? 'required' : 'forbidden';
      signIn.hidden = false;
      throw new Error(response.status === 401
        ? 'Sign in: paste a token (role ANALYST or NETWORK_ADMIN) in the field above, or open the dashboard link'
          + ' the local stack printed.' + (token ? ' The token given was refused (expired or not valid).' : '')
        : 'This token\'s role may not read outcomes: paste a token with role ANALYST or NETWORK_ADMIN above.');
    }
    document.body.dataset.auth = 'ok';
    return response;
  }

  /** A suppressed group's row: one cell across the figures saying why they are not shown. */
  function suppressedCells(tr, columns, fewerThan) {
    tr.classList.add('suppressed');
    const td = document.createElement('td');
    td.colSpan = columns;
    td.innerHTML = '<span class="badge">suppressed</span> fewer than ' + fewerThan
      + ', or hidden so that a small group cannot be recovered by subtraction';
    tr.appendChild(td);
  }

  async function summary(groupBy, overrides) {
    const params = filterParams();
    Object.entries(overrides || {}).forEach(([name, value]) => params.set(name, value));
    params.set('groupBy', groupBy);
    const response = await api('/api/outcomes/summary?' + params.toString(), 'application/json');
    const body = await response.json();
    if (!response.ok) {
      const details = (body.errors || []).map(e => e.field + ': ' + e.message).join('; ');
      throw new Error((body.title || 'Request failed') + (details ? ' (' + details + ')' : ''));
    }
    return body;
  }

  const pct = v => v === null || v === undefined ? null : Math.round(v * 1000) / 10;
  const fmtPct = v => v === null || v === undefined ? '–' : (Math.round(v * 1000) / 10).toFixed(1) + ' %';
  const fmt = (v, digits) => v === null || v === undefined ? '–' : Number(v).toFixed(digits);
  const label = g => [g.locationId, g.practitionerId, g.month, g.chronicity, g.retentionBand]
    .filter(x => x !== undefined).join(' · ');

  function noteSuppressed(chartId, groups, fields) {
    const note = document.querySelector('.suppressed-note[data-for="' + chartId + '"]');
    const hidden = groups.filter(g => g.suppressed || fields.some(f => g[f] === null && g.suppressedFigures.includes(f)));
    note.textContent = hidden.length === 0 ? '' : 'Suppressed (small cell, or to protect one): '
      + hidden.map(label).join(', ');
    note.dataset.count = String(hidden.length);
  }

  const baseGrid = {left: 56, right: 24, top: 48, bottom: 40};
  const tooltipValue = v => v === null || v === undefined ? 'suppressed' : v;

  function drawRelief(report) {
    const byChronicity = Object.fromEntries(report.groups.map(g => [g.chronicity, g]));
    const shown = CHRONICITIES.filter(c => byChronicity[c]);
    chart('chart-relief').setOption({
      animation: false,
      tooltip: {trigger: 'axis', valueFormatter: tooltipValue},
      legend: {top: 0},
      grid: baseGrid,
      xAxis: {type: 'category', name: 'sessions', nameLocation: 'middle', nameGap: 24,
        data: RELIEF_BUCKETS.map(b => b[0])},
      yAxis: {type: 'value', name: 'courses', nameTextStyle: {align: 'left'}, minInterval: 1},
      series: shown.map(c => ({
        name: c + (byChronicity[c].medianSessionsToRelief !== null
          ? ' (median ' + byChronicity[c].medianSessionsToRelief + ')' : ''),
        type: 'bar', itemStyle: {color: CHRONICITY_COLOURS[c]},
        data: RELIEF_BUCKETS.map(b => byChronicity[c][b[1]])
      }))
    }, true);
    noteSuppressed('chart-relief', report.groups, RELIEF_BUCKETS.map(b => b[1]));
  }

  function drawResponders(report) {
    const months = [...new Set(report.groups.map(g => g.month))].sort();
    const locations = [...new Set(report.groups.map(g => g.locationId))].sort();
    const value = {};
    report.groups.forEach(g => { value[g.locationId + '|' + g.month] = g.responderRate; });
    chart('chart-responders').setOption({
      animation: false,
      tooltip: {trigger: 'axis', valueFormatter: v => v === null || v === undefined ? 'suppressed' : v + ' %'},
      legend: {top: 0, type: 'scroll'},
      grid: baseGrid,
      xAxis: {type: 'category', data: months},
      yAxis: {type: 'value', name: '% responders', nameTextStyle: {align: 'left'}, min: 0, max: 100},
      series: locations.map(l => ({
        name: l, type: 'line', connectNulls: false, symbolSize: 7,
        data: months.map(m => {
          const v = value[l + '|' + m];
          return v === undefined ? null : pct(v);
        })
      }))
    }, true);
    noteSuppressed('chart-responders', report.groups, ['responderRate']);
  }

  function drawEmotional(report) {
    const byChronicity = Object.fromEntries(report.groups.map(g => [g.chronicity, g]));
    const shown = CHRONICITIES.filter(c => byChronicity[c]);
    chart('chart-emotional').setOption({
      animation: false,
      tooltip: {trigger: 'axis', valueFormatter: v => v === null || v === undefined ? 'suppressed' : v + ' %'},
      legend: {top: 0},
      grid: baseGrid,
      xAxis: {type: 'category', data: PHASES.map(p => p[0])},
      yAxis: {type: 'value', name: '% of courses', nameTextStyle: {align: 'left'}, min: 0},
      series: shown.map(c => ({
        name: c, type: 'bar', itemStyle: {color: CHRONICITY_COLOURS[c]},
        data: PHASES.map(p => pct(byChronicity[c][p[1]]))
      }))
    }, true);
    noteSuppressed('chart-emotional', report.groups, PHASES.map(p => p[1]));
  }

  function drawOneSession(report) {
    const groups = CHRONICITIES.map(c => report.groups.find(g => g.chronicity === c)).filter(Boolean);
    chart('chart-one-session').setOption({
      animation: false,
      tooltip: {trigger: 'axis', valueFormatter: v => v === null || v === undefined ? 'suppressed' : v + ' %'},
      grid: baseGrid,
      xAxis: {type: 'category', data: groups.map(g => g.oneSessionResolutionRate === null
          && (g.suppressed || g.suppressedFigures.includes('oneSessionResolutionRate'))
          ? g.chronicity + '\n(suppressed)' : g.chronicity)},
      yAxis: {type: 'value', name: '% of closed courses', nameTextStyle: {align: 'left'}, min: 0},
      series: [{
        name: 'resolved after exactly one session', type: 'bar', barMaxWidth: 60,
        label: {show: true, position: 'top', formatter: p => p.value === null ? 'suppressed' : p.value + ' %'},
        data: groups.map(g => ({value: pct(g.oneSessionResolutionRate),
          itemStyle: {color: CHRONICITY_COLOURS[g.chronicity]}}))
      }]
    }, true);
    noteSuppressed('chart-one-session', groups, ['oneSessionResolutionRate']);
  }

  function drawRetention(report) {
    const groups = RETENTION_BANDS.map(b => report.groups.find(g => g.retentionBand === b)).filter(Boolean);
    chart('chart-retention').setOption({
      animation: false,
      tooltip: {trigger: 'axis', valueFormatter: tooltipValue},
      legend: {top: 0},
      grid: {left: 56, right: 64, top: 48, bottom: 40},
      xAxis: {type: 'category', name: 'minutes', nameLocation: 'middle', nameGap: 30,
        data: groups.map(g => g.suppressed ? g.retentionBand + '\n(suppressed)' : g.retentionBand)},
      yAxis: [{type: 'value', name: 'mean pain change (NRS points)', nameTextStyle: {align: 'left'}},
        {type: 'value', name: '% responders', nameTextStyle: {align: 'right'}, min: 0, max: 100, position: 'right'}],
      series: [
        {name: 'mean pain change', type: 'bar', barMaxWidth: 48, itemStyle: {color: '#1f6feb'},
          data: groups.map(g => g.meanPainChange)},
        {name: 'responder rate %', type: 'line', yAxisIndex: 1, symbolSize: 8, itemStyle: {color: '#c2452d'},
          data: groups.map(g => pct(g.responderRate))}
      ]
    }, true);
    noteSuppressed('chart-retention', groups, ['meanPainChange', 'responderRate']);
  }

  function cell(value, text, field, group) {
    const td = document.createElement('td');
    td.className = 'num';
    if (value === null || value === undefined) {
      const hidden = group.suppressedFigures && group.suppressedFigures.includes(field);
      td.innerHTML = hidden ? '<span class="hidden-figure" title="suppressed">suppressed</span>' : '–';
    } else {
      td.textContent = text;
    }
    td.dataset.field = field;
    td.dataset.value = value === null || value === undefined ? '' : String(value);
    return td;
  }

  function drawTable(report) {
    const body = document.querySelector('#kpi-table tbody');
    body.replaceChildren();
    if (report.groups.length === 0) {
      const tr = document.createElement('tr');
      tr.innerHTML = '<td colspan="11" class="note">No courses match these filters.</td>';
      body.appendChild(tr);
    }
    for (const g of report.groups) {
      const tr = document.createElement('tr');
      tr.dataset.location = g.locationId;
      tr.dataset.chronicity = g.chronicity;
      const name = document.createElement('td');
      name.textContent = g.locationId;
      const chron = document.createElement('td');
      chron.textContent = g.chronicity;
      tr.append(name, chron);
      if (g.suppressed) {
        suppressedCells(tr, 9, report.suppressionThreshold + ' courses');
      } else {
        tr.append(
          cell(g.courses, String(g.courses), 'courses', g),
          cell(g.meanBaselinePain, fmt(g.meanBaselinePain, 2), 'meanBaselinePain', g),
          cell(g.responderRate, fmtPct(g.responderRate), 'responderRate', g),
          cell(g.substantialReliefRate, fmtPct(g.substantialReliefRate), 'substantialReliefRate', g),
          cell(g.medianSessionsToRelief, fmt(g.medianSessionsToRelief, 1), 'medianSessionsToRelief', g),
          cell(g.meanPainChange, fmt(g.meanPainChange, 2), 'meanPainChange', g),
          cell(g.oneSessionResolutionRate, fmtPct(g.oneSessionResolutionRate), 'oneSessionResolutionRate', g),
          cell(g.emotionalResponseRate, fmtPct(g.emotionalResponseRate), 'emotionalResponseRate', g),
          cell(g.medianRetentionMinutes, fmt(g.medianRetentionMinutes, 1), 'medianRetentionMinutes', g));
      }
      body.appendChild(tr);
    }
  }

  /* The headline: chronic courses per location over the whole period (other filters apply, the chronicity filter
   * does not), then the same figures for all of them. Values are the API's, as in the table below. */
  function drawChronicHeadline(byLocation, total) {
    const body = document.querySelector('#chronic-table tbody');
    body.replaceChildren();
    const filtered = ['locationId', 'practitionerId'].some(name => filterParams().has(name));
    const rows = byLocation.groups.map(g => [g.locationId, g, false]);
    total.groups.forEach(g => rows.push([filtered ? 'All selected courses' : 'All locations', g, true]));
    if (byLocation.groups.length === 0) {
      const tr = document.createElement('tr');
      tr.innerHTML = '<td colspan="6" class="note">No chronic courses match these filters.</td>';
      body.appendChild(tr);
    }
    for (const [name, g, isTotal] of rows) {
      const tr = document.createElement('tr');
      tr.dataset.location = isTotal ? '*' : g.locationId;
      if (isTotal) {
        tr.classList.add('total');
      }
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = name;
      tr.appendChild(th);
      if (g.suppressed) {
        suppressedCells(tr, 5, byLocation.suppressionThreshold + ' chronic courses');
      } else {
        const responders = g.responders === null ? null
          : g.responders + ' of ' + g.coursesMeasured + ' measured';
        tr.append(
          cell(g.courses, String(g.courses), 'courses', g),
          cell(g.responders, responders, 'responders', g),
          cell(g.responderRate, fmtPct(g.responderRate), 'responderRate', g),
          cell(g.medianSessionsToRelief, fmt(g.medianSessionsToRelief, 1), 'medianSessionsToRelief', g),
          cell(g.meanBaselinePain, fmt(g.meanBaselinePain, 2), 'meanBaselinePain', g));
      }
      body.appendChild(tr);
    }
  }

  function describePeriod(period) {
    const note = document.getElementById('period-note');
    if (period && period.rounded) {
      note.textContent = 'Answered for whole months: ' + (period.from || 'start') + ' to ' + (period.to || 'now');
    } else {
      note.textContent = '';
    }
  }

  async function refresh() {
    const generation = ++state.generation;
    document.body.dataset.state = 'loading';
    const error = document.getElementById('error');
    const params = filterParams();
    history.replaceState(null, '', params.toString() ? '?' + params.toString() : location.pathname);
    const csv = new URLSearchParams(params);
    csv.set('groupBy', 'location,chronicity');
    csv.set('format', 'csv');
    document.getElementById('csv-link').href = '/api/outcomes/summary?' + csv.toString();
    const chronicCsv = new URLSearchParams(params);
    chronicCsv.set('chronicity', 'CHRONIC');
    chronicCsv.set('groupBy', 'location');
    chronicCsv.set('format', 'csv');
    document.getElementById('chronic-csv-link').href = '/api/outcomes/summary?' + chronicCsv.toString();
    try {
      const chronic = {chronicity: 'CHRONIC'};
      const [byChronicity, byLocationMonth, byRetention, byLocationChronicity, chronicByLocation, chronicTotal] =
        await Promise.all([summary('chronicity'), summary('location,month'), summary('retention'),
          summary('location,chronicity'), summary('location', chronic), summary('', chronic)]);
      if (generation !== state.generation) {
        return; // a newer filter change is on its way
      }
      error.hidden = true;
      state.data = {byChronicity, byLocationMonth, byRetention, byLocationChronicity, chronicByLocation,
        chronicTotal};
      document.getElementById('threshold').textContent = String(byChronicity.suppressionThreshold);
      describePeriod(byChronicity.period);
      drawChronicHeadline(chronicByLocation, chronicTotal);
      drawTable(byLocationChronicity);
      drawRelief(byChronicity);
      drawResponders(byLocationMonth);
      drawEmotional(byChronicity);
      drawOneSession(byChronicity);
      drawRetention(byRetention);
      state.renders++;
      document.body.dataset.renders = String(state.renders);
      document.body.dataset.state = 'ready';
    } catch (e) {
      if (generation !== state.generation) {
        return;
      }
      error.textContent = e.message;
      error.hidden = false;
      document.body.dataset.state = 'error';
    }
  }

  async function loadChoices() {
    const response = await api('/api/outcomes/dimensions', 'application/json');
    const dims = await response.json();
    const fill = (select, values) => values.forEach(v => {
      const option = document.createElement('option');
      option.value = v;
      option.textContent = v;
      select.appendChild(option);
    });
    fill(document.getElementById('f-location'), dims.locations);
    fill(document.getElementById('f-practitioner'), dims.practitioners);
  }

  function restoreFromUrl() {
    const params = new URLSearchParams(location.search);
    for (const element of form.elements) {
      if (element.name && params.has(element.name)) {
        element.value = params.get(element.name);
      }
    }
  }

  form.addEventListener('change', refresh);
  form.addEventListener('submit', e => { e.preventDefault(); refresh(); });
  document.getElementById('f-reset').addEventListener('click', () => { form.reset(); refresh(); });
  window.addEventListener('resize', () => Object.values(charts).forEach(c => c.resize()));

  signIn.addEventListener('submit', e => {
    e.preventDefault();
    const field = document.getElementById('signin-token');
    const token = field.value.trim().replace(/^Bearer\s+/i, '');
    field.value = '';
    if (token) {
      sessionStorage.setItem(TOKEN_KEY, token);
      signIn.hidden = true;
      const choicesLoaded = document.getElementById('f-location').options.length > 1;
      (choicesLoaded ? Promise.resolve() : loadChoices()).catch(() => { }).then(refresh);
    }
  });
  // The CSV needs the token too, which a plain link would not send: fetched here and saved from memory.
  ['csv-link', 'chronic-csv-link'].forEach(id => document.getElementById(id).addEventListener('click', async e => {
    e.preventDefault();
    const error = document.getElementById('error');
    try {
      const response = await api(e.currentTarget.getAttribute('href'), 'text/csv');
      if (!response.ok) {
        throw new Error('The CSV was refused (' + response.status + ')');
      }
      const file = document.createElement('a');
      file.href = URL.createObjectURL(await response.blob());
      file.download = 'meridian-outcomes.csv';
      file.click();
      setTimeout(() => URL.revokeObjectURL(file.href), 60000);
    } catch (err) {
      error.textContent = err.message;
      error.hidden = false;
    }
  }));

  loadChoices().catch(() => { /* the filters still work by URL */ }).then(() => {
    restoreFromUrl();
    return refresh();
  });
})();
