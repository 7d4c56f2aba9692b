#!/usr/bin/env python3
"""Checks the shape of src/ (issue 22): no import circles between files, and
no file over the line limit unless ARCHITECTURE.md names it with a reason.

A file depends on another when it names an item of the other's module: a
`use crate::…`, `use super::…` or `use self::…` (braces expanded), or an
inline `crate::…` path in code. `mod foo;` declarations are not uses. A
path resolves to the deepest module file that exists, so
`crate::engine::signals::RuleId` is `src/engine/signals/mod.rs` and a
re-export there is a dependency of that file in turn. Indented
`use super::` lines are inside an inline module (`mod tests { … }`) and
name the file itself.

Prints every cycle (strongly connected component of more than one file) and
every over-long file, and exits 1 if there is any. `--graph` prints the
edges too. Standard library only: CI runs it before anything is built.
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
LINE_LIMIT = 800


def module_of(path: Path):
    rel = path.relative_to(SRC).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return tuple(parts)


def file_of(modules, parts):
    """The deepest existing module file for a path's segments."""
    for n in range(len(parts), -1, -1):
        f = modules.get(tuple(parts[:n]))
        if f is not None:
            return f
    return None


def expand(tree: str):
    """`a::{b, c::{d, e}}` -> [a::b, a::c::d, a::c::e]."""
    tree = re.sub(r"\s+", "", tree)
    out = []

    def walk(prefix, text):
        depth, start, items = 0, 0, []
        for i, ch in enumerate(text):
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            elif ch == "," and depth == 0:
                items.append(text[start:i])
                start = i + 1
        items.append(text[start:])
        for item in items:
            if not item:
                continue
            m = re.match(r"^([^{]*?)(?:::)?\{(.*)\}$", item)
            if m:
                walk(prefix + [p for p in m.group(1).split("::") if p], m.group(2))
            else:
                out.append(prefix + [p for p in item.split(" as ")[0].split("::") if p])

    walk([], tree)
    return out


def strip_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return "\n".join(line.split("//")[0] for line in text.splitlines())


def deps_of(path: Path, modules):
    me = module_of(path)
    code = strip_comments(path.read_text())
    found = set()

    def resolve(segments, indented):
        if not segments:
            return
        base = list(me)
        head = segments[0]
        if head == "crate":
            parts = segments[1:]
        elif head == "super":
            if indented:
                return  # `use super::*` in an inline test module: this file
            base = base[:-1]
            rest = segments[1:]
            while rest and rest[0] == "super":
                base = base[:-1]
                rest = rest[1:]
            parts = base + rest
        elif head == "self":
            parts = list(me) + segments[1:]
        else:
            return
        target = file_of(modules, parts)
        if target is not None and target != path:
            found.add(target)

    for m in re.finditer(r"^([ \t]*)(?:pub(?:\([^)]*\))?\s+)?use\s+([^;]+);", code, flags=re.M):
        indented = len(m.group(1)) > 0
        for segments in expand(m.group(2)):
            resolve(segments, indented)
    for m in re.finditer(r"(?<![\w:])crate((?:::\w+)+)", code):
        resolve(["crate"] + [p for p in m.group(1).split("::") if p], False)
    return found


def cycles(graph):
    """Tarjan's strongly connected components of more than one node."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def main():
    files = sorted(SRC.rglob("*.rs"))
    modules = {}
    for f in files:
        if f.name == "main.rs":
            continue  # the binary's root is not `crate` of the library
        modules[module_of(f)] = f
    graph = {f: deps_of(f, modules) for f in files}
    rel = lambda p: str(p.relative_to(ROOT))
    if "--graph" in sys.argv:
        for f in files:
            for d in sorted(graph[f]):
                print(f"{rel(f)} -> {rel(d)}")
    failed = False
    for comp in cycles(graph):
        failed = True
        print("import circle: " + " <-> ".join(rel(p) for p in comp))
        for a in comp:
            for b in sorted(graph[a]):
                if b in comp:
                    print(f"    {rel(a)} uses {rel(b)}")
    allowed = set(re.findall(r"`(src/[\w/]+\.rs)`[^\n]*over 800 lines", (ROOT / "ARCHITECTURE.md").read_text()))
    for f in files:
        n = len(f.read_text().splitlines())
        if n > LINE_LIMIT and rel(f) not in allowed:
            failed = True
            print(f"{rel(f)}: {n} lines (limit {LINE_LIMIT}; ARCHITECTURE.md may name an exception and why)")
    if failed:
        sys.exit(1)
    print(f"import graph: {len(files)} files, no circles, none over {LINE_LIMIT} lines")


if __name__ == "__main__":
    main()
