"""A batch's zip archive unpacked into the job's folder, refusing whatever could harm the machine.

Refused whole: a member whose name leaves the folder (absolute, a drive letter, ``..``: zip slip), a
link, an archive inside the archive, an encrypted or corrupt member (400); more report files than a
batch may have, a member over the size of one report, a total over the unpacked limit (413). Sizes
are checked from the headers before anything is unpacked and counted again while unpacking, since
headers can lie. Members that are not reports (pictures, ``__MACOSX``, hidden files) are skipped.
"""

from __future__ import annotations

import re
import stat
import zipfile
import zlib
from pathlib import Path
from typing import IO, NamedTuple

from checker.serve.limits import HttpError, ServeLimits, too_large, too_many
from checker.serve.uploads import safe_name, suffix_of, unique_name
from checker.sources import REPORT_SUFFIXES

ARCHIVES = frozenset({".zip", ".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".zst"})
_DRIVE = re.compile(r"^[A-Za-z]:")
_UTF8_NAMES = 0x800  # general purpose flag bit 11: the name is UTF-8
_ENCRYPTED = 0x1


class Unpacked(NamedTuple):
    """The report files written (their stored names, in archive order) and the members skipped."""

    names: list[str]
    skipped: list[str]


def member_name(info: zipfile.ZipInfo) -> str:
    """A member's name as written: a zip made on Chinese Windows holds GBK names without saying so."""
    if info.flag_bits & _UTF8_NAMES:
        return info.filename
    try:
        raw = info.filename.encode("cp437")  # how zipfile decoded the bytes
    except UnicodeEncodeError:
        return info.filename
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def _leaves_folder(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or bool(_DRIVE.match(name)) or ".." in parts


def _is_link(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


Member = tuple[zipfile.ZipInfo, str]  # a member to unpack and the name it is stored under


def _plan(archive: zipfile.ZipFile, label: str, limits: ServeLimits) -> tuple[list[Member], list[str]]:
    """The members to unpack with their names, and the names skipped; raises for anything refused."""
    wanted: list[Member] = []
    skipped: list[str] = []
    total = 0
    for info in archive.infolist():
        name = member_name(info)
        if _leaves_folder(name):
            raise HttpError(400, f"压缩包 {label} 中的“{name}”指向压缩包以外的位置，已拒绝 (zip slip: {name!r})")
        if info.is_dir():
            continue
        if _is_link(info):
            raise HttpError(400, f"压缩包 {label} 中的“{name}”是链接，已拒绝 (a link inside the zip: {name!r})")
        base = name.replace("\\", "/").split("/")[-1]
        if suffix_of(base) in ARCHIVES:
            raise HttpError(
                400, f"压缩包 {label} 里还有压缩包“{name}”，请解开后再上传 (an archive inside the zip: {name!r})"
            )
        if name.startswith("__MACOSX/") or base.startswith(".") or suffix_of(base) not in REPORT_SUFFIXES:
            skipped.append(name)
            continue
        if info.flag_bits & _ENCRYPTED:
            raise HttpError(400, f"压缩包 {label} 中的“{name}”已加密，请去掉密码后再上传 (encrypted member)")
        if info.file_size > limits.max_file_bytes:
            raise too_large(f"压缩包中的“{name}”", f"zip member {name!r}", info.file_size, limits.max_file_bytes)
        total += info.file_size
        if total > limits.max_batch_bytes:
            raise too_large(f"压缩包 {label} 解压后", f"{label} unpacked", total, limits.max_batch_bytes)
        wanted.append((info, base))
    return wanted, skipped


def _unpack_one(source: IO[bytes], target: Path, limit: int, budget: int) -> int:
    """Copy one member, stopping past its own limit or the batch's remaining budget; its size."""
    size = 0
    with open(target, "xb") as out:
        while chunk := source.read(1024 * 1024):
            size += len(chunk)
            if size > min(limit, budget):
                raise too_large(f"压缩包中的“{target.name}”", f"zip member {target.name!r}", size, min(limit, budget))
            out.write(chunk)
    return size


def unpack(archive_path: Path, label: str, folder: Path, taken: set[str], limits: ServeLimits, room: int) -> Unpacked:
    """Unpack the report files of a zip into ``folder`` under unique safe names; at most ``room`` of them."""
    try:
        archive = zipfile.ZipFile(archive_path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise HttpError(400, f"压缩包 {label} 已损坏或不是 zip 格式 (not a valid zip archive)") from None
    with archive:
        wanted, skipped = _plan(archive, label, limits)
        if len(wanted) > room:
            raise too_many(limits.max_files)
        names, budget = [], limits.max_batch_bytes
        for info, base in wanted:
            name = unique_name(safe_name(base, "报告.txt"), taken)
            try:
                with archive.open(info) as source:
                    budget -= _unpack_one(source, folder / name, limits.max_file_bytes, budget)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError):
                raise HttpError(400, f"压缩包 {label} 中的“{base}”已损坏，无法解压 (corrupt zip member)") from None
            names.append(name)
    return Unpacked(names, skipped)
