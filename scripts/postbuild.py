"""Moves Trunk's inline loader into boot-<hash>.js so the page needs no inline script."""
import hashlib
import pathlib
import re
import sys

dist = pathlib.Path(sys.argv[1])
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
