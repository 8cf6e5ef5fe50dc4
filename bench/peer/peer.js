// The SurveyJS peer of the screener: reads the same trials.json, asks the screener's first
// questions one per page with the same answer types (a number with its unit, one choice, yes/no,
// and "I don't know" wherever the fact allows it), and after every page evaluates each trial's
// rules with json-logic-js (rules.json: the same rules as JsonLogic, written by the bench crate).
(async function () {
  'use strict';
  // The first questions the screener asks (bench/bench.mjs writes in the app's current order).
  var FIRST = ['age', 'sex', 'sle_diagnosis', 'pregnant', 'breastfeeding'];
  // Units of the quantities these questions use (as screener/src/units.rs): id, label, factor to base.
  var UNITS = {
    age: [['years', 'years', 1]],
    weight: [['kg', 'kg', 1], ['lb', 'lb', 0.45359237]],
    score: [['points', 'points', 1]],
  };
  var DONT_KNOW = "I don't know";
  var loaded = await Promise.all([
    fetch('trials.json').then(function (r) { return r.json(); }),
    fetch('rules.json').then(function (r) { return r.json(); }),
  ]);
  var trials = loaded[0];
  var rules = loaded[1];
  var en = function (t) { return t ? t.en : undefined; };
  var facts = {};
  trials.facts.forEach(function (f) { facts[f.id] = f; });

  function page(f) {
    var a = f.answer;
    var base = { name: f.id, title: en(f.question), description: en(f.help) };
    var unknown = {
      type: 'checkbox', name: f.id + '_unknown', titleLocation: 'hidden',
      choices: [{ value: 'unknown', text: DONT_KNOW }],
    };
    if (a.type === 'number') {
      var units = UNITS[a.quantity] || [['base', '', 1]];
      var elements = [Object.assign(base, {
        type: 'text', inputType: 'number', min: a.min, max: a.max, step: a.whole ? 1 : 'any',
        isRequired: !f.unknown_allowed, requiredIf: f.unknown_allowed !== false ? '{' + f.id + '_unknown} empty' : undefined,
        enableIf: f.unknown_allowed !== false ? '{' + f.id + '_unknown} empty' : undefined,
        inputSize: 8, description: en(f.help) || (units.length === 1 ? units[0][1] : undefined),
      })];
      if (units.length > 1) {
        elements.push({ type: 'dropdown', name: f.id + '_unit', title: 'Unit', defaultValue: units[0][0],
          choices: units.map(function (u) { return { value: u[0], text: u[1] }; }) });
      }
      if (f.unknown_allowed !== false) elements.push(unknown);
      return { name: f.id, elements: elements };
    }
    var options = a.type === 'yes_no'
      ? [{ value: 'yes', text: 'Yes' }, { value: 'no', text: 'No' }]
      : a.options.map(function (o) { return { value: o.id, text: en(o.label) }; });
    if (f.unknown_allowed !== false) options.push({ value: 'unknown', text: DONT_KNOW });
    return { name: f.id, elements: [Object.assign(base, {
      type: a.type === 'multi' ? 'checkbox' : 'radiogroup', isRequired: true, choices: options,
    })] };
  }

  // The answers as JsonLogic data, numbers in base units; "I don't know" leaves the fact out.
  function data(values) {
    var out = {};
    FIRST.forEach(function (id) {
      var f = facts[id];
      var v = values[id];
      if (v === undefined || v === 'unknown' || (values[id + '_unknown'] || []).length) return;
      if (f.answer.type === 'yes_no') out[id] = v === 'yes';
      else if (f.answer.type === 'number') {
        var units = UNITS[f.answer.quantity] || [['base', '', 1]];
        var unit = values[id + '_unit'] || units[0][0];
        var u = units.filter(function (x) { return x[0] === unit; })[0] || units[0];
        out[id] = Number(v) * u[2];
      } else out[id] = v;
    });
    return out;
  }

  var survey = new Survey.Model({
    title: 'Lupus stem-cell trial check',
    pages: FIRST.map(function (id) { return page(facts[id]); }),
    showQuestionNumbers: 'off',
    pageNextText: 'Continue',
    pagePrevText: 'Back',
    completeText: 'See results',
    checkErrorsMode: 'onNextPage',
  });
  window.peerResults = [];
  survey.onCurrentPageChanged.add(function (s) {
    var d = data(s.data);
    window.peerResults = rules.map(function (r) { return jsonLogic.apply(r, d); });
  });
  survey.render(document.getElementById('survey'));
})();
