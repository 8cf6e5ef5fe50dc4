// The journey benchmark: walks the app's pages (`prescreen journey`) for every sample patient
// who says where they live, at reach "country" and "anywhere", and reports pages and facts
// asked against the figures from before pages, follow-ups and reach (bench/journey-before.json).
// Writes its section of bench/RESULTS.md (between the journey markers) and prints it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'target', 'release', 'prescreen');
execFileSync('cargo', ['build', '--quiet', '--release', '--bin', 'prescreen'], { cwd: root, stdio: 'inherit' });
const before = JSON.parse(fs.readFileSync(path.join(root, 'bench', 'journey-before.json'), 'utf8'));
const dir = path.join(root, 'tests', 'patients');

const rows = [];
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const answers = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  const city = answers.$location?.label;
  if (!city) continue;
  const name = file.replace(/\.json$/, '');
  const walk = (reach) => JSON.parse(execFileSync(bin, ['journey', '--answers', path.join(dir, file), '--near', city, '--reach', reach], { cwd: root }).toString());
  const near = walk('country');
  const all = walk('anywhere');
  const facts = (j) => j.pages.reduce((n, p) => n + p.length, 0);
  rows.push({ name, city, before: before.pages[name], near: near.pages.length, nearFacts: facts(near), all: all.pages.length, allFacts: facts(all) });
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const col = (k) => rows.map((r) => r[k]).filter((x) => x !== undefined);
const lines = [
  '<!-- journey -->',
  '## Journey: pages asked per sample patient',
  '',
  `Written by \`node bench/journey.mjs\` on ${new Date().toISOString().slice(0, 10)}: \`prescreen journey\` walks the app's pages with each sample patient in \`tests/patients/\` that names a city, near that city, at reach "country" (the studies with a site in the patient's country) and "anywhere"; a fact the patient's file leaves out is answered "I don't know". "Before" is one fact per page with every study in reach, measured on ${before.measured_on} (${before.how}). The two pages before the questions, where the patient lives and how far they could travel, are not counted (before, where the patient lives was one page, at the end). The start page promises the two medians, "about ${median(col('near'))} short pages for the studies in their country, or ${median(col('all'))} for every study" (\`USUAL_PAGES_NEAR\` and \`USUAL_PAGES\` in \`screener/src/engine/journey.rs\`; \`tests/journey.rs\` fails if they differ from these medians).`,
  '',
  '| Patient | City | Pages before (= facts) | Pages, reach country | Facts, reach country | Pages, anywhere | Facts, anywhere |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.name} | ${r.city} | ${r.before ?? '—'} | ${r.near} | ${r.nearFacts} | ${r.all} | ${r.allFacts} |`),
  `| **median** | | ${median(col('before'))} | ${median(col('near'))} | ${median(col('nearFacts'))} | ${median(col('all'))} | ${median(col('allFacts'))} |`,
  `| **maximum** | | ${Math.max(...col('before'))} | ${Math.max(...col('near'))} | ${Math.max(...col('nearFacts'))} | ${Math.max(...col('all'))} | ${Math.max(...col('allFacts'))} |`,
  '<!-- /journey -->',
];
const section = lines.join('\n');
const results = path.join(root, 'bench', 'RESULTS.md');
const md = fs.existsSync(results) ? fs.readFileSync(results, 'utf8') : '# Benchmark results\n';
const kept = md.replace(/\n?<!-- journey -->[\s\S]*<!-- \/journey -->\n?/, '\n');
fs.writeFileSync(results, kept.trimEnd() + '\n\n' + section + '\n');
console.log(section);
