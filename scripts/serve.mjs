#!/usr/bin/env node
// Serves the built site (dist/) under its base path, the way GitHub Pages does: directories
// answer with their index.html, a directory URL without its slash is redirected, unknown paths get
// 404.html. Usage: node scripts/serve.mjs [--port N]   (BASE_PATH, PORT may also be set)
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

// DIST_DIR: another build folder than dist/ (the benchmark builds into its own).
const root = fileURLToPath(new URL(`../${(process.env.DIST_DIR ?? 'dist').replace(/\/?$/, '/')}`, import.meta.url));
const base = (process.env.BASE_PATH ?? '/folded-paper/').replace(/\/?$/, '/');
const portArg = process.argv.indexOf('--port');
const port = Number(portArg > 0 ? process.argv[portArg + 1] : (process.env.PORT ?? 4327));
const host = process.env.HOST ?? '127.0.0.1';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

async function file(path) {
  try {
    const s = await stat(path);
    return s.isFile() ? path : s.isDirectory() ? 'dir' : null;
  } catch {
    return null;
  }
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const send = async (status, path) => {
    const body = await readFile(path);
    res.writeHead(status, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  const notFound = () => send(404, join(root, '404.html')).catch(() => { res.writeHead(404); res.end('Not found'); });
  if (url.pathname === '/' || url.pathname + '/' === base) {
    res.writeHead(302, { location: base });
    return res.end();
  }
  if (!url.pathname.startsWith(base)) return notFound();
  let rel;
  try {
    rel = decodeURIComponent(url.pathname.slice(base.length));
  } catch {
    return notFound(); // a malformed address
  }
  const path = normalize(join(root, rel));
  if (!path.startsWith(root)) return notFound();
  const found = await file(path);
  if (found === 'dir') {
    if (!url.pathname.endsWith('/')) {
      res.writeHead(301, { location: url.pathname + '/' + url.search });
      return res.end();
    }
    return (await file(join(path, 'index.html'))) ? send(200, join(path, 'index.html')) : notFound();
  }
  if (found) return send(200, path);
  return notFound();
});

server.listen(port, host, () => {
  console.log(`Folded Paper is being served at http://${host === '0.0.0.0' ? 'localhost' : host}:${port}${base}`);
});
