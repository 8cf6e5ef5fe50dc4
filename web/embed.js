/* Lupus stem-cell study check: embed script. No dependencies.
 * Put an element with data-prescreen where the screener should appear, then this script:
 *   <div data-prescreen data-lang="fr" data-trials="NCT03562065" data-accent="#005ea5" data-location="no"></div>
 *   <script src="https://screener.example.org/embed.js" async></script>
 * The screener runs in a sandboxed iframe. Host it on its own origin (a subdomain is enough):
 * the browser then keeps this page's scripts and cookies away from it, and its answers away
 * from this page. The iframe's height follows its content; messages are checked for origin. */
(function () {
  'use strict';
  var script = document.currentScript;
  var base = new URL('./', script ? script.src : location.href);
  // Its own attributes; every other data-* attribute is an option the screener reads.
  var own = ['prescreen', 'title'];

  function mount(el) {
    if (el.prescreenFrame) return el.prescreenFrame;
    var url = new URL('index.html', base);
    Object.keys(el.dataset).forEach(function (k) {
      if (own.indexOf(k) < 0 && el.dataset[k]) url.searchParams.set(k, el.dataset[k]);
    });
    url.searchParams.set('host', location.origin);
    var frame = document.createElement('iframe');
    frame.src = url.href;
    frame.title = el.dataset.title || 'Lupus stem-cell study check';
    frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-forms allow-downloads allow-modals allow-popups');
    frame.setAttribute('allow', 'geolocation; clipboard-write');
    frame.setAttribute('referrerpolicy', 'no-referrer');
    frame.style.width = '100%';
    frame.style.height = '700px';
    frame.style.border = '0';
    frame.style.display = 'block';
    if (url.origin === location.origin && window.console) {
      console.warn('prescreen: the screener shares this page\'s origin, so this page\'s scripts could read it. Host it on its own origin.');
    }
    window.addEventListener('message', function (event) {
      if (event.origin !== url.origin || event.source !== frame.contentWindow) return;
      var data = event.data;
      if (data && data.type === 'prescreen:height' && typeof data.height === 'number' && data.height > 0 && data.height < 1e6) {
        frame.style.height = Math.ceil(data.height) + 'px';
        // The screener's own title, in its language, unless the host page gave one.
        if (!el.dataset.title && typeof data.title === 'string' && data.title.trim()) {
          frame.title = data.title.trim().slice(0, 300);
        }
      }
    });
    el.appendChild(frame);
    el.prescreenFrame = frame;
    return frame;
  }

  function mountAll() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-prescreen]'), mount);
  }
  window.prescreenEmbed = { mount: mount };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mountAll);
  else mountAll();
})();
