// A small static server for the benchmark, on loopback: several folders under URL prefixes,
// each response compressed as a static host would (brotli at its highest level when the browser
// accepts it, else gzip), and every response's compressed size recorded.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json',
  '.png': 'image/png', '.svg': 'image/svg+xml',
};
const incompressible = new Set(['.png', '.jpg', '.woff2']);

const cache = new Map();

/** The file's bytes in `encoding` ('br', 'gzip' or 'identity'), compressed once per change. */
export function encoded(file, encoding) {
  const stat = fs.statSync(file);
  const key = `${file}\0${encoding}\0${stat.mtimeMs}\0${stat.size}`;
  let body = cache.get(key);
  if (!body) {
    const raw = fs.readFileSync(file);
    body = encoding === 'br'
      ? zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } })
      : encoding === 'gzip' ? zlib.gzipSync(raw, { level: 9 }) : raw;
    cache.set(key, body);
  }
  return body;
}

/**
 * Serves `mounts` ({ '/app/': dir, … }) on 127.0.0.1. `isolated` lists prefixes whose pages get
 * cross-origin isolation headers (finer timers for the engine benchmark); `plain` lists prefixes
 * served uncompressed (the engine benchmark's large generated files).
 */
export async function serve(mounts, { isolated = [], plain = [] } = {}) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const p = decodeURIComponent(url.pathname);
    const prefix = Object.keys(mounts).find((m) => p.startsWith(m));
    if (!prefix) { res.writeHead(404); return res.end(); }
    const dir = path.resolve(mounts[prefix]);
    const rel = p.slice(prefix.length) || 'index.html';
    const file = path.resolve(dir, rel);
    if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404); return res.end();
    }
    const ext = path.extname(file);
    const accept = String(req.headers['accept-encoding'] || '');
    const encoding = incompressible.has(ext) || plain.includes(prefix) ? 'identity'
      : /\bbr\b/.test(accept) ? 'br' : /\bgzip\b/.test(accept) ? 'gzip' : 'identity';
    const body = encoded(file, encoding);
    const headers = {
      'content-type': types[ext] || 'application/octet-stream',
      'content-length': body.length,
      'cache-control': 'no-cache',
      vary: 'accept-encoding',
    };
    if (encoding !== 'identity') headers['content-encoding'] = encoding;
    if (isolated.includes(prefix)) {
      headers['cross-origin-opener-policy'] = 'same-origin';
      headers['cross-origin-embedder-policy'] = 'require-corp';
    }
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }) };
}
