#!/usr/bin/env python3
"""Trunk post_build hook: no inline script in the built page.

index.html carries a Content-Security-Policy whose `script-src` is
`'self' 'wasm-unsafe-eval'` (no 'unsafe-inline', no nonce: the page is plain
files on a static host, so nothing could mint a nonce per response). Trunk
0.21 always writes its wasm loader as an inline `<script type="module">` (and,
under `trunk serve`, its autoreload script inline too), which that policy
blocks. This hook runs after Trunk wrote `$TRUNK_STAGING_DIR/index.html` and,
for every inline `<script>`:

* moves its text verbatim into `<name>-<hash>.js` next to index.html (the
  hash is the content's, so a new release gets a new name, as Trunk's own
  assets do), and
* replaces it with `<script src="<public_url><name>-<hash>.js"
  integrity="sha384-…">` keeping its other attributes (`type="module"`).

The loader also starts with one line of its own: a link with a view of its
own (a query or a fragment) removes the first paint, which shows the
default view (docs/performance.md, "First paint").

The .wasm starts downloading after the first paint, not before: Trunk
preloads it from `<head>` (`<link rel="preload" … as="fetch">`), so on a slow
link its 460 KB compete with the page's own HTML and stylesheet, and
Lighthouse's simulated LCP, which waits for every request that started
before the observed LCP, put the first paint's LCP (at FCP, ~1.0 s) after
the whole .wasm (4.06 s). With a first paint on the page, the loader waits
for a frame, then fetches the .wasm itself with the preload's `integrity`
(so subresource integrity still holds); the preload link is removed. A
link with a view of its own has no first paint and fetches at once.

The loader's relative imports (`./regime-radar-<hash>.js`, the `.wasm`) then
resolve against init-<hash>.js, which sits in the same directory as
index.html, so they mean what they meant inline (`public_url = "./"`).

Trunk serve's autoreload script has two placeholders that `trunk serve`
fills in when it sends an HTML response (`'{{__TRUNK_ADDRESS__}}'`,
`{{__TRUNK_WS_BASE__}}`), never in a .js file. They are left in the HTML, on a
`<meta name="trunk-autoreload">`, and the moved script reads them from there.

The page parses files in a Web Worker that runs the same .wasm
(src/ui/worker.rs): this hook writes its module script,
`engine-worker-<hash>.js` (it imports the glue the loader imports and
instantiates the compiled module the page posts to it), and names it in
`<meta name="rr-engine-worker" content="…">` after the policy, where the
page looks for it. CSP: `worker-src 'self'` allows it.

Offline and standard library only. Fails the build (non-zero exit) if an
inline script is left. See docs/security.md.

Release builds only (`TRUNK_PROFILE=release`), after that: brotli (quality
11) and gzip -9 copies of every asset, `x.br` and `x.gz` next to `x`, by
`node .ci/precompress.mjs` (Node's own zlib; Node is already needed for
wasm-opt), for hosts that serve precompressed files (docs/hosting.md).
This hook does it because Trunk runs the hooks of one stage at the same
time: a second hook could compress index.html before this one rewrote it.
`RR_PRECOMPRESS=0` skips it.
"""

import base64
import hashlib
import os
import re
import subprocess
import sys

SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I)
HAS_SRC = re.compile(r"\bsrc\s*=", re.I)

ADDRESS = "'{{__TRUNK_ADDRESS__}}'"
WS_BASE = "{{__TRUNK_WS_BASE__}}"
AUTORELOAD_META = (
    '<meta name="trunk-autoreload" data-address=%s data-ws-base="%s" />' % (ADDRESS, WS_BASE)
)
# `trunk serve` puts the host in quotes, or the bare words
# window.location.host when the request had no Host header.
AUTORELOAD_ADDRESS_JS = (
    "((m) => (m && m.dataset.address && m.dataset.address !== 'window.location.host')"
    " ? m.dataset.address : window.location.host)"
    "(document.querySelector('meta[name=\"trunk-autoreload\"]'))"
)
AUTORELOAD_WS_BASE_JS = (
    "((m) => (m && m.dataset.wsBase) || '/')"
    "(document.querySelector('meta[name=\"trunk-autoreload\"]'))"
)


# The first paint (index.html's #first-paint, written by `cargo run --bin
# first-paint`) is the *default* view: a link with a view of its own (a
# query or a fragment) must not show it while the .wasm loads. This runs as
# soon as the loader does, before the .wasm is fetched.
FIRST_PAINT_JS = (
    "if (location.search.length > 1 || location.hash.length > 1) "
    "document.getElementById('first-paint')?.remove();\n"
)

# The .wasm preload Trunk writes into <head>, and the loader's call that
# fetches the .wasm.
WASM_PRELOAD = re.compile(
    r"<link\b(?=[^>]*\brel=\"preload\")(?=[^>]*\bhref=\"(?P<href>[^\"]+\.wasm)\")[^>]*>\s*", re.I
)
INTEGRITY = re.compile(r"\bintegrity=\"(?P<sri>[^\"]+)\"", re.I)
GLUE_IMPORT = re.compile(r"import init, \* as bindings from '(?P<glue>[^']+\.js)';")
WASM_INIT = re.compile(r"init\(\{ module_or_path: '(?P<path>[^']+\.wasm)' \}\)")
# Waits for the first paint (when there is one) before the .wasm is fetched.
AFTER_FIRST_PAINT_JS = (
    "if (document.getElementById('first-paint')) "
    "await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));\n"
)


def defer_wasm(body: str, preload: "re.Match[str] | None") -> str:
    """The loader fetching the .wasm itself after the first paint, with the
    (removed) preload's integrity."""
    call = WASM_INIT.search(body)
    at = body.find("const wasm = await")
    if not preload or not call or at < 0:
        raise SystemExit(
            "trunk-post-build: the .wasm preload or the loader's init call was not found "
            "(did Trunk's output change?): preload %s, init %s" % (bool(preload), bool(call))
        )
    sri = INTEGRITY.search(preload.group(0))
    options = "{ integrity: '%s' }" % sri.group("sri") if sri else "{}"
    fetched = "init({ module_or_path: fetch('%s', %s) })" % (call.group("path"), options)
    body = body[: call.start()] + fetched + body[call.end() :]
    return body[:at] + AFTER_FIRST_PAINT_JS + body[at:]


# The engine worker's module script: the page posts its compiled
# WebAssembly.Module as the first message; an instantiation that fails is
# rethrown as an uncaught error, which the page sees as the worker's
# `error` event (it then parses on its own thread).
ENGINE_WORKER_JS = """// Regime Radar's engine worker (src/ui/worker.rs), written by .ci/trunk-post-build.py.
import init from '%s';
addEventListener('message', (event) => {
  init({ module_or_path: event.data }).catch((error) => setTimeout(() => { throw error; }));
}, { once: true });
"""


def write_engine_worker(staging: str, public_url: str, loader: str) -> str:
    """Writes the engine worker's script next to the loader; returns its
    `<meta>` for index.html."""
    glue = GLUE_IMPORT.search(loader)
    if not glue:
        raise SystemExit("trunk-post-build: the loader's glue import was not found (did Trunk's output change?)")
    data = (ENGINE_WORKER_JS % glue.group("glue")).encode("utf-8")
    file_name = "engine-worker-%s.js" % hashlib.sha256(data).hexdigest()[:16]
    with open(os.path.join(staging, file_name), "wb") as out:
        out.write(data)
    return '<meta name="rr-engine-worker" content="%s%s" />' % (public_url, file_name)


def main() -> int:
    staging = os.environ.get("TRUNK_STAGING_DIR")
    if not staging:
        print("trunk-post-build: TRUNK_STAGING_DIR is not set (run by Trunk only)", file=sys.stderr)
        return 2
    public_url = os.environ.get("TRUNK_PUBLIC_URL", "./")
    if not public_url.endswith("/"):
        public_url += "/"
    index = os.path.join(staging, "index.html")
    with open(index, encoding="utf-8") as f:
        html = f.read()

    moved = []
    needs_meta = False
    worker_meta = []
    preload = WASM_PRELOAD.search(html)

    def externalise(match: "re.Match[str]") -> str:
        nonlocal needs_meta
        attrs, body = match.group("attrs"), match.group("body")
        if HAS_SRC.search(attrs) or not body.strip():
            return match.group(0)
        if "{{__TRUNK_ADDRESS__}}" in body or WS_BASE in body:
            # Trunk serve's autoreload (development only).
            # (`--minify` turns the quotes into backticks.)
            for quote in "'`":
                body = body.replace("%s{{__TRUNK_ADDRESS__}}%s" % (quote, quote), AUTORELOAD_ADDRESS_JS)
                body = body.replace("%s%s%s" % (quote, WS_BASE, quote), AUTORELOAD_WS_BASE_JS)
            body = body.replace(WS_BASE, "/")
            name = "trunk-autoreload"
            needs_meta = True
        else:
            name = "init"
            worker_meta.append(write_engine_worker(staging, public_url, body))
            body = FIRST_PAINT_JS + defer_wasm(body, preload)
        data = body.encode("utf-8")
        digest = hashlib.sha256(data).hexdigest()[:16]
        file_name = "%s-%s.js" % (name, digest)
        with open(os.path.join(staging, file_name), "wb") as out:
            out.write(data)
        sri = base64.b64encode(hashlib.sha384(data).digest()).decode("ascii")
        moved.append(file_name)
        return '<script%s src="%s%s" integrity="sha384-%s"></script>' % (
            attrs.rstrip(),
            public_url,
            file_name,
            sri,
        )

    html = SCRIPT.sub(externalise, html)
    if preload:
        html = WASM_PRELOAD.sub("", html, count=1)
    if needs_meta:
        # After the policy (which must come first), else at the top of <head>.
        anchor = re.search(r"<meta\s+http-equiv=\"Content-Security-Policy\"[^>]*>", html, re.I) or re.search(
            r"<head\b[^>]*>", html, re.I
        )
        if not anchor:
            print("trunk-post-build: index.html has no <head>", file=sys.stderr)
            return 1
        html = html[: anchor.end()] + "\n    " + AUTORELOAD_META + html[anchor.end() :]

    for meta in worker_meta:
        anchor = re.search(r"<meta\s+http-equiv=\"Content-Security-Policy\"[^>]*>", html, re.I)
        if not anchor:
            print("trunk-post-build: index.html has no Content-Security-Policy <meta>", file=sys.stderr)
            return 1
        html = html[: anchor.end()] + "\n    " + meta + html[anchor.end() :]

    left = [m.group(0)[:80] for m in SCRIPT.finditer(html) if not HAS_SRC.search(m.group("attrs")) and m.group("body").strip()]
    if left:
        print("trunk-post-build: inline scripts left in index.html: %r" % left, file=sys.stderr)
        return 1
    with open(index, "w", encoding="utf-8") as f:
        f.write(html)
    print("trunk-post-build: moved %d inline script(s) to %s" % (len(moved), ", ".join(moved) or "-"))
    if os.environ.get("TRUNK_PROFILE") == "release" and os.environ.get("RR_PRECOMPRESS", "1") != "0":
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "precompress.mjs")
        return subprocess.run(["node", script, staging]).returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
