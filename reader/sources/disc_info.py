"""The optional `archive.toml` at a disc's root: set id, disc number, base URL, banners."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from reader.sentences import QT_TRANSLATE_NOOP
from reader.sources.volume import Volume, VolumeError

DISC_TOML = "archive.toml"
MAX_TOML_BYTES = 256 * 1024

_KNOWN_KEYS = ("title", "set_id", "disc", "disc_count", "base_url", "base_urls", "banners")


class DiscTomlError(VolumeError):
    """An archive.toml that cannot be used; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class DiscInfo:
    """What a disc says about itself; every field is optional.

    Attributes:
        title: the set's title ("Cryptome Archive 1996-2014").
        set_id: the same on every disc of one set; discs with the same id share an archive.
        disc, disc_count: "disc 2 of 2".
        base_urls: the original site's addresses; links to them open the local copy.
        banners: texts repeated on the site's pages, kept out of the index.
        warnings: keys that were not understood (a typo, or a newer format).
    """

    title: str | None = None
    set_id: str | None = None
    disc: int | None = None
    disc_count: int | None = None
    base_urls: tuple[str, ...] = ()
    banners: tuple[str, ...] = ()
    source: str = ""
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def site_urls(self) -> tuple[str, ...]:
        """The base URLs with their http/https and www./bare variants, for link resolving."""
        out: list[str] = []
        for url in self.base_urls:
            parts = urlsplit(url)
            hosts = {parts.netloc}
            host = parts.netloc
            hosts.add(host[4:] if host.lower().startswith("www.") else "www." + host)
            path = parts.path if parts.path.endswith("/") else parts.path + "/"
            for scheme in ("http", "https"):
                for h in sorted(hosts):
                    variant = f"{scheme}://{h}{path}"
                    if variant not in out:
                        out.append(variant)
        return tuple(out)

    def describe(self) -> str:
        """'Cryptome Archive, disc 2 of 2' (what a dialog says about the disc)."""
        name = self.title or self.set_id or "an archive"
        if self.disc and self.disc_count:
            return f"{name}, disc {self.disc} of {self.disc_count}"
        if self.disc:
            return f"{name}, disc {self.disc}"
        return name


def _str(data: dict[str, Any], key: str, source: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise DiscTomlError(
            QT_TRANSLATE_NOOP(
                "Core", "{file}: {key} must be a non-empty text, not {value!r}"
            ).format(file=source, key=key, value=value)
        )
    return value.strip()


def _positive(data: dict[str, Any], key: str, source: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise DiscTomlError(
            QT_TRANSLATE_NOOP(
                "Core", "{file}: {key} must be a whole number from 1 up, not {value!r}"
            ).format(file=source, key=key, value=value)
        )
    return value


def _url(value: Any, key: str, source: str) -> str:
    if not isinstance(value, str):
        raise DiscTomlError(
            QT_TRANSLATE_NOOP("Core", "{file}: {key} must be a URL text, not {value!r}").format(
                file=source, key=key, value=value
            )
        )
    parts = urlsplit(value.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise DiscTomlError(
            QT_TRANSLATE_NOOP(
                "Core", "{file}: {key} must be an http:// or https:// address, not {value!r}"
            ).format(file=source, key=key, value=value)
        )
    url = value.strip()
    return url if url.endswith("/") else url + "/"


def parse_disc_toml(text: str | bytes, source: str = DISC_TOML) -> DiscInfo:
    """Validate an archive.toml text; DiscTomlError names `source` and the key at fault."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DiscTomlError(
                QT_TRANSLATE_NOOP("Core", "{file}: not UTF-8 text ({reason})").format(
                    file=source, reason=exc
                )
            ) from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DiscTomlError(
            QT_TRANSLATE_NOOP("Core", "{file}: not valid TOML ({reason})").format(
                file=source, reason=exc
            )
        ) from exc
    except RecursionError as exc:  # tomllib recurses into nested arrays and tables
        raise DiscTomlError(
            QT_TRANSLATE_NOOP("Core", "{file}: nested too deeply to read").format(file=source)
        ) from exc
    disc = _positive(data, "disc", source)
    count = _positive(data, "disc_count", source)
    if disc is not None and count is not None and disc > count:
        raise DiscTomlError(
            QT_TRANSLATE_NOOP("Core", "{file}: disc {disc} is more than disc_count {count}").format(
                file=source, disc=disc, count=count
            )
        )
    urls: list[str] = []
    if "base_url" in data:
        urls.append(_url(data["base_url"], "base_url", source))
    if "base_urls" in data:
        raw = data["base_urls"]
        if not isinstance(raw, list):
            raise DiscTomlError(
                QT_TRANSLATE_NOOP(
                    "Core", "{file}: base_urls must be a list of URLs, not {value!r}"
                ).format(file=source, value=raw)
            )
        urls.extend(_url(u, "base_urls", source) for u in raw)
    banners = data.get("banners", [])
    if not isinstance(banners, list) or not all(isinstance(b, str) and b.strip() for b in banners):
        raise DiscTomlError(
            QT_TRANSLATE_NOOP("Core", "{file}: banners must be a list of non-empty texts").format(
                file=source
            )
        )
    warnings = tuple(
        QT_TRANSLATE_NOOP("Core", "{file}: unknown key {key!r} ignored (known: {known})").format(
            file=source, key=key, known=", ".join(_KNOWN_KEYS)
        )
        for key in data
        if key not in _KNOWN_KEYS
    )
    return DiscInfo(
        title=_str(data, "title", source),
        set_id=_str(data, "set_id", source),
        disc=disc,
        disc_count=count,
        base_urls=tuple(dict.fromkeys(urls)),
        banners=tuple(b.strip() for b in banners),
        source=source,
        warnings=warnings,
    )


def read_disc_info(volume: Volume) -> DiscInfo | None:
    """The volume's archive.toml, None when it has none; DiscTomlError when it is invalid."""
    source = (
        f"{volume.spec.location}/{DISC_TOML}"
        if volume.spec.kind == "folder"
        else (f"{DISC_TOML} on {volume.spec.location}")
    )
    try:
        size, _ = volume.stat(DISC_TOML)
    except (OSError, VolumeError):
        return None
    if size > MAX_TOML_BYTES:
        raise DiscTomlError(
            QT_TRANSLATE_NOOP("Core", "{file}: larger than {kb} KB").format(
                file=source, kb=MAX_TOML_BYTES // 1024
            )
        )
    try:
        data = volume.read_bytes(DISC_TOML, MAX_TOML_BYTES)
    except (OSError, VolumeError) as exc:
        raise DiscTomlError(
            QT_TRANSLATE_NOOP("Core", "{file}: cannot be read ({reason})").format(
                file=source, reason=exc
            )
        ) from exc
    return parse_disc_toml(data, source)


def read_disc_info_safely(volume: Volume) -> tuple[DiscInfo | None, str | None]:
    """(info, error message): an invalid archive.toml is reported and otherwise ignored."""
    try:
        return read_disc_info(volume), None
    except DiscTomlError as exc:
        return None, str(exc)
