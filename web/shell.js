// Runs beside the app. When embedded by embed.js, tells the host page how tall the screener is
// (the height only: never an answer), and keeps the screener working offline after a first visit.
(function () {
  'use strict';
  var params = new URLSearchParams(location.search);
  var host = params.get('host');
  if (host && window.parent !== window) {
    document.documentElement.classList.add('embedded');
    var last = 0;
    var send = function () {
      var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (height !== last) {
        last = height;
        // Delivered only if the parent really is at `host`.
        window.parent.postMessage({ type: 'prescreen:height', height: height }, host);
      }
    };
    if ('ResizeObserver' in window) new ResizeObserver(send).observe(document.documentElement);
    window.addEventListener('load', send);
    window.addEventListener('hashchange', send);
  }
  if ('serviceWorker' in navigator && location.protocol !== 'file:') {
    navigator.serviceWorker.register('./sw.js').catch(function () { /* offline use is a bonus */ });
  }
})();
