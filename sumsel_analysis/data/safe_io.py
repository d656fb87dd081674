"""Safe output: set-atomic folder swaps, readable file modes, checksums, spreadsheet-safe text cells.

Why: a build or report writes several files that only make sense together (tables + manifest; briefs +
workbook). Writing them one by one means an interruption (Ctrl-C, SIGKILL, full disk) can leave a mix of
old and new files. Here a set is written into a staging folder next to the target, completed, given modes
0644/0755, and swapped in with *one* rename (``renameat2(RENAME_EXCHANGE)`` on Linux; where that is not
available the target is moved aside and the staging folder renamed into place, and a half-finished swap
is repaired on the next run). Entries of the target folder that the set does not own (``.gitkeep``,
``reports/notebooks/``) are carried over by hard link, so they survive the swap.

Staging folders are named ``.<target>.staging-<pid>-<n>``; one whose process is gone is a leftover of an
interrupted run and is removed by the next run.

Spreadsheet-safe text: a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would
be run as a formula by a spreadsheet. ``neutralise_text`` / ``neutralise_frame`` give such text a leading
apostrophe for CSV (CSV has no styles; a spreadsheet opening it shows the text, the original readable);
``quote_prefix_formulas`` makes such cells of an Excel sheet text cells with Excel's quote-prefix style,
so Excel shows the text exactly as typed, with no visible apostrophe. Numbers are untouched. This module
is the one place of that rule (``FORMULA_PREFIXES``).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import itertools
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd

FILE_MODE = 0o644
DIR_MODE = 0o755
_STAGING = re.compile(r"^\.(?P<target>.+)\.(?P<kind>staging|old)-(?P<pid>\d+)-\d+$")
_counter = itertools.count()
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100

# --- checksums -------------------------------------------------------------------------------------


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write_text_atomic(path: Path, text: str) -> None:
    """Write one text file (UTF-8) through a temporary file and one rename: readers see the old or the new file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def folder_checksums(folder: Path, skip: Callable[[str], bool] = lambda name: False) -> dict[str, str]:
    """``{relative path: sha256}`` of every regular file under ``folder`` (sorted, hidden files skipped)."""
    folder = Path(folder)
    out = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if p.is_file() and not any(part.startswith(".") for part in rel.split("/")) and not skip(rel):
            out[rel] = sha256(p)
    return out


# --- spreadsheet-safe cells ------------------------------------------------------------------------

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_text(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, prefixed with ``'``; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def quote_prefix_formulas(ws) -> int:
    """Text cells of an openpyxl worksheet that a spreadsheet would run as a formula become plain text cells
    with Excel's quote-prefix style (shown as typed, never computed); returns how many. Numbers untouched."""
    n = 0
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES):
                cell.data_type = "s"  # openpyxl typed '=…' as a formula when the value was set
                cell.quotePrefix = True
                n += 1
    return n


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with every text cell (and text header) neutralised; numeric columns untouched."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = pd.Series([neutralise_text(v) for v in out[col]], index=out.index, dtype=out[col].dtype)
    out.columns = [neutralise_text(c) for c in out.columns]
    return out


# --- set-atomic folder swap ------------------------------------------------------------------------


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux ``renameat2``); False where the system cannot do it."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, f"could not swap {a} and {b}: {os.strerror(err)}")


def clean_leftovers(target: Path) -> list[Path]:
    """Remove staging/old folders of ``target`` left by interrupted runs (their process is gone).

    If an interrupted fallback swap left ``target`` missing but its moved-aside copy present, that copy
    is put back first, so the folder always holds a complete set.
    """
    target = Path(target)
    parent = target.parent
    if not parent.is_dir():
        return []
    removed = []
    for p in sorted(parent.iterdir()):
        m = _STAGING.match(p.name)
        if not m or m["target"] != target.name or _pid_alive(int(m["pid"])):
            continue
        if m["kind"] == "old" and not target.exists():
            os.rename(p, target)
            continue
        shutil.rmtree(p, ignore_errors=True)
        removed.append(p)
    return removed


def _carry_over(src: Path, dst: Path) -> None:
    """Hard-link (or copy) ``src`` into ``dst``, recursively for folders."""
    if src.is_dir() and not src.is_symlink():
        dst.mkdir(mode=DIR_MODE)
        shutil.copystat(src, dst)
        for child in sorted(src.iterdir()):
            _carry_over(child, dst / child.name)
        return
    try:
        os.link(src, dst, follow_symlinks=False)
    except OSError:
        shutil.copy2(src, dst, follow_symlinks=False)


def _set_modes(folder: Path, names: list[str]) -> None:
    os.chmod(folder, DIR_MODE)
    for name in names:
        p = folder / name
        if p.is_dir():
            for q in [p, *p.rglob("*")]:
                os.chmod(q, DIR_MODE if q.is_dir() else FILE_MODE)
        elif p.exists():
            os.chmod(p, FILE_MODE)


@contextlib.contextmanager
def staged_folder(target: Path | str, owns: Callable[[str], bool]) -> Iterator[Path]:
    """Write a set of files into the yielded staging folder; on success it replaces ``target`` at once.

    ``owns(name)`` says which top-level entries of ``target`` belong to the set: those are replaced by
    what the caller writes (an owned entry the caller does not write disappears); every other entry is
    carried over unchanged. On any error (or interruption) ``target`` is untouched and the staging
    folder removed; after a SIGKILL the next run removes it.
    """
    target = Path(target).resolve()  # a symlinked folder: swap the real one, keep the link
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(target)
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(f"{target} exists and is not a folder")
    tag = f"{os.getpid()}-{next(_counter)}"
    stage = target.parent / f".{target.name}.staging-{tag}"
    stage.mkdir(mode=DIR_MODE)
    try:
        yield stage
        written = sorted(p.name for p in stage.iterdir())
        _set_modes(stage, written)
        if target.exists():
            for entry in sorted(target.iterdir()):
                if not owns(entry.name) and not (stage / entry.name).exists():
                    _carry_over(entry, stage / entry.name)
            if _exchange(stage, target):
                shutil.rmtree(stage)  # now holds the previous set
            else:
                aside = target.parent / f".{target.name}.old-{tag}"
                os.rename(target, aside)
                os.rename(stage, target)
                shutil.rmtree(aside)
        else:
            os.rename(stage, target)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise


def check_writable_folder(folder: Path | str) -> Path:
    """``folder`` when a set can be swapped into it; ``OSError`` naming the path otherwise.

    Called before any computation, so a wrong output folder fails in a second, not after the work. The
    staging folder is created next to ``folder``, so the nearest existing parent must be writable.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "exists and is not a folder", str(folder))
    parent = next(p for p in folder.absolute().parents if p.exists())
    if not parent.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "is not a folder", str(parent))
    try:  # a real probe: permission bits say nothing for root or on a read-only file system
        probe = Path(tempfile.mkdtemp(prefix=f".{folder.name}.probe-", dir=parent))
    except OSError as e:
        raise PermissionError(e.errno or errno.EACCES, "folder is not writable (the output is staged there, "
                                                       "then swapped in)", str(parent)) from None
    probe.rmdir()
    return folder
