"""Help → About: what this is, its licence, and where its source code is (the AGPL's offer)."""

from __future__ import annotations

import html
import platform

import PySide6
from PySide6.QtCore import QUrl, qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from reader import __version__
from reader.gui.language import translate
from reader.gui.viewers.pdf_doc import MUPDF_VERSION
from reader.source import source_offer


def show_about(parent: QWidget) -> None:
    """Help → About: version, licence, and where this copy's source code is."""
    # The AGPL asks that every user can get the source: the dialog says where it is.
    offer = source_offer()
    folder = QUrl.fromLocalFile(
        str(offer.location.parent if offer.kind == "bundled" else offer.location)
    ).toString()
    if offer.kind == "bundled":
        where = translate(
            "About", "The complete source code of this version comes with the app: {link}."
        ).format(link=f'<a href="{html.escape(folder)}">{html.escape(offer.location.name)}</a>')
    elif offer.kind == "package":
        where = translate(
            "About", "This copy runs from its own Python source code, in {link}."
        ).format(link=f'<a href="{html.escape(folder)}">{html.escape(str(offer.location))}</a>')
    else:
        where = translate(
            "About", "Whoever gave you this copy must give you its source code on request."
        )
    if offer.url:
        url = html.escape(offer.url)
        where += " " + translate("About", "The project is at {link}.").format(
            link=f'<a href="{url}">{url}</a>'
        )
    QMessageBox.about(
        parent,
        translate("About", "About Archive Reader"),
        f"<h3>{translate('About', 'Archive Reader')} {__version__}</h3>"
        f"<p>{translate('About', 'Read and search document archives offline.')}</p>"
        "<p>"
        + translate(
            "About",
            "Free software: you can redistribute it and/or modify it under the terms of the "
            "GNU Affero General Public License, version 3 or later (AGPL-3.0-or-later). It "
            "comes with no warranty.",
        )
        + f"</p><p>{where}</p><p>"
        + translate(
            "About",
            "It uses PyMuPDF (AGPL-3.0-or-later) to read and render PDFs, and Qt for Python "
            "(LGPL-3.0) for the window. Their licence texts come with the app (in a bundle: "
            "the <i>licenses</i> folder).",
        )
        + "</p>"
        f"<p><small>Qt {qVersion()} · PySide6 {PySide6.__version__} · "
        f"PyMuPDF {MUPDF_VERSION} · Python {platform.python_version()}</small></p>",
    )
