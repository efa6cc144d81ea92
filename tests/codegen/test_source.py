"""Source fetch and verification: the pinned tarball, its integrity, the cache, a checkout."""

from __future__ import annotations

import io
import tarfile

import pytest

from codegen import source


def test_integrity_format_and_mismatch():
    assert source.integrity_of(b"x").startswith("sha512-")
    source.verify(b"x", source.integrity_of(b"x"))
    with pytest.raises(source.SourceError, match="integrity mismatch"):
        source.verify(b"y", source.integrity_of(b"x"))


def test_pinned_source_is_cached_and_verified(npm_source):
    assert npm_source.version == source.VERSION and npm_source.kind == "npm"
    assert (npm_source.root / ".integrity").read_text() == source.INTEGRITY
    for path in (npm_source.pro, npm_source.rest, npm_source.base):
        assert path.is_file()
    ident = npm_source.identity()
    assert ident["files"]["pro"] == "js/src/pro/binance.js"
    assert str(npm_source.root).find("/work/main") != 0  # the cache lives outside the repository


def _tarball(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def test_unpack_only_reads_what_it_needs_and_checks_the_hash(tmp_path, monkeypatch):
    monkeypatch.setenv("CCXTPRO_CACHE", str(tmp_path))
    data = _tarball({"package/js/src/pro/binance.js": b"class a {}", "package/js/src/binance.js": b"",
                     "package/js/src/base/Exchange.js": b"", "package/LICENSE.txt": b"MIT",
                     "package/dist/huge.js": b"x" * 100})
    tgz = tmp_path / "p.tgz"
    tgz.write_bytes(data)
    with pytest.raises(source.SourceError):
        source.ensure_npm_source("0.0.1", source.integrity_of(b"other"), tarball=tgz)
    got = source.ensure_npm_source("0.0.1", source.integrity_of(data), tarball=tgz)
    assert got.pro.read_bytes() == b"class a {}"
    assert not (got.root / "dist").exists()
    assert source.licence_text(got) == "MIT"


def test_checkout_source_finds_siblings(tmp_path):
    src = tmp_path / "ccxt" / "ts" / "src"
    (src / "pro").mkdir(parents=True)
    (src / "base").mkdir()
    (src / "pro" / "binance.ts").write_text("export default class binance {}")
    (src / "binance.ts").write_text("export default class binance {}")
    (src / "base" / "Exchange.ts").write_text("export default class Exchange {}")
    (tmp_path / "ccxt" / "package.json").write_text('{"version": "9.9.9"}')
    got = source.checkout_source(src / "pro" / "binance.ts")
    assert got.kind == "checkout" and got.version == "9.9.9"
    assert got.identity()["files"]["pro"] == "ts/src/pro/binance.ts"
    with pytest.raises(source.SourceError):
        source.checkout_source(src / "pro" / "missing.ts")


def test_pinned_integrity_is_what_the_registry_publishes():
    import shutil
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed")
    try:
        published = source.registry_integrity(source.VERSION)
    except source.SourceError as exc:
        pytest.skip(f"registry unreachable: {exc}")
    assert published == source.INTEGRITY
