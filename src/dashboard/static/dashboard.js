/* tunnelwatch dashboard: plain browser JavaScript, no build step. Talks to the same function app's API. */
(function () {
  'use strict';
  var KEY_STORAGE = 'tunnelwatch.functionKey';
  var params = new URLSearchParams(location.search);
  if (params.get('code')) {
    sessionStorage.setItem(KEY_STORAGE, params.get('code'));
    params.delete('code');
    // Keep the key out of the address bar and history once it is stored for this tab.
    history.replaceState(null, '', location.pathname + (params.toString() ? '?' + params : ''));
  }
  var key = sessionStorage.getItem(KEY_STORAGE) || '';
  var apiBase = location.pathname.replace(/\/dashboard\/?.*$/, '');
  var LABELS = { Connected: '\u25CF Connected', NotConnected: '\u2715 Not connected', Connecting: '\u25D0 Connecting', Unknown: '? Unknown' };
  var COLOURS = { Connected: '#1a7f37', NotConnected: '#b42318', Connecting: '#8a4b00' };
  var PAGE = 100;
  // tokens[i] is the continuation token of page i; `seq` drops answers that a newer search has overtaken.
  var state = { page: 0, tokens: [undefined], total: 0, seq: 0, selected: null, chart: null, fleetChart: null, statuses: [] };
  var $ = function (id) { return document.getElementById(id); };

  function api(path) {
    return fetch(apiBase + path, { headers: { 'x-functions-key': key } }).then(function (res) {
      return res.json().then(function (body) {
        if (!res.ok) throw new Error((body && body.error && body.error.message) || 'HTTP ' + res.status);
        return body;
      });
    });
  }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { if (attrs[k] !== undefined) node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c))); });
    return node;
  }
  function badge(status) {
    var known = Object.prototype.hasOwnProperty.call(LABELS, status);
    return el('span', { class: 'status s-' + (known ? status : 'other') }, [known ? LABELS[status] : '? ' + status]);
  }
  // An unconfirmed status (not confirmed within the max age) is drawn apart from a reported Unknown, with its reason.
  function linkBadge(l) {
    if (!l.statusReason) return badge(l.status);
    return el('span', { class: 'status s-unconfirmed', title: l.statusReason }, ['? Unconfirmed (' + l.statusReason.replace(/^unconfirmed: /, '') + ')']);
  }
  function statusAge(l) {
    var age = l.statusAgeSeconds == null ? 'never confirmed' : l.statusAgeSeconds < 60 ? 'confirmed <1 min ago' : 'confirmed ' + duration(l.statusAgeSeconds) + ' ago';
    return age + (l.statusSource ? ' by ' + l.statusSource : '');
  }
  function statusCell(l) {
    return el('td', {}, [linkBadge(l), ' ', el('small', { class: 'status-age' + (l.statusReason ? ' stale' : '') }, [statusAge(l)])]);
  }
  function duration(seconds) {
    if (!seconds) return '';
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60);
    return h > 0 ? h + ' h ' + m + ' min' : m + ' min';
  }
  function rate(bps) {
    if (bps == null) return '\u2014';
    var units = ['bps', 'kbps', 'Mbps', 'Gbps'], i = 0;
    while (bps >= 1000 && i < units.length - 1) { bps /= 1000; i++; }
    return (Math.round(bps * 10) / 10) + ' ' + units[i];
  }
  function showMessage(text) { var m = $('message'); m.textContent = text || ''; m.hidden = !text; }
  function fill(tbody, rows) { tbody.replaceChildren.apply(tbody, rows); }

  function linkName(l) { return l.kind === 'vwan' ? l.gateway + ' / ' + l.connection + ' / ' + l.link : l.kind === 'huawei' ? 'Huawei ' + l.gateway + ' / ' + l.connection : l.connection; }
  // Audit rows carry the ARM id, not the topology: vpnGateways/G/vpnConnections/C/vpnLinkConnections/L or connections/C.
  function nameFromId(id) {
    var parts = String(id || '').split('/'), names = [];
    var at = parts.map(function (p) { return p.toLowerCase(); }).indexOf('providers');
    for (var i = at + 3; at >= 0 && i < parts.length; i += 2) names.push(parts[i]);
    return names.length ? names.join(' / ') : String(id || '');
  }
  function linkButton(key, text) {
    var b = el('button', { type: 'button', class: 'link-button', 'data-key': key }, [text]);
    b.addEventListener('click', function () { openLink(key); });
    return b;
  }
  // The other end of the same tunnel, watched too (the API pairs the two ends by address): one click away.
  function peerLine(l) {
    if (!l.peer) return [];
    return [el('span', { class: 'peer', 'data-peer': l.peer.key }, ['\u21C4 other end (' + l.peer.kind + '): ', linkButton(l.peer.key, l.peer.name), ' ', badge(l.peer.status)])];
  }
  function linkRow(l, withGateway) {
    var cells = [statusCell(l)];
    if (withGateway) cells.push(el('td', {}, [l.gateway]));
    cells.push(el('td', {}, [l.site || '']), el('td', {}, [linkButton(l.key, l.kind === 'vwan' ? l.connection + ' / ' + l.link : l.connection + (l.haRole === 'slave' ? ' (standby)' : ''))].concat(peerLine(l))),
      el('td', {}, [duration(l.downForSeconds)]), el('td', {}, [l.incidentId || '']));
    if (withGateway) cells.push(el('td', {}, [rate(l.ingressBps) + ' / ' + rate(l.egressBps)]));
    return el('tr', { 'data-key': l.key, 'data-status': l.status }, cells);
  }
  function statusList(byStatus) {
    return Object.keys(byStatus).sort().map(function (s) {
      return el('li', { class: 'status s-' + (LABELS[s] ? s : 'other') }, [(LABELS[s] || s) + ': ' + byStatus[s]]);
    });
  }

  function renderFleet(f) {
    var t = f.totals;
    fill($('totals'), [el('li', {}, [t.links + ' links']), el('li', {}, [t.gateways + ' gateways']),
      el('li', {}, [t.notConnected + ' not connected']), el('li', {}, [t.openIncidents + ' open incidents'])]);
    fill($('counts'), statusList(t.byStatus));
    var select = $('status-filter'), chosen = select.value;
    select.replaceChildren(el('option', { value: '' }, ['all']));
    Object.keys(t.byStatus).sort().forEach(function (s) { select.append(el('option', { value: s }, [s])); });
    select.value = chosen;
    fill($('problems'), f.problemGateways.length ? f.problemGateways.map(function (g) {
      var sites = g.sites.filter(function (s) { return s.notConnected > 0; }).map(function (s) { return (s.site || 'no site') + ' (' + s.notConnected + '/' + s.links + ')'; });
      var body = el('tbody', {}, g.problems.map(function (l) { return linkRow(l, false); }));
      if (g.notConnected > g.problems.length) body.append(el('tr', {}, [el('td', { colspan: '5' }, ['… and ' + (g.notConnected - g.problems.length) + ' more: search for ' + g.gateway + ' below'])]));
      return el('details', { open: '', class: 'gateway', 'data-gateway': g.gateway }, [
        el('summary', {}, [el('strong', {}, [g.gateway]), ' \u00B7 ' + g.resourceGroup + ' \u00B7 ' + g.notConnected + ' of ' + g.links + ' links not connected \u00B7 sites: ' + sites.join(', ')]),
        el('table', { class: 'problem-links' }, [el('thead', {}, [el('tr', {}, ['Status', 'Site', 'Connection / link', 'Down for', 'Incident'].map(function (h) { return el('th', { scope: 'col' }, [h]); }))]), body]),
      ]);
    }) : [el('p', {}, ['Every link is connected.'])]);
    $('healthy').textContent = f.healthy.gateways + ' healthy gateways (' + f.healthy.links + ' links, all connected) not shown.';
    fill($('incidents').tBodies[0], f.incidents.length ? f.incidents.map(function (i) {
      var inc = i.incident || {};
      return el('tr', { 'data-key': i.link.key }, [el('td', {}, [linkButton(i.link.key, linkName(i.link))]), el('td', {}, [badge(i.link.status)]),
        el('td', {}, [duration(i.link.downForSeconds)]), el('td', {}, [inc.id || i.link.incidentId || '']), el('td', {}, [inc.state || 'waiting']),
        el('td', {}, [inc.attempts == null ? '0' : String(inc.attempts)]), el('td', {}, [[inc.lastOutcome, inc.lastReason].filter(Boolean).join(': ')])]);
    }) : [el('tr', {}, [el('td', { colspan: '7' }, ['No open incidents.'])])]);
    fleetChart(f.availability.points);
  }

  function fleetChart(points) {
    var xs = points.map(function (p) { return Date.parse(p.hour) / 1000; });
    // An hour without rollups is a gap ("no data"), never a reassuring zero.
    var any = points.map(function (p) { return p.links ? p.linksDown : null; }), avg = points.map(function (p) { return p.links ? p.avgLinksDown : null; });
    var box = $('fleet-chart'), worst = Math.max.apply(null, any.concat([0]));
    box.setAttribute('aria-label', 'Links down per hour over the last 24 hours; at most ' + worst + ' in one hour, ' + (any[any.length - 1] || 0) + ' in the current hour');
    if (state.fleetChart) state.fleetChart.destroy();
    box.replaceChildren();
    var bars = uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.6, 40] }) : undefined;
    state.fleetChart = new uPlot({
      width: Math.max(320, box.clientWidth || 800), height: 200,
      series: [{}, { label: 'Links down at some time in the hour', stroke: COLOURS.NotConnected, fill: 'rgba(180,35,24,0.25)', paths: bars },
        { label: 'Average links down', stroke: '#0b57d0', width: 2 }],
      axes: [{}, { size: 60 }], scales: { y: { range: function (u, min, max) { return [0, Math.max(1, max)]; } } },
    }, [xs, any, avg], box);
  }

  function linksQuery() {
    var q = $('filter').value.trim(), status = $('status-filter').value, token = state.tokens[state.page];
    return '/links?top=' + PAGE + (q ? '&q=' + encodeURIComponent(q) : '') + (status ? '&status=' + encodeURIComponent(status) : '') +
      (token ? '&continuationToken=' + encodeURIComponent(token) : '');
  }
  // One server-side page at a time: a 10,000-link fleet is never sent to the browser whole.
  function loadLinks() {
    var seq = ++state.seq;
    return api(linksQuery()).then(function (body) {
      if (seq !== state.seq) return;
      state.total = body.total;
      state.tokens[state.page + 1] = body.continuationToken;
      var first = state.page * PAGE;
      $('range').textContent = body.total ? 'Links ' + (first + 1) + '\u2013' + (first + body.links.length) + ' of ' + body.total : 'No link matches.';
      $('prev').disabled = state.page === 0;
      $('next').disabled = !body.continuationToken;
      fill($('links').tBodies[0], body.links.map(function (l) { return linkRow(l, true); }));
      $('links').setAttribute('data-loaded', String(seq));
    });
  }
  function restartLinks() { state.page = 0; state.tokens = [undefined]; return loadLinks().catch(function (e) { showMessage('Could not load links: ' + e.message); }); }

  function auditRow(item, withLink) {
    var at = item.at || item.decidedAt || item.timestamp || '';
    var reason = item.reason || item.skipReason || (item.guards && JSON.stringify(item.guards)) || '';
    var cells = [el('td', {}, [at])];
    if (withLink) cells.push(el('td', {}, [item.linkId ? nameFromId(item.linkId) : item.linkKey || '']));
    cells.push(el('td', {}, [item.outcome || item.decision || '']), el('td', {}, [reason]), el('td', {}, [item.actor || item.source || item.requestedBy || '']));
    return el('tr', {}, cells);
  }

  function loadRemediations() {
    return api('/remediations?top=200').then(function (body) {
      fill($('remediations').tBodies[0], body.items.length ? body.items.map(function (i) { return auditRow(i, true); })
        : [el('tr', {}, [el('td', { colspan: '5' }, ['No remediation decisions in the last 7 days.'])])]);
    });
  }

  function timeline(points, from, to, hourly) {
    var start = Date.parse(from), span = Date.parse(to) - start, bands = [];
    points.forEach(function (p) {
      var t = Date.parse(hourly ? p.hour : p.polledAt);
      var status = hourly ? (p.uptimePercent >= 99.5 ? 'Connected' : p.uptimePercent <= 0.5 ? 'NotConnected' : 'Connecting') : p.status;
      var last = bands[bands.length - 1];
      if (last && last.status === status) last.end = t + (hourly ? 3600000 : 60000);
      else bands.push({ status: status, start: t, end: t + (hourly ? 3600000 : 60000) });
    });
    var box = $('timeline');
    box.setAttribute('aria-label', bands.map(function (b) { return (LABELS[b.status] || b.status) + ' from ' + new Date(b.start).toISOString() + ' to ' + new Date(b.end).toISOString(); }).join('; ') || 'No data in this window');
    box.replaceChildren.apply(box, bands.map(function (b) {
      var width = Math.max(0.2, ((Math.min(b.end, start + span) - Math.max(b.start, start)) / span) * 100);
      var span_ = el('span', { class: 's-' + (LABELS[b.status] ? b.status : 'other'), title: (LABELS[b.status] || b.status) + ': ' + new Date(b.start).toISOString() + ' \u2013 ' + new Date(b.end).toISOString() });
      span_.style.width = width + '%';
      return span_;
    }));
    fill(document.querySelector('.legend'), Object.keys(LABELS).map(function (s) { return el('li', {}, [badge(s)]); }).concat(hourly ? [el('li', {}, ['(hourly: Connecting band = partly down)'])] : []));
  }

  function chart(points, hourly) {
    var xs = [], ins = [], outs = [];
    points.forEach(function (p) {
      xs.push(Date.parse(hourly ? p.hour : p.polledAt) / 1000);
      ins.push(hourly ? p.avgIngressBps : p.ingressBps == null ? null : p.ingressBps);
      outs.push(hourly ? p.avgEgressBps : p.egressBps == null ? null : p.egressBps);
    });
    if (state.chart) state.chart.destroy();
    var box = $('chart');
    box.replaceChildren();
    state.chart = new uPlot({
      width: Math.max(320, box.clientWidth || 800), height: 240, title: hourly ? 'Average bits per second (hourly)' : 'Bits per second',
      series: [{}, { label: 'In', stroke: COLOURS.Connected, width: 2 }, { label: 'Out', stroke: '#0b57d0', width: 2, dash: [6, 4] }],
      axes: [{}, { values: function (u, vals) { return vals.map(rate); }, size: 80 }],
    }, [xs, ins, outs], box);
  }

  function openLink(key) {
    state.selected = key;
    $('detail').hidden = false;
    $('overview').hidden = true;
    var hours = Number($('window').value), to = new Date(), from = new Date(to.getTime() - hours * 3600000);
    var range = 'from=' + encodeURIComponent(from.toISOString()) + '&to=' + encodeURIComponent(to.toISOString());
    return Promise.all([
      api('/links/' + key),
      api('/links/' + key + '/history?top=5000&' + range),
      api('/links/' + key + '/events?top=200&' + range),
      api('/remediations?top=100&link=' + key),
    ]).then(function (r) {
      var link = r[0], history = r[1], events = r[2], audit = r[3];
      $('detail-title').textContent = linkName(link);
      var facts = [['Status', linkBadge(link)], ['Status confirmed', statusAge(link)], ['Since', link.statusSince], ['Down for', duration(link.downForSeconds) || '–'],
        ['Open incident', link.incidentId || '–'], ['Last reset', link.lastResetAt || '–'], ['Site', (link.site || '–') + (link.siteLink ? ' / ' + link.siteLink : '')],
        ['Other end', link.peer ? el('span', {}, peerLine(link)) : '–'],
        ['Mode', link.configuration.mode || '–'], ['Protocol', link.configuration.protocol || '–'], ['Bandwidth', link.configuration.bandwidthMbps != null ? link.configuration.bandwidthMbps + ' Mbps' : '–'],
        ['BGP', link.configuration.bgp == null ? '–' : link.configuration.bgp ? 'on' : 'off'], ['DPD timeout', link.configuration.dpdTimeoutSeconds != null ? link.configuration.dpdTimeoutSeconds + ' s' : '–'], [link.kind === 'huawei' ? 'Id' : 'ARM id', link.id]];
      if (link.kind === 'huawei') {
        facts.push(['VPN gateway id', link.vgwId || '\u2014'], ['Customer gateway id', link.cgwId || '\u2014'],
          ['HA role', link.haRole === 'slave' ? 'standby (slave)' : link.haRole === 'master' ? 'active (master)' : '\u2014']);
      }
      var dl = $('link-facts');
      dl.replaceChildren();
      facts.forEach(function (f) { dl.append(el('dt', {}, [f[0]]), el('dd', {}, [f[1]])); });
      var hourly = history.resolution === 'hour';
      timeline(history.points, history.from, history.to, hourly);
      chart(history.points, hourly);
      fill($('transitions').tBodies[0], events.events.length ? events.events.map(function (e) { return el('tr', {}, [el('td', {}, [e.at]), el('td', {}, [e.from ? badge(e.from) : '']), el('td', {}, [badge(e.to)])]); })
        : [el('tr', {}, [el('td', { colspan: '3' }, ['No transitions in this window.'])])]);
      fill($('link-remediations').tBodies[0], audit.items.length ? audit.items.map(function (i) { return auditRow(i, false); })
        : [el('tr', {}, [el('td', { colspan: '4' }, ['No remediation decisions for this link.'])])]);
      showMessage('');
    }).catch(function (e) { showMessage('Could not load the link: ' + e.message); });
  }

  // The overview first (it is what the page opens on), then the link page and the log, which share its state read.
  function refresh() {
    return api('/fleet').then(function (fleet) {
      renderFleet(fleet);
      return Promise.all([loadLinks(), loadRemediations()]);
    }).then(function () {
      $('updated').textContent = 'Updated ' + new Date().toLocaleTimeString();
      showMessage('');
      if (state.selected && !$('detail').hidden) return openLink(state.selected);
    }).catch(function (e) { showMessage(key ? 'Could not load data: ' + e.message : 'Open this page with ?code=<function key>.'); });
  }

  var typing;
  $('filter').addEventListener('input', function () { clearTimeout(typing); typing = setTimeout(restartLinks, 150); });
  $('status-filter').addEventListener('change', restartLinks);
  function turn(by) { state.page += by; loadLinks().catch(function (e) { showMessage('Could not load links: ' + e.message); }); }
  $('prev').addEventListener('click', function () { if (state.page > 0) turn(-1); });
  $('next').addEventListener('click', function () { if (state.tokens[state.page + 1]) turn(1); });
  $('refresh').addEventListener('click', refresh);
  $('back').addEventListener('click', function () { state.selected = null; $('detail').hidden = true; $('overview').hidden = false; });
  $('window').addEventListener('change', function () { if (state.selected) openLink(state.selected); });
  setInterval(function () { if ($('autorefresh').checked && !document.hidden) refresh(); }, 30000);
  refresh();
})();
