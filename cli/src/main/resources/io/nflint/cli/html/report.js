// nflint report: selection draws a packet's path on the diagram; filters hide findings. Runs from
// file:// with nothing to fetch; every text it shows is already in the page.
(function () {
  'use strict';
  function all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }

  function mark(svg, attr, value, cls) {
    if (!value) { return; }
    all('[' + attr + ']', svg).forEach(function (e) {
      if (e.getAttribute(attr) === value) { e.classList.add(cls); }
    });
  }

  function showPath(id) {
    var info = document.getElementById('path-' + id);
    if (!info) { return; }
    var slot = info.getAttribute('data-slot');
    var section = document.getElementById('slot-' + slot);
    var svg = document.getElementById('diagram-' + slot);
    all('.on, .decided', svg).forEach(function (e) { e.classList.remove('on', 'decided'); });
    all('.route', svg).forEach(function (r) { r.classList.toggle('shown', r.getAttribute('data-path') === id); });
    all('.pathinfo', section).forEach(function (p) { p.hidden = p !== info; });
    section.querySelector('.nopath').hidden = true;
    info.getAttribute('data-nodes').split(' ').forEach(function (n) { mark(svg, 'data-g', n, 'on'); });
    info.getAttribute('data-rows').split(' ').forEach(function (r) { mark(svg, 'data-s', r, 'on'); });
    mark(svg, 'data-s', info.getAttribute('data-decided'), 'decided');
  }

  function select(el) {
    all('.selected').forEach(function (e) { e.classList.remove('selected'); });
    el.classList.add('selected');
    (el.getAttribute('data-paths') || '').split(' ').forEach(function (id) { if (id) { showPath(id); } });
  }

  document.addEventListener('click', function (ev) {
    var t = ev.target;
    while (t && t !== document && !(t.hasAttribute && t.hasAttribute('data-paths'))) { t = t.parentNode; }
    if (t && t !== document && t.getAttribute('data-paths')) {
      if (ev.target.closest && ev.target.closest('details, a')) { return; }
      select(t);
    }
  });
  document.addEventListener('keydown', function (ev) {
    var t = ev.target;
    if ((ev.key === 'Enter' || ev.key === ' ') && t.hasAttribute && t.getAttribute('data-paths')) {
      ev.preventDefault();
      select(t);
    }
  });

  // findings: severity boxes, check menu and free text, all applied together
  var search = document.getElementById('search');
  var check = document.getElementById('check-filter');
  var sevs = all('input.sev-filter');
  function filter() {
    var q = search ? search.value.trim().toLowerCase() : '';
    var id = check ? check.value : '';
    var on = {};
    sevs.forEach(function (b) { on[b.value] = b.checked; });
    var shown = 0;
    all('.finding').forEach(function (f) {
      var ok = on[f.getAttribute('data-severity')] !== false
        && (!id || f.getAttribute('data-check') === id)
        && (!q || f.textContent.toLowerCase().indexOf(q) >= 0);
      f.hidden = !ok;
      if (ok) { shown++; }
    });
    all('.check, .group').forEach(function (g) { g.hidden = !g.querySelector('.finding:not([hidden])'); });
    var count = document.getElementById('shown-count');
    if (count) { count.textContent = String(shown); }
  }
  if (search) { search.addEventListener('input', filter); }
  if (check) { check.addEventListener('change', filter); }
  sevs.forEach(function (b) { b.addEventListener('change', filter); });

  // the first packet (or pair) is drawn when the page opens
  var first = document.querySelector('[data-paths]:not([data-paths=""])');
  if (first) { select(first); }
})();
