// Credential Hygiene workspace report: sorting, filtering and the theme switch over the rendered page,
// and, inside a VS Code webview, opening locations and keeping the view's state. It reads nothing from
// the network; the model is in <script type="application/json" id="report-data"> when needed.
(function () {
  'use strict';

  var host = typeof window.acquireVsCodeApi === 'function' ? window.acquireVsCodeApi() : null;
  var state = (host && host.getState()) || { tables: {}, theme: 'auto' };
  if (!state.tables) state.tables = {};

  function save() {
    if (host) host.setState(state);
  }

  function post(message) {
    if (host) host.postMessage(message);
    document.dispatchEvent(new CustomEvent('credential-hygiene:action', { detail: message }));
  }

  /** The report model, for scripts that want it (the page itself is already rendered). */
  function reportData() {
    var el = document.getElementById('report-data');
    if (!el) return null;
    try {
      return JSON.parse(el.textContent || 'null');
    } catch {
      return null;
    }
  }
  window.credentialHygieneReport = { data: reportData };

  // Theme: auto (the system's), light or dark; a webview follows the editor's theme instead.
  var THEMES = ['auto', 'light', 'dark'];
  function applyTheme(theme) {
    var root = document.documentElement;
    if (theme === 'auto') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', theme);
    var btn = document.querySelector('[data-action="theme"]');
    if (btn) {
      btn.textContent = 'Theme: ' + theme;
      btn.setAttribute('aria-label', 'Colour theme: ' + (theme === 'auto' ? 'automatic' : theme) + '. Activate to change.');
    }
  }
  var themeBtn = document.querySelector('[data-action="theme"]');
  var inWebview = /(^|\s)vscode-/.test(document.body.className) || host;
  if (themeBtn && !inWebview) {
    themeBtn.hidden = false;
    var initial = document.documentElement.getAttribute('data-theme') || state.theme || 'auto';
    applyTheme(initial);
    themeBtn.addEventListener('click', function () {
      var current = document.documentElement.getAttribute('data-theme') || 'auto';
      var next = THEMES[(THEMES.indexOf(current) + 1) % THEMES.length];
      state.theme = next;
      applyTheme(next);
      save();
    });
  }

  // Host actions (refresh, export) only make sense inside the editor.
  Array.prototype.forEach.call(document.querySelectorAll('.host-only'), function (btn) {
    if (!host) return;
    btn.hidden = false;
    btn.addEventListener('click', function () {
      post({ type: btn.getAttribute('data-action'), format: btn.getAttribute('data-format') || undefined });
    });
  });

  // Locations open in the editor when there is one.
  if (host) {
    Array.prototype.forEach.call(document.querySelectorAll('.loc[data-path]'), function (el) {
      el.setAttribute('role', 'link');
      el.setAttribute('tabindex', '0');
      el.setAttribute('aria-label', 'Open ' + el.textContent);
      var open = function () {
        post({ type: 'open', path: el.getAttribute('data-path'), line: Number(el.getAttribute('data-line')), column: Number(el.getAttribute('data-column')) });
      };
      el.addEventListener('click', open);
      el.addEventListener('keydown', function (ev) {
        if (ev.key === 'Enter' || ev.key === ' ') {
          ev.preventDefault();
          open();
        }
      });
    });
  }

  function cellValue(row, index, type) {
    var cell = row.cells[index];
    if (!cell) return type === 'number' ? 0 : '';
    var v = cell.hasAttribute('data-v') ? cell.getAttribute('data-v') : cell.textContent.trim();
    return type === 'number' ? Number(v) || 0 : v.toLowerCase();
  }

  function setupTable(section) {
    var name = section.getAttribute('data-table');
    var table = section.querySelector('table');
    var tbody = table && table.tBodies[0];
    if (!tbody) return;
    var rows = Array.prototype.slice.call(tbody.rows);
    rows.forEach(function (r, i) { r.setAttribute('data-i', String(i)); });
    var saved = state.tables[name] || {};
    state.tables[name] = saved;
    var filters = Array.prototype.slice.call(section.querySelectorAll('[data-filter]'));
    var count = section.querySelector('[data-count]');
    var empty = section.querySelector('[data-empty]');
    var noun = name === 'identities' ? ['credential', 'credentials'] : ['finding', 'findings'];

    if (saved.filters) {
      filters.forEach(function (f) {
        var v = saved.filters[f.getAttribute('data-filter')];
        if (typeof v === 'string') f.value = v;
      });
    }

    function apply() {
      var values = {};
      filters.forEach(function (f) { values[f.getAttribute('data-filter')] = f.value; });
      saved.filters = values;
      var text = (values.text || '').trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (r) {
        var ok = true;
        Object.keys(values).forEach(function (k) {
          if (!ok || k === 'text' || !values[k]) return;
          var attr = k === 'rule' ? r.cells[3] && r.cells[3].getAttribute('data-v') : r.getAttribute('data-' + k);
          // A finding maps to one or more OWASP NHI risks: the filter keeps it when one is the chosen one.
          if (k === 'nhi') ok = (' ' + (attr || '') + ' ').indexOf(' ' + values[k] + ' ') !== -1;
          else if (attr !== values[k]) ok = false;
        });
        if (ok && text) ok = r.textContent.toLowerCase().indexOf(text) !== -1;
        r.hidden = !ok;
        if (ok) shown++;
      });
      if (count) {
        count.textContent = shown === rows.length
          ? rows.length + ' ' + noun[rows.length === 1 ? 0 : 1]
          : 'Showing ' + shown + ' of ' + rows.length + ' ' + noun[1];
      }
      if (empty) empty.hidden = shown !== 0;
      save();
    }

    function sort(key, type, dir) {
      var idx = Number(key);
      var factor = dir === 'ascending' ? 1 : -1;
      rows.sort(function (a, b) {
        var x = cellValue(a, idx, type);
        var y = cellValue(b, idx, type);
        var c = x < y ? -1 : x > y ? 1 : 0;
        return c * factor || Number(a.getAttribute('data-i')) - Number(b.getAttribute('data-i'));
      });
      rows.forEach(function (r) { tbody.appendChild(r); });
      Array.prototype.forEach.call(table.querySelectorAll('thead th'), function (th) {
        var btn = th.querySelector('button.sort');
        if (btn) th.setAttribute('aria-sort', btn.getAttribute('data-key') === key ? dir : 'none');
      });
      saved.sort = { key: key, dir: dir };
      save();
    }

    Array.prototype.forEach.call(table.querySelectorAll('button.sort'), function (btn) {
      btn.addEventListener('click', function () {
        var key = btn.getAttribute('data-key');
        var type = btn.getAttribute('data-type');
        var th = btn.parentElement;
        var current = th.getAttribute('aria-sort');
        var dir = current === 'ascending' ? 'descending' : current === 'descending' ? 'ascending' : type === 'number' ? 'descending' : 'ascending';
        sort(key, type, dir);
      });
    });
    filters.forEach(function (f) {
      f.addEventListener(f.tagName === 'INPUT' ? 'input' : 'change', apply);
    });
    if (saved.sort) {
      var b = table.querySelector('button.sort[data-key="' + saved.sort.key + '"]');
      if (b) sort(saved.sort.key, b.getAttribute('data-type'), saved.sort.dir);
    }
    apply();
  }

  Array.prototype.forEach.call(document.querySelectorAll('[data-table]'), setupTable);
})();
