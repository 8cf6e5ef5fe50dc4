// The engine at scale, in the browser: loads ?pack= (a trials.pack, `Screener::load_pack`) or
// else ?file= (a trials.json, `Screener::load`) with the engine compiled to WebAssembly
// (bench/engine), then times re-evaluation after one answer, the next-question choice, and
// json-logic-js on the same rules (written from ?file=) and answers. With load_only it stops
// after the load and the start of screening, so that each load is timed and its memory taken in
// a fresh page. Writes its figures to window.benchResult.
import init, { Bench, LoadedTrials, parse_typed, parse_value } from './pkg/prescreen_bench_engine.js';

const params = new URLSearchParams(location.search);
const file = params.get('file');
const pack = params.get('pack');
const runs = Number(params.get('runs') || 200);
const budgetMs = Number(params.get('budget_ms') || 20000); // per measurement, to stay bounded
const steps = Number(params.get('steps') || 20);
const loadOnly = params.has('load_only');

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const stats = (xs) => ({ runs: xs.length, median: quantile(xs, 0.5), p95: quantile(xs, 0.95), min: Math.min(...xs), max: Math.max(...xs) });

/** Times `f` up to `runs` times after a few untimed warm-up runs, calling `before(i)` untimed
 *  before each; stops early once past `budgetMs` with at least 10 runs (slow cases). With
 *  `batch` > 1, each run times `f` that many times in a row and records the mean (work shorter
 *  than the browser's 5 µs timer). */
function time(f, before, batch = 1) {
  let i = 0;
  const warmStart = performance.now();
  for (; i < 5 && performance.now() - warmStart < 1000; i++) { before(i); f(i); }
  const out = [];
  const start = performance.now();
  for (let k = 0; k < runs; k++, i++) {
    before(i);
    const t = performance.now();
    for (let b = 0; b < batch; b++) f(i * batch + b);
    out.push((performance.now() - t) / batch);
    if (performance.now() - start > budgetMs && out.length >= 10) break;
  }
  return stats(out);
}

const fetched = async (url, as) => {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: ${r.status}`);
  return as === 'bytes' ? new Uint8Array(await r.arrayBuffer()) : r.text();
};

async function main() {
  const result = { file, pack, loadedFrom: pack ? 'pack' : 'json', crossOriginIsolated: self.crossOriginIsolated };
  // Fetched before the load is timed, as the app fetches the trials, then loads them.
  const [loaded, complete] = await Promise.all([
    fetched(pack || file, pack ? 'bytes' : 'text'),
    fetch('answers.json').then((r) => r.json()),
  ]);
  const wasm = await init({ module_or_path: './pkg/prescreen_bench_engine_bg.wasm' });
  result.memoryBeforeLoad = wasm.memory.buffer.byteLength;

  // The load, timed from what was fetched: the pack's bytes (copied into WebAssembly memory
  // once, and kept there) or the file's text cross into WebAssembly, then `Screener::load_pack`
  // reads the pack, or `Screener::load` parses and checks the file.
  let t = performance.now();
  const trials = pack ? LoadedTrials.load_pack(loaded) : LoadedTrials.load(loaded);
  result.loadMs = performance.now() - t;
  result.memoryAfterLoad = wasm.memory.buffer.byteLength;
  result.trials = trials.trials();
  // Then screening starts: every trial evaluated with no answers yet, and a patient's session
  // begun (`Session::new`, which the app does when a page first needs it). Timed apart, as it
  // is not loading.
  t = performance.now();
  const bench = Bench.start(trials);
  result.startMs = performance.now() - t;
  result.memoryAfterStart = wasm.memory.buffer.byteLength;
  if (pack) result.packBytes = loaded.length;
  else result.bytes = new TextEncoder().encode(loaded).length;
  if (loadOnly) return result;
  // The rules as written are in the file, not the pack. The file is fetched only now, after
  // the load's figures, so nothing of it was in the page while the load was measured.
  const text = pack ? await fetched(file, 'text') : loaded;
  result.bytes = new TextEncoder().encode(text).length;
  // Counting the criteria reads every trial's description from the pack: timed, since a pack
  // defers that work to when trials are shown rather than doing away with it.
  t = performance.now();
  result.criteria = bench.criteria();
  result.criteriaMs = performance.now() - t;
  // Small files take microseconds: batch them under the timer.
  const batch = result.trials <= 5 ? 200 : result.trials <= 1000 ? 10 : 1;
  result.batch = batch;

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
  // The answer changes and every trial's verdict is brought up to date (Evaluation::set).
  result.update = time((i) => { flip(i); sink += bench.verdicts().length; }, () => {}, batch);
  // The next question from the evaluation as it stands.
  result.nextQuestions = time(() => { sink += bench.next_question().length; }, flip, batch);
  // As the app after Continue: the session follows the changed answer along the path, then
  // gives its next question.
  result.nextStep = time(() => { sink += bench.next_step().length; }, flip, batch);
  // Everything afresh, with every explanation (Screener::evaluate), for comparison.
  result.evaluate = time(() => { sink += bench.evaluate(); }, flip);
  // The kept figures must equal those computed afresh, for both values of the changed answer.
  let same = 0;
  for (let k = 0; k < 2; k++) {
    flip(k);
    if (bench.verdicts() === bench.verdicts_afresh()) same++;
    if (bench.next_question() === bench.next_question_afresh()) same++;
    if (bench.next_step() === bench.next_step_afresh()) same++;
  }
  result.keptAgrees = `${same}/6`;
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
  // The same change for both: one answer, then every trial's verdict.
  result.updateComplete = time((i) => { bench.set_answer(cmpFact, cmpValues[i % 2]); sink += bench.verdicts().length; }, () => {}, batch);
  result.evaluateComplete = time(() => { sink += bench.evaluate(); }, (i) => bench.set_answer(cmpFact, cmpValues[i % 2]));
  result.jsonLogic = time((i) => {
    data[cmpFact] = cmpLogic[i % 2];
    for (let r = 0; r < rules.length; r++) if (jsonLogic.apply(rules[r], data) === true) sink++;
  }, () => {}, batch);
  result.jsonLogicRulesBytes = JSON.stringify(rules).length;
  bench.free();

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
