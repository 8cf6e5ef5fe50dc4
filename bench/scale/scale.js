// The engine at scale, in the browser: loads ?file= with the engine compiled to WebAssembly
// (bench/engine), then times re-evaluation after one answer, the next-question choice, and
// json-logic-js on the same rules and answers. Writes its figures to window.benchResult.
import init, { Bench, Fast, parse_typed, parse_value } from './pkg/prescreen_bench_engine.js';

const params = new URLSearchParams(location.search);
const file = params.get('file');
const runs = Number(params.get('runs') || 200);
const budgetMs = Number(params.get('budget_ms') || 20000); // per measurement, to stay bounded
const steps = Number(params.get('steps') || 20);
const loadOnly = params.has('load_only');
const engine = params.get('engine') || 'engine'; // or 'variant' (bench/engine/src/variant.rs)

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const stats = (xs) => ({ runs: xs.length, median: quantile(xs, 0.5), p95: quantile(xs, 0.95), min: Math.min(...xs), max: Math.max(...xs) });

/** Times `f` up to `runs` times after a few untimed warm-up runs, calling `before(i)` untimed
 *  before each; stops early once past `budgetMs` with at least 10 runs (slow cases). */
function time(f, before) {
  let i = 0;
  const warmStart = performance.now();
  for (; i < 5 && performance.now() - warmStart < 1000; i++) { before(i); f(); }
  const out = [];
  const start = performance.now();
  for (let k = 0; k < runs; k++, i++) {
    before(i);
    const t = performance.now();
    f();
    out.push(performance.now() - t);
    if (performance.now() - start > budgetMs && out.length >= 10) break;
  }
  return stats(out);
}

async function main() {
  const result = { file, crossOriginIsolated: self.crossOriginIsolated };
  const [text, complete] = await Promise.all([
    fetch(file).then((r) => r.text()),
    fetch('answers.json').then((r) => r.json()),
  ]);
  result.bytes = new TextEncoder().encode(text).length;
  const wasm = await init({ module_or_path: './pkg/prescreen_bench_engine_bg.wasm' });
  result.memoryBeforeLoad = wasm.memory.buffer.byteLength;

  // Load and check, as the app does with the fetched text (the text crosses into WebAssembly too).
  let t = performance.now();
  const bench = (engine === 'variant' ? Fast : Bench).load(text);
  result.loadMs = performance.now() - t;
  result.memoryAfterLoad = wasm.memory.buffer.byteLength;
  result.trials = bench.trials();
  if (loadOnly) return result;
  result.criteria = bench.criteria();

  // Mid-journey: the answers a patient has after `steps` questions, asked in the app's order.
  const asked = bench.journey(JSON.stringify(complete), steps).split(',').filter(Boolean);
  result.asked = asked;
  // The answer that changes: the last one given, flipped between two values.
  const changed = asked[asked.length - 1];
  const given = JSON.stringify(complete[changed] ?? 'unknown');
  const values = [given, bench.alternative(changed, given)];
  result.changed = { fact: changed, values };
  const flip = (i) => bench.set_answer(changed, values[i % 2]);
  let sink = 0;
  let flips = 0;
  result.evaluate = time(() => { sink += bench.evaluate(); }, flip);
  result.nextQuestions = time(() => { sink += bench.next_question().length; }, flip);
  result.nextStep = time(() => { sink += bench.next_step().length; }, flip);
  flip(0);
  result.firstNext = bench.next_question();

  // Two-valued comparison: every answer given, so json-logic-js and the engine see the same facts.
  bench.set_answers(JSON.stringify(complete));
  const rules = JSON.parse(bench.jsonlogic_rules());
  const data = JSON.parse(bench.jsonlogic_data());
  const cmpFact = 'sledai';
  const cmpValues = [JSON.stringify(complete[cmpFact]), JSON.stringify({ value: 3, unit: 'points' })];
  const cmpLogic = cmpValues.map((v) => JSON.parse(bench.jsonlogic_value(cmpFact, v)));
  let agree = 0; let total = 0;
  for (let k = 0; k < 2; k++) {
    bench.set_answer(cmpFact, cmpValues[k]);
    data[cmpFact] = cmpLogic[k];
    const ours = bench.verdicts();
    rules.forEach((r, i) => {
      const through = jsonLogic.apply(r, data) === true;
      total++;
      if (through === (ours[i] !== 'x')) agree++;
    });
  }
  result.agreement = { agree, total };
  result.evaluateComplete = time(() => { sink += bench.evaluate(); }, (i) => bench.set_answer(cmpFact, cmpValues[i % 2]));
  result.jsonLogic = time(() => {
    for (let i = 0; i < rules.length; i++) if (jsonLogic.apply(rules[i], data) === true) sink++;
  }, (i) => { data[cmpFact] = cmpLogic[i % 2]; });
  result.jsonLogicRulesBytes = JSON.stringify(rules).length;
  const completeVerdicts = [0, 1].map((k) => { bench.set_answer(cmpFact, cmpValues[k]); return bench.verdicts(); });

  // The variant (incremental, verdict-only), on the same answers; the engine is freed first.
  bench.set_answers(JSON.stringify(complete));
  const journeyAnswers = (() => { bench.journey(JSON.stringify(complete), steps); return bench.answers(); })();
  flip(0);
  const journeyVerdicts = [0, 1].map((k) => { flip(k); return [bench.verdicts(), bench.next_question()]; });
  bench.free();
  t = performance.now();
  const fast = Fast.load(text);
  result.variantLoadMs = performance.now() - t;
  fast.set_answers(journeyAnswers);
  const fastFlip = (i) => fast.set_answer(changed, values[i % 2]);
  let same = 0;
  for (let k = 0; k < 2; k++) {
    fastFlip(k);
    if (fast.verdicts() === journeyVerdicts[k][0] && fast.next_question() === journeyVerdicts[k][1]) same++;
  }
  // The change itself is the work here: only the criteria reading the fact are evaluated again.
  result.variantUpdate = time(() => fastFlip(++flips), () => {});
  result.variantNext = time(() => { sink += fast.next_question().length; }, fastFlip);
  result.variantUpdateAndNext = time(() => { fastFlip(++flips); sink += fast.next_question().length; }, () => {});
  fast.set_answers(JSON.stringify(complete));
  for (let k = 0; k < 2; k++) {
    fast.set_answer(cmpFact, cmpValues[k]);
    if (fast.verdicts() === completeVerdicts[k]) same++;
  }
  result.variantAgrees = `${same}/4`;
  result.variantFull = time(() => { sink += fast.evaluate_all(); }, (i) => fast.set_answer(cmpFact, cmpValues[i % 2]));
  result.variantIncremental = time(() => fast.set_answer(cmpFact, cmpValues[++flips % 2]), () => {});
  fast.free();

  // The parts of loading, timed apart.
  t = performance.now(); parse_value(text); result.parseValueMs = performance.now() - t;
  t = performance.now(); parse_typed(text); result.parseTypedMs = performance.now() - t;
  result.sink = sink;
  return result;
}

main().then(
  (r) => { window.benchResult = r; document.getElementById('out').textContent = JSON.stringify(r, null, 2); },
  (e) => { window.benchResult = { error: String(e && e.stack || e) }; document.getElementById('out').textContent = String(e); },
);
