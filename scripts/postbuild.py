"""Moves Trunk's inline loader into boot-<hash>.js so the page needs no inline script, then
writes the service worker with the build's files and a version that changes with any of them.

    python3 scripts/postbuild.py dist [loader] [sw]   (both by default)

scripts/build runs the two apart, so the service worker lists index.html as finally written."""
import hashlib
import json
import pathlib
import re
import sys

dist = pathlib.Path(sys.argv[1])
steps = sys.argv[2:] or ["loader", "sw"]


def loader():
    index = dist / "index.html"
    html = index.read_text(encoding="utf-8")
    pattern = re.compile(r'<script type="module">(.*?)</script>', re.S)
    found = pattern.search(html)
    if not found:
        sys.exit("postbuild: no inline loader script found in index.html")
    code = found.group(1).strip() + "\n"
    name = f"boot-{hashlib.sha256(code.encode()).hexdigest()[:16]}.js"
    for old in dist.glob("boot-*.js"):
        old.unlink()
    (dist / name).write_text(code, encoding="utf-8")
    html = pattern.sub(f'<script type="module" src="./{name}"></script>', html)
    if "<script>" in html or re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html):
        sys.exit("postbuild: an inline script is still in index.html")
    index.write_text(html, encoding="utf-8")
    print(f"postbuild: loader moved to {name}")


def service_worker():
    files = sorted(p.relative_to(dist).as_posix() for p in dist.rglob("*") if p.is_file() and p.name != "sw.js")
    digest = hashlib.sha256()
    for f in files:
        digest.update(f.encode())
        digest.update((dist / f).read_bytes())
    version = digest.hexdigest()[:16]
    template = (pathlib.Path(__file__).resolve().parent.parent / "web" / "sw.js").read_text(encoding="utf-8")
    # The trials files are the list Rust decides (src/shell.rs), as index.html carries it.
    found = re.search(r'<html[^>]*\sdata-shell-trials="([^"]+)"', (dist / "index.html").read_text(encoding="utf-8"))
    if not found:
        sys.exit("postbuild: index.html's <html> has no data-shell-trials")
    trials = found.group(1).split()
    sw = (template.replace("__VERSION__", version).replace("__FILES__", json.dumps(["./"] + files))
          .replace("__TRIALS__", json.dumps(trials)))
    (dist / "sw.js").write_text(sw, encoding="utf-8")
    print(f"postbuild: service worker {version} caches {len(files) + 1} files")


if "loader" in steps:
    loader()
if "sw" in steps:
    service_worker()
