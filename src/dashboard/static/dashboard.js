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
  var state = { links: [], sort: 'status', desc: false, selected: null, chart: null };
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
  function duration(seconds) {
    if (!seconds) return '';
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60);
    return h > 0 ? h + ' h ' + m + ' min' : m + ' min';
  }
  function rate(bps) {
    if (bps == null) return '–';
    var units = ['bps', 'kbps', 'Mbps', 'Gbps'], i = 0;
    while (bps >= 1000 && i < units.length - 1) { bps /= 1000; i++; }
    return (Math.round(bps * 10) / 10) + ' ' + units[i];
  }
  function showMessage(text) { var m = $('message'); m.textContent = text || ''; m.hidden = !text; }
  function fill(tbody, rows) { tbody.replaceChildren.apply(tbody, rows); }

  function loadLinks() {
    var all = [];
    function page(token) {
      return api('/links?top=1000' + (token ? '&continuationToken=' + encodeURIComponent(token) : '')).then(function (body) {
        all = all.concat(body.links);
        return body.continuationToken && all.length < 20000 ? page(body.continuationToken) : all;
      });
    }
    return page();
  }

  function renderOverview() {
    var counts = {};
    state.links.forEach(function (l) { counts[l.status] = (counts[l.status] || 0) + 1; });
    fill($('counts'), Object.keys(counts).sort().map(function (s) {
      return el('li', { class: 'status s-' + (LABELS[s] ? s : 'other') }, [(LABELS[s] || s) + ': ' + counts[s]]);
    }));
    var select = $('status-filter'), chosen = select.value;
    select.replaceChildren(el('option', { value: '' }, ['all']));
    Object.keys(counts).sort().forEach(function (s) { select.append(el('option', { value: s }, [s])); });
    select.value = chosen;
    var text = $('filter').value.trim().toLowerCase();
    var rows = state.links.filter(function (l) {
      return (!chosen || l.status === chosen) &&
        (!text || [l.gateway, l.site, l.connection, l.link].join(' ').toLowerCase().indexOf(text) >= 0);
    });
    var by = state.sort, dir = state.desc ? -1 : 1;
    rows.sort(function (a, b) {
      var g = (a.gateway + '/' + (a.site || '')).localeCompare(b.gateway + '/' + (b.site || ''));
      if (by === 'gateway' || by === 'site') return dir * g;
      var x = a[by], y = b[by];
      var c = typeof x === 'number' || typeof y === 'number' ? (x || 0) - (y || 0) : String(x || '').localeCompare(String(y || ''));
      return g !== 0 && by === 'status' ? g : dir * c || g;
    });
    var out = [], group = null;
    rows.forEach(function (l) {
      var g = l.gateway + ' \u00B7 ' + (l.site || 'no site');
      if (g !== group) { group = g; out.push(el('tr', { class: 'group' }, [el('th', { colspan: '7', scope: 'colgroup' }, [g])])); }
      var open = el('button', { type: 'button', class: 'link-button', 'data-key': l.key }, [l.connection + ' / ' + l.link]);
      open.addEventListener('click', function () { openLink(l.key); });
      out.push(el('tr', { 'data-key': l.key, 'data-status': l.status }, [
        el('td', {}, [badge(l.status)]), el('td', {}, [l.gateway]), el('td', {}, [l.site || '']), el('td', {}, [open]),
        el('td', {}, [duration(l.downForSeconds)]), el('td', {}, [l.incidentId || '']),
        el('td', {}, [rate(l.ingressBps) + ' / ' + rate(l.egressBps)]),
      ]));
    });
    fill($('links').tBodies[0], out);
  }

  function auditRow(item, withLink) {
    var at = item.at || item.decidedAt || item.timestamp || '';
    var reason = item.reason || item.skipReason || (item.guards && JSON.stringify(item.guards)) || '';
    var cells = [el('td', {}, [at])];
    if (withLink) cells.push(el('td', {}, [item.link || item.linkName || item.linkId || '']));
    cells.push(el('td', {}, [item.outcome || item.decision || '']), el('td', {}, [reason]), el('td', {}, [item.source || item.requestedBy || '']));
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
      $('detail-title').textContent = link.gateway + ' / ' + link.connection + ' / ' + link.link;
      var facts = [['Status', badge(link.status)], ['Since', link.statusSince], ['Down for', duration(link.downForSeconds) || '–'],
        ['Open incident', link.incidentId || '–'], ['Last reset', link.lastResetAt || '–'], ['Site', (link.site || '–') + (link.siteLink ? ' / ' + link.siteLink : '')],
        ['Mode', link.configuration.mode || '–'], ['Protocol', link.configuration.protocol || '–'], ['Bandwidth', link.configuration.bandwidthMbps != null ? link.configuration.bandwidthMbps + ' Mbps' : '–'],
        ['BGP', link.configuration.bgp == null ? '–' : link.configuration.bgp ? 'on' : 'off'], ['DPD timeout', link.configuration.dpdTimeoutSeconds != null ? link.configuration.dpdTimeoutSeconds + ' s' : '–'], ['ARM id', link.id]];
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

  function refresh() {
    return Promise.all([loadLinks(), loadRemediations()]).then(function (r) {
      state.links = r[0];
      renderOverview();
      $('updated').textContent = 'Updated ' + new Date().toLocaleTimeString();
      showMessage('');
      if (state.selected && !$('detail').hidden) return openLink(state.selected);
    }).catch(function (e) { showMessage(key ? 'Could not load data: ' + e.message : 'Open this page with ?code=<function key>.'); });
  }

  document.querySelectorAll('th button[data-sort]').forEach(function (b) {
    b.addEventListener('click', function () {
      state.desc = state.sort === b.dataset.sort ? !state.desc : false;
      state.sort = b.dataset.sort;
      renderOverview();
    });
  });
  $('filter').addEventListener('input', renderOverview);
  $('status-filter').addEventListener('change', renderOverview);
  $('refresh').addEventListener('click', refresh);
  $('back').addEventListener('click', function () { state.selected = null; $('detail').hidden = true; $('overview').hidden = false; });
  $('window').addEventListener('change', function () { if (state.selected) openLink(state.selected); });
  setInterval(function () { if ($('autorefresh').checked && !document.hidden) refresh(); }, 30000);
  refresh();
})();
