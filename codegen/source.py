"""Fetch, verify and cache the pinned CCXT source the generator reads.

The npm tarball is the default input because its integrity hash is published by
the registry: we can prove which bytes the generated code came from. A CCXT
checkout (``--source .../ts/src/pro/<id>.ts``) is the other input; its
identity is the hash of the three files we read. Which files those are is the
target's business (``codegen.target``).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import subprocess
import tarfile
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .target import DEFAULT, Target

PACKAGE = "ccxt"
VERSION = "4.5.84"
# Published by the registry (``npm view ccxt@4.5.84 dist.integrity``); pinned
# here so a compromised or re-published tarball is refused, not trusted.
INTEGRITY = (
    "sha512-AbVBsXV8i7FXVHRCAKx5GEUgmfLFaTRRsNgJSOTHAz0bOhDftW5ICiNtCZNIGpyTXGeC2MYfIlLV5qnx63jurg=="
)
# Only what the generator reads (plus the licence we must reproduce).
_MEMBERS = ("package/js/src/", "package/LICENSE.txt", "package/package.json")


class SourceError(RuntimeError):
    """Raised when the pinned source cannot be fetched or fails verification."""


@dataclass(frozen=True)
class SourceSet:
    """The three CCXT files the generator reads, and where they came from."""

    pro: Path
    rest: Path
    base: Path
    root: Path
    package: str
    version: str
    integrity: str
    kind: str  # "npm" | "checkout"
    target: Target = DEFAULT  # the exchange these files are

    def relpath(self, path: Path) -> str:
        """Path as written into trace comments: relative to the package root."""
        return Path(path).resolve().relative_to(self.root.resolve()).as_posix()

    def identity(self) -> dict:
        return {
            "package": self.package,
            "version": self.version,
            "integrity": self.integrity,
            "kind": self.kind,
            "files": {
                "pro": self.relpath(self.pro),
                "rest": self.relpath(self.rest),
                "base": self.relpath(self.base),
            },
        }


def cache_dir() -> Path:
    root = os.environ.get("CCXTPRO_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "ccxtpro"
    )
    return Path(root)


def integrity_of(data: bytes, algo: str = "sha512") -> str:
    """Subresource-integrity string as npm writes it."""
    digest = hashlib.new(algo, data).digest()
    return f"{algo}-{base64.b64encode(digest).decode()}"


def verify(data: bytes, integrity: str = INTEGRITY) -> None:
    algo = integrity.split("-", 1)[0]
    got = integrity_of(data, algo)
    if got != integrity:
        raise SourceError(f"integrity mismatch: expected {integrity}, got {got}")


def registry_integrity(version: str) -> str:
    """The registry's published ``dist.integrity`` for ``ccxt@version`` (``npm view``)."""
    try:
        proc = subprocess.run(["npm", "view", f"{PACKAGE}@{version}", "dist.integrity"],
                              capture_output=True, text=True, check=True, timeout=120)
    except (OSError, subprocess.SubprocessError) as exc:
        raise SourceError(f"npm view {PACKAGE}@{version} failed: {exc}") from exc
    return proc.stdout.strip()


def _npm_pack(version: str, dest: Path) -> Path:
    try:
        proc = subprocess.run(
            ["npm", "pack", f"{PACKAGE}@{version}", "--json", "--pack-destination", str(dest)],
            capture_output=True, text=True, check=True, timeout=300,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise SourceError(f"npm pack {PACKAGE}@{version} failed: {exc}") from exc
    info = json.loads(proc.stdout)
    return dest / info[0]["filename"]


def _read_members(data: bytes, names: set[str]) -> dict[str, bytes]:
    """The bytes of the tar members ``names`` (paths under ``package/``) of a verified tarball."""
    found: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar:
            if member.isfile() and member.name in names:
                src = tar.extractfile(member)
                assert src is not None
                found[member.name] = src.read()
                if len(found) == len(names):
                    break
    return found


def _unpack(data: bytes, target: Path, integrity: str) -> None:
    """Extract only the members we read, refusing paths that escape ``target``."""
    tmp = Path(tempfile.mkdtemp(prefix=".unpack-", dir=target.parent))
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar.getmembers():
            if not member.isfile() or not member.name.startswith(_MEMBERS):
                continue
            rel = Path(member.name).relative_to("package")
            if ".." in rel.parts:
                raise SourceError(f"refusing tar member {member.name}")
            out = tmp / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            src = tar.extractfile(member)
            assert src is not None
            out.write_bytes(src.read())
    (tmp / ".integrity").write_text(integrity)
    if target.exists():  # stale or altered: the verified tarball's bytes replace it
        stale = target.with_name(f".stale-{target.name}-{os.getpid()}")
        try:
            target.rename(stale)
        except OSError:
            pass  # another process moved it first
        else:
            shutil.rmtree(stale, ignore_errors=True)
    try:
        tmp.rename(target)
    except OSError:  # another process unpacked first; its copy is verified by the caller
        shutil.rmtree(tmp, ignore_errors=True)


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def _verified_tarball(path: Path, version: str, integrity: str, tarball: Path | None) -> bytes:
    """The tarball's bytes, hashed against ``integrity`` now. A missing or failing cached
    copy is fetched again (``npm pack``, after checking the registry publishes the pinned
    integrity) or read from ``tarball``; bytes that still fail are refused."""
    if path.is_file():
        data = path.read_bytes()
        if integrity_of(data, integrity.split("-", 1)[0]) == integrity:
            return data
        path.unlink()  # corrupted or replaced: never trusted
    if tarball is None:
        published = registry_integrity(version)
        if published != integrity:
            raise SourceError(f"registry publishes {published} for {PACKAGE}@{version}, pinned {integrity}")
        with tempfile.TemporaryDirectory() as td:
            data = _npm_pack(version, Path(td)).read_bytes()
    else:
        data = Path(tarball).read_bytes()
    verify(data, integrity)
    _write_atomic(path, data)
    return data


def ensure_npm_source(version: str = VERSION, integrity: str = INTEGRITY,
                      tarball: Path | None = None, target: Target = DEFAULT) -> SourceSet:
    """Return the cached npm source, verified now; fetch it with ``npm pack`` if absent.

    The tarball is kept next to its unpacked files and re-hashed against the pinned
    integrity on every call (every ``generate`` and ``check``), and the files the
    generator reads are compared with the tarball's own bytes: a stamp alone is never
    trusted. Altered files are unpacked again from the verified tarball.
    """
    root = cache_dir() / f"{PACKAGE}-{version}"
    root.parent.mkdir(parents=True, exist_ok=True)
    data = _verified_tarball(cache_dir() / f"{PACKAGE}-{version}.tgz", version, integrity, tarball)
    js = root / "js" / "src"
    read = {"pro": js / target.ccxt_file("pro"), "rest": js / target.ccxt_file("rest"),
            "base": js / target.ccxt_file("base"), "licence": root / "LICENSE.txt"}
    stamp = root / ".integrity"
    if not (stamp.is_file() and stamp.read_text().strip() == integrity and _same_bytes(root, read, data)):
        _unpack(data, root, integrity)
        if not _same_bytes(root, read, data):
            raise SourceError(f"{root}: unpacked files differ from the verified tarball")
    return SourceSet(
        pro=read["pro"], rest=read["rest"], base=read["base"],
        root=root, package=PACKAGE, version=version, integrity=integrity, kind="npm", target=target,
    )


def _same_bytes(root: Path, files: dict[str, Path], data: bytes) -> bool:
    """Whether each file equals its member in the (verified) tarball; a file the tarball
    lacks must be absent too."""
    names = {f"package/{path.relative_to(root).as_posix()}": path for path in files.values()}
    members = _read_members(data, set(names))
    for name, path in names.items():
        if name not in members:
            if path.exists():
                return False
            continue
        if not path.is_file() or path.read_bytes() != members[name]:
            return False
    return True


def checkout_source(pro_path: str | os.PathLike, target: Target = DEFAULT) -> SourceSet:
    """A CCXT checkout: ``.../src/pro/<id>.{ts,js}`` and its siblings."""
    pro = Path(pro_path).resolve()
    if not pro.is_file():
        raise SourceError(f"no such file: {pro}")
    ext = pro.suffix
    src_dir = pro.parent.parent
    rest = src_dir / target.ccxt_file("rest", ext)
    base = src_dir / target.ccxt_file("base", ext)
    for p in (rest, base):
        if not p.is_file():
            raise SourceError(f"missing sibling {p}")
    root = src_dir.parent.parent if src_dir.parent.name in ("ts", "js") else src_dir.parent
    version = "unknown"
    pkg = root / "package.json"
    if pkg.is_file():
        version = json.loads(pkg.read_text()).get("version", "unknown")
    h = hashlib.sha512()
    for p in (pro, rest, base):
        h.update(p.read_bytes())
    return SourceSet(
        pro=pro, rest=rest, base=base, root=root, package=PACKAGE, version=version,
        integrity="sha512-" + base64.b64encode(h.digest()).decode(), kind="checkout", target=target,
    )


def licence_text(src: SourceSet) -> str:
    lic = src.root / "LICENSE.txt"
    return lic.read_text() if lic.is_file() else ""
