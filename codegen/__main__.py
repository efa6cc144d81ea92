"""``python -m codegen generate|check|inspect [--target ID] [--source PATH] [--out DIR]``."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from . import emit, manifest
from .backend import BackendError
from .lower import LowerError
from .passes.closure import ClosureError
from .program import load_program
from .source import SourceError, checkout_source, ensure_npm_source
from .target import DEFAULT, TARGETS, Target

REPO = Path(__file__).resolve().parent.parent


def build_outputs(source: str | None, target: Target = DEFAULT) -> tuple[dict[str, str], dict]:
    src = checkout_source(source, target) if source else ensure_npm_source(target=target)
    program = load_program(src)
    gen = emit.generate(program)
    man = manifest.build(program, gen)
    files = dict(gen.files)
    files[target.manifest_path] = manifest.dumps(man)
    return files, man


def write(files: dict[str, str], root: Path) -> None:
    for rel, text in sorted(files.items()):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode()
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)


def drift(files: dict[str, str], root: Path) -> list[str]:
    """Paths whose bytes differ from a fresh generation, plus stale generated files.

    A generated directory is one the generator writes Python modules into; any
    other ``*.py`` found there is stale.
    """
    out = []
    with tempfile.TemporaryDirectory() as td:
        write(files, Path(td))
        for rel in sorted(files):
            fresh = (Path(td) / rel).read_bytes()
            cur = root / rel
            if not cur.exists() or cur.read_bytes() != fresh:
                out.append(rel)
    for gen_dir in sorted({rel.rsplit("/", 1)[0] for rel in files if rel.endswith(".py")}):
        d = root / gen_dir
        if d.is_dir():
            for p in sorted(d.glob("*.py")):
                rel = p.relative_to(root).as_posix()
                if rel not in files:
                    out.append(rel + " (not produced by the generator)")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m codegen", description=__doc__)
    ap.add_argument("command", choices=["generate", "check", "inspect"])
    ap.add_argument("--target", choices=sorted(TARGETS), default=DEFAULT.id, help="exchange to translate")
    ap.add_argument("--source", help="path to a CCXT checkout's ts/src/pro/<target>.ts (default: pinned npm package)")
    ap.add_argument("--out", help="output root (default: the repository)", default=str(REPO))
    args = ap.parse_args(argv)
    try:
        files, man = build_outputs(args.source, TARGETS[args.target])
    except (LowerError, BackendError, ClosureError, SourceError, manifest.ManifestError) as exc:
        print(f"codegen: {exc}", file=sys.stderr)
        return 2
    root = Path(args.out)
    if args.command == "generate":
        write(files, root)
        print(f"wrote {len(files)} files under {root}")
        print("\n".join(manifest.inspect_lines(man)))
        return 0
    if args.command == "check":
        bad = drift(files, root)
        if bad:
            print("codegen check: generated files drifted (run `python -m codegen generate`):", file=sys.stderr)
            for rel in bad:
                print(f"  {rel}", file=sys.stderr)
            return 1
        print(f"codegen check: {len(files)} files up to date")
        return 0
    print("\n".join(manifest.inspect_lines(man)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
