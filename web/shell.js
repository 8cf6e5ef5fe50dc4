// Runs beside the app. Shows the first screens prerendered into index.html while the app loads;
// when embedded by embed.js, tells the host page how tall the screener is (the height only:
// never an answer); and keeps the screener working offline after a first visit.
// It knows no route, option, storage key or answer by name: the names it needs are on <html>
// (data-shell-*, from src/shell.rs) and the controls it acts on carry data-shell.
(function () {
  'use strict';
  var names = document.documentElement.dataset;
  // The app needs the trials as soon as it runs, and the files the page shown reads: ask for
  // them now, as the app asks, beside the app's own download, and leave each request by file
  // name for the app to take over.
  var early = names.shellEarly && window.fetch ? (window[names.shellEarly] = {}) : null;
  function ask(file) {
    if (!early || !file || early[file]) return;
    early[file] = fetch(file, { cache: names.shellCache });
    // A failure (offline, or only another file published) is the app's to handle when it takes
    // the request over, not an error of the page.
    early[file].catch(function () {});
  }
  ask((names.shellTrials || '').split(' ')[0]);
  var params = new URLSearchParams(location.search);
  var host = names.shellHost && params.get(names.shellHost);
  if (host && window.parent !== window) {
    document.documentElement.classList.add('embedded');
    var last = 0;
    var lastTitle = '';
    // The height, and the page's title (in the page's language) for the frame's own title.
    var send = function () {
      var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      var title = document.title;
      if (height !== last || title !== lastTitle) {
        last = height;
        lastTitle = title;
        // Delivered only if the parent really is at `host`.
        window.parent.postMessage({ type: 'prescreen:height', height: height, title: title }, host);
      }
    };
    if ('ResizeObserver' in window) new ResizeObserver(send).observe(document.documentElement);
    if ('MutationObserver' in window) {
      new MutationObserver(send).observe(document.head, { childList: true, subtree: true, characterData: true });
    }
    window.addEventListener('load', send);
    window.addEventListener('hashchange', send);
  }
  if ('serviceWorker' in navigator && location.protocol !== 'file:') {
    navigator.serviceWorker.register('./sw.js').catch(function () { /* offline use is a bonus */ });
  }
  prerendered();

  // Shows the page the app would show first, from <template>s the app's own components render
  // at build time (`prescreen prerender`), only where it is the same page the app would show:
  // same page, same language, nothing for the app to restore. Start, Back, the language menu and the form's
  // menus work; Continue and other buttons wait for the app, which takes over what was done
  // (src/app/handoff.rs).
  function prerendered() {
    var templates = document.querySelectorAll('template[data-page]');
    var langs = {};
    Array.prototype.forEach.call(templates, function (t) { langs[t.dataset.lang] = true; });
    var locale = chosenLocale(), lang = base(locale || ''), picked = null;
    if (!templates.length || !locale || !langs[lang] || waiting()) return;
    var page = route(), nodes = [], main, status;
    if (!page || !find(page)) return;
    // Focus follows the patient's moves, not the first page, as in the app: embedded, the
    // screener must not pull focus out of the page around it while it loads.
    show(page);

    // The prerendered page written for the address's path (data-route, from Rust's routes).
    function route() {
      var h = location.hash.replace(/^#+/, '');
      if (h.indexOf('?') >= 0) return null;
      h = h.replace(/\/+$/, '');
      var found = null;
      Array.prototype.forEach.call(templates, function (t) {
        if (t.hasAttribute('data-route') && t.dataset.route === h) found = t.dataset.page;
      });
      return found;
    }
    function find(name) {
      var found = null;
      Array.prototype.forEach.call(templates, function (t) {
        var d = t.dataset;
        // A page that differs by region (a lab unit preselected) is only for its own locale.
        if (d.page === name && d.lang === lang && (!d.locale || d.locale === locale)) found = t;
      });
      return found;
    }
    function live() { return nodes.length && nodes[0].isConnected; }
    function show(name) {
      var t = find(name) || find('loading');
      (t.dataset.fetch || '').split(' ').forEach(ask);
      nodes.forEach(function (n) { n.remove(); });
      var copy = t.content.cloneNode(true);
      nodes = Array.prototype.slice.call(copy.children);
      nodes.forEach(function (n) { n.setAttribute('data-prerendered', ''); });
      main = copy.querySelector('main');
      if (picked) main.setAttribute('data-locale', picked);
      status = document.createElement('p');
      status.className = 'loading pending';
      status.setAttribute('role', 'status');
      main.appendChild(status);
      document.body.insertBefore(copy, templates[0]);
      document.documentElement.lang = t.dataset.lang;
      document.title = t.dataset.title;
      page = name;
    }
    function heading() {
      var h = main.querySelector('h1');
      if (h) h.focus();
    }
    // For the app to finish once it has loaded, in the page's language.
    function wait(what) {
      main.setAttribute('data-pending', what);
      status.textContent = find('loading').content.querySelector('.loading').textContent;
    }
    function moved() {
      if (!live()) return;
      var next = route() || 'loading';
      if (next !== page) { show(next); heading(); }
    }
    window.addEventListener('popstate', moved);
    window.addEventListener('hashchange', moved);

    document.addEventListener('click', function (e) {
      var el = live() && e.target.closest && e.target.closest('[data-prerendered] a, [data-prerendered] button');
      if (!el) return;
      var id = el.getAttribute('data-testid'), action = el.getAttribute('data-shell');
      if (action === 'start') {
        e.preventDefault();
        // A null state, unlike the app's "{}": the app reads a state as answers to restore.
        history.pushState(null, '', el.getAttribute('href'));
        moved();
      } else if (action === 'back') {
        e.preventDefault();
        history.back();
      } else if (action === 'skip') {
        e.preventDefault();
        main.focus();
      } else if (action === 'forget') {
        try { localStorage.removeItem(names.shellStorage); } catch (err) { /* nothing stored */ }
        history.pushState(null, '', el.getAttribute('data-shell-to'));
        show(route() || 'loading');
        var notice = find('forgotten');
        if (notice) main.insertBefore(notice.content.cloneNode(true), main.firstChild);
        heading();
      } else if (id && el.type !== 'submit') {
        // Any other button, pressed once the app has loaded.
        e.preventDefault();
        main.setAttribute('data-click', id);
        wait('click');
      }
    });
    document.addEventListener('submit', function (e) {
      if (!live() || !e.target.closest('[data-prerendered]')) return;
      e.preventDefault();
      wait('submit');
    });
    document.addEventListener('change', function (e) {
      var el = e.target;
      if (!live() || !el.closest('[data-prerendered]')) return;
      var action = el.getAttribute('data-shell');
      if (action === 'language') relabel(el.value);
      else if (action === 'file') wait('file');
    });

    // The same page in another language, keeping what was typed, as the app does.
    function relabel(value) {
      var kept = [], pending = main.getAttribute('data-pending');
      var form = main.querySelector('form');
      if (form) Array.prototype.forEach.call(form.elements, function (f) { if (f.id) kept.push([f.id, f.value, f.checked, f.disabled]); });
      picked = locale = value;
      lang = base(value);
      if (!find(page)) {
        main.setAttribute('data-locale', value);
        return wait('locale');
      }
      show(page);
      kept.forEach(function (k) {
        var f = document.getElementById(k[0]);
        if (!f || !main.contains(f)) return;
        if (f.type === 'checkbox' || f.type === 'radio') f.checked = k[2]; else f.value = k[1];
        f.disabled = k[3];
      });
      if (pending) wait(pending);
      document.querySelector('[data-prerendered] [data-shell=language]').focus();
    }
  }

  function base(locale) { return locale.split(/[-_]/)[0].toLowerCase(); }

  // The locale the app starts in (initial_locale in src/app/mod.rs), or null when the address
  // asks for something a prerendered page cannot show (chosen trials, an accent colour...).
  function chosenLocale() {
    if (!names.shellLang || !names.shellFallback) return null;
    var lang = null, other = false;
    location.search.replace(/^\?/, '').split('&').forEach(function (pair) {
      if (!pair) return;
      var i = pair.indexOf('='), k = i < 0 ? pair : pair.slice(0, i), v = i < 0 ? '' : pair.slice(i + 1);
      if (k === names.shellLang) {
        try { v = decodeURIComponent(v.replace(/\+/g, ' ')); } catch (e) { return; }
        if (/^[A-Za-z0-9-]{1,12}$/.test(v)) lang = v;
      } else if (k !== names.shellHost) {
        other = true;
      }
    });
    if (other) return null;
    if (lang) return lang;
    var prefs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ''];
    var have = {};
    Array.prototype.forEach.call(document.querySelectorAll('template[data-page]'), function (t) { have[t.dataset.lang] = true; });
    for (var i = 0; i < prefs.length; i++) if (have[base(prefs[i])]) return prefs[i];
    return names.shellFallback;
  }

  // Answers the app would restore on loading (src/app/mod.rs, waiting_answers): saved on the
  // device, or in this tab's history after a reload.
  function waiting() {
    if (!names.shellStorage) return true;
    try { if (localStorage.getItem(names.shellStorage) !== null) return true; } catch (e) { /* none */ }
    var s = history.state;
    if (typeof s !== 'string') return false;
    try { s = JSON.parse(s); } catch (e) { return true; }
    return !(s && typeof s === 'object' && !Array.isArray(s) && Object.keys(s).length === 0);
  }
})();
