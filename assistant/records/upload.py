"""Import an uploaded borrower file (.json, .xlsx, or a .zip of CSV files) through a private temp folder."""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from sqlalchemy.orm import Session

from assistant.config import Settings
from assistant.errors import TooLarge, Unsupported, UserError
from assistant.records.importer import ImportReport, import_file

UPLOAD_SUFFIXES = (".json", ".xlsx", ".zip")
MAX_ZIP_MEMBERS = 50


def check_upload_name(filename: str) -> str:
    """The file's suffix, or Unsupported (415) with the accepted types."""
    suffix = PurePosixPath(filename).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise Unsupported(f"文件“{filename}”的类型不受支持：借款人档案请上传 .json、.xlsx，"
                          "或把每张表一个 CSV 文件打包成 .zip。")
    return suffix


def import_upload(filename: str, data: bytes, *, settings: Settings,
                  after_write: Callable[[Session, ImportReport], None] | None = None) -> ImportReport:
    """Validate and import the upload in one transaction (all or nothing); raises ImportRejected (422)
    with row- and column-precise Chinese errors, or another UserError for an unreadable file."""
    suffix = check_upload_name(filename)
    if not data:
        raise UserError(f"文件“{filename}”是空文件。", status=422)
    with tempfile.TemporaryDirectory(prefix="borrower-import-") as folder:
        target = Path(folder) / f"upload{suffix}"
        if suffix == ".zip":
            target = Path(folder) / "csv"
            _extract_csv(filename, data, target, settings.max_upload_bytes)
        else:
            target.write_bytes(data)
        report = import_file(target, settings=settings, after_write=after_write)
    report.source = filename
    return report


def _extract_csv(filename: str, data: bytes, folder: Path, limit: int) -> None:
    """Only the archive's .csv files, by base name, and no more than `limit` bytes uncompressed."""
    import io

    folder.mkdir()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise UserError(f"文件“{filename}”不是有效的 .zip 压缩包。", status=422) from exc
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir() and m.filename.lower().endswith(".csv")]
        if not members or len(members) > MAX_ZIP_MEMBERS:
            raise UserError(f"压缩包“{filename}”应包含每张表一个 CSV 文件（至少「借款人.csv」）。", status=422)
        if sum(m.file_size for m in members) > limit:
            raise TooLarge(f"压缩包“{filename}”解压后超过大小上限。")
        for member in members:
            name = PurePosixPath(_member_name(member).replace("\\", "/")).name
            with archive.open(member) as source:
                content = source.read(limit + 1)
            if len(content) > limit:
                raise TooLarge(f"压缩包“{filename}”解压后超过大小上限。")
            (folder / name).write_bytes(content)


def _member_name(member: zipfile.ZipInfo) -> str:
    """Zips made by Windows in China store GBK names without the UTF-8 flag (Python reads them as cp437)."""
    if member.flag_bits & 0x800:
        return member.filename
    try:
        return member.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return member.filename
