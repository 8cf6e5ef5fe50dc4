// The embed page: builds the snippet from the chosen options and shows a live preview. The
// build writes the option fields (src/embed.rs); each names the option it sets in data-option,
// so that this script names none.
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var scriptUrl = new URL('embed.js', location.href).href;

  // Everything written into the snippet is escaped: a clinic pastes it into its own page.
  function escapeAttr(v) {
    return String(v).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }

  // What a field sets its option to, '' for nothing: a list's ticked values joined as it says,
  // the value a checkbox carries for being ticked or not, or what was chosen or typed.
  function value(field) {
    if (field.tagName === 'FIELDSET') {
      return Array.prototype.map.call(field.querySelectorAll('input:checked'), function (i) { return i.value; }).join(field.dataset.join || ' ');
    }
    if (field.type === 'checkbox') return (field.checked ? field.dataset.ticked : field.dataset.unticked) || '';
    return field.value.trim();
  }

  function attrs() {
    var a = [];
    Array.prototype.forEach.call($('options').querySelectorAll('[data-option]'), function (field) {
      var v = value(field);
      // The screener decides whether it takes a value, and says so (below); nothing is checked here.
      if (v && refused.indexOf(field.dataset.option) < 0) a.push([field.dataset.option, v]);
    });
    return a;
  }

  // Options the screener in the preview refused, by name, as it reported them.
  var refused = [];

  function update(keepRefused) {
    if (keepRefused !== true) {
      refused = [];
      Array.prototype.forEach.call(document.querySelectorAll('[data-refused]'), function (p) { p.textContent = ''; });
    }
    var a = attrs();
    var div = '<div data-prescreen' + a.map(function (p) { return ' data-' + p[0] + '="' + escapeAttr(p[1]) + '"'; }).join('') + '></div>';
    $('snippet').value = div + '\n<script src="' + escapeAttr(scriptUrl) + '" async></' + 'script>';
    var holder = document.createElement('div');
    a.forEach(function (p) { holder.setAttribute('data-' + p[0], p[1]); });
    // In the preview only, a list still without boxes asks the screener for its choices.
    Array.prototype.forEach.call($('options').querySelectorAll('[data-ask]'), function (field) {
      if (!field.querySelector('input')) holder.setAttribute('data-' + field.dataset.ask, field.dataset.option);
    });
    $('preview').replaceChildren(holder);
    window.prescreenEmbed.mount(holder);
  }

  // The boxes of a list, from the choices the preview's screener offers (the published trials),
  // once: later previews show only what is ticked.
  function offer(field, choices) {
    if (field.tagName !== 'FIELDSET' || field.querySelector('input') || !Array.isArray(choices)) return;
    choices.forEach(function (c) {
      var row = document.createElement('div');
      row.className = 'check';
      var input = document.createElement('input');
      input.type = 'checkbox';
      input.id = field.id + '-' + String(c.value);
      input.value = String(c.value);
      var label = document.createElement('label');
      label.htmlFor = input.id;
      label.textContent = String(c.label);
      row.append(input, label);
      field.append(row);
    });
  }

  update();

  // The preview's screener offers the choices of a list, or names an option it did not take
  // and why: the snippet leaves that out.
  window.addEventListener('message', function (e) {
    var frame = $('preview').querySelector('iframe');
    var d = e.data;
    if (!frame || e.source !== frame.contentWindow || !d) return;
    if (d.type === 'prescreen:choices') {
      var list = $('options').querySelector('[data-option="' + String(d.option).replace(/[^a-z]/g, '') + '"]');
      if (list) offer(list, d.choices);
      return;
    }
    if (d.type !== 'prescreen:refused') return;
    var why = document.querySelector('[data-refused="' + String(d.option).replace(/[^a-z]/g, '') + '"]');
    if (!why || refused.indexOf(d.option) >= 0) return;
    refused.push(String(d.option));
    why.textContent = String(d.text).slice(0, 300);
    update(true);
  });
  $('options').addEventListener('change', update);
  $('options').addEventListener('input', function (e) { if (e.target.type === 'text') update(); });
  $('copy').addEventListener('click', function () {
    $('snippet').select();
    (navigator.clipboard ? navigator.clipboard.writeText($('snippet').value) : Promise.reject()).then(
      function () { $('copied').textContent = 'Copied'; },
      function () { $('copied').textContent = 'Select the text and copy it'; });
  });
})();
