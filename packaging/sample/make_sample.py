"""Write the bundled sample archive (resources/sample/SAMPLE_ARCHIVE): `make sample`.

A small archive in the style of the discs the reader is for: year folders, old-style HTML
pages that link to each other (and to the "original site"), PDFs (one of them a scan), a text
file in Windows-1252, an image. The texts are written for this project (no third-party
content), about the public history of encryption policy. Deterministic: same bytes each run.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from pathlib import Path

import pymupdf
from PIL import Image, ImageDraw

SITE = "http://archive.example.org/"
OUT = Path(__file__).resolve().parents[2] / "resources" / "sample" / "SAMPLE_ARCHIVE"
FIXED_TIME = 1_400_000_000  # a burned disc's uniform timestamp
BANNER = (
    "Open Records sample disc - a demonstration archive for Archive Reader. "
    "Every page here was written for the sample."
)

# (path, title, date, paragraphs, links)
PAGES: list[tuple[str, str, str, list[str], list[str]]] = [
    (
        "1996/export-rules-96-1230.htm",
        "Encryption export rules move to Commerce",
        "1996-12-30",
        [
            "At the end of 1996 the administration moved control of most encryption exports "
            "from the State Department's munitions list to the Commerce Department. Software "
            "with keys longer than 40 bits still needed a licence, but the rules now spoke of "
            "commercial products rather than weapons.",
            "Companies that promised to build key recovery into later versions could ship "
            "56-bit products for two years. Critics called the offer a bargain struck under "
            "pressure; supporters said it opened foreign markets to American software.",
            "The full text of the interim rule is in the Federal Register notice, and the "
            "letters received during the comment period are collected on a separate page.",
        ],
        ["1997/comments-97-0210.htm", "1998/key-recovery-98-0915.htm"],
    ),
    (
        "1997/comments-97-0210.htm",
        "Comments on the interim export rule",
        "1997-02-10",
        [
            "More than two hundred letters reached the Commerce Department during the comment "
            "period. Most came from software firms and universities; a few came from people "
            "who had simply read about the rule in the newspaper.",
            "A recurring point: a 56-bit key could be searched exhaustively by a determined "
            "opponent within a few years, so products built to the limit would age quickly.",
            "Several universities asked whether publishing source code in a textbook counted "
            "as an export. The department's answer, printed at the end of the notice, was that "
            "printed books were exempt but the same code on a floppy disk was not.",
        ],
        ["1996/export-rules-96-1230.htm", SITE + "1999/des-challenge-99-0119.htm"],
    ),
    (
        "1998/key-recovery-98-0915.htm",
        "Key recovery: the September 1998 update",
        "1998-09-15",
        [
            "The September update widened the exceptions: banks, insurers and health "
            "providers could use strong encryption abroad without a recovery plan.",
            "Key recovery had been meant to let investigators read encrypted traffic with a "
            "court order. In practice, few vendors built it, and buyers did not ask for it.",
            "The update is often read as the moment the policy stopped being about recovery "
            "and started being about which industries deserved an exception.",
        ],
        ["1996/export-rules-96-1230.htm", "1999/des-challenge-99-0119.htm"],
    ),
    (
        "1999/des-challenge-99-0119.htm",
        "DES challenge broken in under a day",
        "1999-01-19",
        [
            "A purpose-built machine and a network of volunteers recovered a 56-bit DES key "
            "in twenty-two hours. The result ended the argument that 56 bits were enough for "
            "commercial secrets.",
            "The organisers published the design of the machine so that anyone could check "
            "the claim. Its cost was well within reach of a large company or a government.",
        ],
        ["1997/comments-97-0210.htm", "2000/rules-relaxed-00-0114.htm"],
    ),
    (
        "2000/rules-relaxed-00-0114.htm",
        "January 2000: most export limits lifted",
        "2000-01-14",
        [
            "The January 2000 rules let retail encryption products of any key length be "
            "exported to most countries after a one-time technical review.",
            "Open-source code could be published on the Internet after a simple notice by "
            "e-mail. A handful of destinations remained embargoed.",
            "For the first time since the 1970s, strong cryptography was legally an ordinary "
            "product. The debate moved from export to lawful access.",
        ],
        ["1999/des-challenge-99-0119.htm", "2001/lawful-access-01-1105.htm"],
    ),
    (
        "2001/lawful-access-01-1105.htm",
        "Lawful access after September 2001",
        "2001-11-05",
        [
            "In the weeks after the attacks, proposals returned to require that encryption "
            "products give investigators a way in. None became law that year.",
            "Instead, the new surveillance law widened the use of pen registers and "
            "roving wiretaps, and extended both to Internet communications.",
            "Civil liberties groups published side-by-side readings of the old and new text; "
            "the sample includes one such comparison as a PDF.",
        ],
        ["2000/rules-relaxed-00-0114.htm", "2001/comparison-01-1120.pdf"],
    ),
    (
        "2005/aes-adoption-05-0620.htm",
        "AES becomes the default cipher",
        "2005-06-20",
        [
            "Four years after its selection, the Advanced Encryption Standard had replaced DES "
            "in most new products. Government approval for classified use followed in 2003.",
            "The competition that produced AES was open: the candidate designs and the "
            "analyses of them were published, and the winner came from two Belgian "
            "researchers.",
        ],
        ["1999/des-challenge-99-0119.htm"],
    ),
    (
        "2008/laptop-searches-08-0701.htm",
        "Border searches of laptops",
        "2008-07-01",
        [
            "Travellers reported that customs officers copied the contents of laptops at the "
            "border without suspicion. The agency's policy, released after requests under "
            "the freedom of information law, confirmed the practice.",
            "Encrypting a disk did not stop a search; it only meant the traveller could be "
            "asked for the password. Advice to journalists changed accordingly.",
        ],
        ["2001/lawful-access-01-1105.htm", "2013/03/notes-13-0318.txt"],
    ),
    (
        "2013/03/going-dark-13-0320.htm",
        "The going-dark hearings",
        "2013-03-20",
        [
            "Officials told a committee that widespread encryption was making lawfully "
            "authorised intercepts harder to carry out. They asked for no specific law.",
            "Witnesses from industry answered that weakening products for one government "
            "weakens them for every attacker, and that metadata remains available.",
            "The hearing is a late echo of the 1990s debate over key recovery, with phones "
            "in place of floppy disks.",
        ],
        ["1998/key-recovery-98-0915.htm", "2013/03/notes-13-0318.txt", "2014/index.htm"],
    ),
    (
        "2014/index.htm",
        "2014: what changed",
        "2014-12-31",
        [
            "By 2014 encrypted messaging was the default on the most popular phones. The "
            "argument over lawful access had not been settled, only moved to new devices.",
            'This sample disc ends here. Search it: try encryption, "key recovery", '
            "type:pdf, year:1996..2000, or misspell a word on purpose.",
        ],
        ["1996/export-rules-96-1230.htm", "2013/03/going-dark-13-0320.htm"],
    ),
]


EXTRA_PAGES: list[tuple[str, str, str, list[str], list[str]]] = [
    (
        "2002/library-records-02-0312.htm",
        "Library records and the new law",
        "2002-03-12",
        [
            "Librarians asked what the business-records provision meant for borrowing "
            "histories. Some libraries began deleting records as soon as a book came back.",
            "A sign appeared at several reference desks warning readers that records could be "
            "requested without their knowledge.",
        ],
        ["2001/lawful-access-01-1105.htm"],
    ),
    (
        "2003/05/aes-classified-03-0610.htm",
        "AES approved for classified information",
        "2003-06-10",
        [
            "A policy note approved AES with 128-bit keys for secret material and 192 or 256 "
            "bits for top secret material, in certified products.",
            "It was the first time a publicly designed cipher was cleared for that use.",
        ],
        ["2005/aes-adoption-05-0620.htm"],
    ),
    (
        "2004/email-privacy-04-0707.htm",
        "E-mail privacy in transit",
        "2004-07-07",
        [
            "A court ruled that an e-mail provider could copy messages in transit without "
            "breaking the wiretap law, because the copies sat briefly in storage.",
            "The ruling was later reconsidered by the full court, which reached the opposite "
            "conclusion.",
        ],
        ["2008/laptop-searches-08-0701.htm"],
    ),
    (
        "2006/call-records-06-0511.htm",
        "Call records programme reported",
        "2006-05-11",
        [
            "A newspaper reported that telephone companies had handed over records of "
            "domestic calls. The records showed who called whom and when, not what was said.",
            "Lawmakers asked for briefings; the companies declined to comment.",
        ],
        ["2013/03/going-dark-13-0320.htm"],
    ),
    (
        "2007/hash-competition-07-1102.htm",
        "A competition for a new hash function",
        "2007-11-02",
        [
            "Following the AES model, a public competition opened for a new hash function. "
            "Weaknesses found in older designs had made the search urgent.",
            "Entries were due the next year; the winner was announced in 2012.",
        ],
        ["2005/aes-adoption-05-0620.htm", "2012/hash-winner-12-1002.htm"],
    ),
    (
        "2009/smart-meters-09-0415.htm",
        "Smart meters and household privacy",
        "2009-04-15",
        [
            "Readings taken every few minutes can show when a household wakes, cooks and "
            "sleeps. Regulators began to ask who could see the data.",
        ],
        [],
    ),
    (
        "2010/cables-10-1129.htm",
        "The diplomatic cables",
        "2010-11-29",
        [
            "Newspapers began publishing diplomatic cables from a large leaked collection. "
            "Archives like this one mirrored the published cables within hours.",
            "Mirrors were part of the point: a document on many discs cannot be taken back.",
        ],
        ["2014/index.htm"],
    ),
    (
        "2011/phone-tracking-11-0420.htm",
        "Phones that remember where they have been",
        "2011-04-20",
        [
            "Researchers found that a popular phone kept a file of cell tower locations going "
            "back a year. An update soon shortened the history and encrypted the backups.",
        ],
        ["2008/laptop-searches-08-0701.htm"],
    ),
    (
        "2012/hash-winner-12-1002.htm",
        "The hash competition has a winner",
        "2012-10-02",
        [
            "The sponge-based design was chosen for its speed in hardware and its distance "
            "from the older functions. It would be standardised as SHA-3.",
        ],
        ["2007/hash-competition-07-1102.htm"],
    ),
    (
        "2013/06/metadata-13-0606.htm",
        "Metadata orders published",
        "2013-06-06",
        [
            "A court order requiring a phone company to hand over call metadata daily was "
            "published, starting a long public debate over bulk collection.",
            "The surveillance programme described was later found to exceed the statute.",
        ],
        ["2006/call-records-06-0511.htm", "2013/03/going-dark-13-0320.htm"],
    ),
    (
        "2014/06/phone-search-14-0625.htm",
        "Searching a phone needs a warrant",
        "2014-06-25",
        [
            "The highest court held that police need a warrant to search a phone seized at an "
            "arrest: a phone holds the privacies of life, not just what a pocket holds.",
        ],
        ["2011/phone-tracking-11-0420.htm", "2014/index.htm"],
    ),
]

PAGES += EXTRA_PAGES

PDFS: list[tuple[str, str, str, list[str]]] = [
    (
        "2001/comparison-01-1120.pdf",
        "Side by side: wiretap provisions before and after 2001",
        "D:20011120",
        [
            "Side by side: wiretap provisions before and after 2001\n\nThis comparison sets "
            "the earlier text of the pen register provisions beside the amended text. Where "
            "the old law spoke of telephone lines, the new one speaks of dialing, routing, "
            "addressing and signalling information.",
            "Roving wiretaps\n\nAn order may now follow a person across devices rather than "
            "name one telephone. The comparison notes that the order must still describe "
            "the target.",
            "Sunset clauses\n\nSeveral provisions were to expire at the end of 2005 unless "
            "renewed. Most were renewed with small changes.",
        ],
    ),
    (
        "2005/cipher-notes-05-0301.pdf",
        "Notes on block ciphers",
        "D:20050301",
        [
            "Notes on block ciphers\n\nA block cipher encrypts fixed-size blocks under a key. "
            "DES used 64-bit blocks and a 56-bit key; AES uses 128-bit blocks and keys of "
            "128, 192 or 256 bits.",
            "Modes of operation\n\nA mode turns a block cipher into a way to encrypt long "
            "messages. Electronic codebook mode leaks patterns; counter mode does not.",
        ],
    ),
]

TEXT_NOTE = (
    "Notes from the March 2013 hearing\r\n"
    "==================================\r\n\r\n"
    "- Witnesses: two officials, three from industry, one academic.\r\n"
    "- The word \u201cbackdoor\u201d was avoided by every official; \u201cfront door\u201d was "
    "used twice.\r\n"
    "- Estimated cost of compliance for a small firm: \u20ac40,000 a year (industry figure).\r\n"
    "- Follow-up questions were due within 30 days; the answers are not on this disc.\r\n"
)


def _html(title: str, date: str, paragraphs: list[str], links: list[str], here: str) -> bytes:
    depth = here.count("/")
    up = "../" * depth
    items = []
    for link in links:
        href = link if link.startswith("http") else up + link
        label = next((t for p, t, *_ in PAGES if p == link or SITE + p == link), link)
        label = next((t for p, t, *_ in PDFS if p == link), label)
        items.append(f'<li><a href="{href}">{label}</a></li>')
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<html><head>\n"
        f'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">\n'
        f'<meta name="date" content="{date}">\n<title>{title}</title></head>\n'
        f'<body bgcolor="#ffffff">\n<p><font size="-1"><i>{BANNER}</i></font></p><hr>\n'
        f"<h2>{title}</h2>\n<p><b>{date}</b></p>\n{body}\n"
        f"<p>Related:</p>\n<ul>\n{chr(10).join(items)}\n</ul>\n"
        f'<hr><p><a href="{up}2014/index.htm">Back to the last page</a></p>\n'
        "</body></html>\n"
    ).encode("cp1252")


def _pdf(title: str, date: str, pages: list[str]) -> bytes:
    doc = pymupdf.open()
    for text in pages:
        page = doc.new_page(width=595, height=842)
        page.insert_textbox(pymupdf.Rect(72, 72, 523, 770), text, fontsize=11, fontname="helv")
    doc.set_metadata({"title": title, "creationDate": date, "modDate": date})
    return bytes(doc.tobytes(garbage=3, deflate=True, no_new_id=True))


def _scanned_pdf() -> bytes:
    """A page that is only a picture of text: the reader marks it 'scanned, no text'."""
    img = Image.new("L", (850, 1100), 245)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(
        [
            "MEMORANDUM",
            "",
            "Subject: key escrow briefing",
            "",
            "Copies destroyed after reading.",
            "(scanned from paper)",
        ]
    ):
        draw.text((80, 100 + 40 * i), line, fill=30)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=770)
    page.insert_image(page.rect, stream=buf.getvalue())
    doc.set_metadata({"title": "Scanned memo", "creationDate": "D:19980401"})
    return bytes(doc.tobytes(garbage=3, deflate=True, no_new_id=True))


def _chart() -> bytes:
    """A bar chart of maximum exportable key lengths by year, drawn with Pillow."""
    img = Image.new("RGB", (480, 300), "white")
    draw = ImageDraw.Draw(img)
    bars = [(1996, 40), (1997, 56), (1998, 56), (1999, 56), (2000, 256)]
    for i, (year, bits) in enumerate(bars):
        h = int(bits / 256 * 220)
        x = 40 + i * 85
        draw.rectangle([x, 260 - h, x + 50, 260], fill=(60, 90, 160))
        draw.text((x + 8, 266), str(year), fill="black")
        draw.text((x + 10, 245 - h), f"{bits}", fill="black")
    draw.text((40, 12), "Maximum exportable key length (bits)", fill="black")
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def build(out: Path = OUT) -> None:
    if out.exists():
        shutil.rmtree(out)
    files: dict[str, bytes] = {}
    for path, title, date, paragraphs, links in PAGES:
        files[path] = _html(title, date, paragraphs, links, path)
    for path, title, date, pages in PDFS:
        files[path] = _pdf(title, date, pages)
    files["1998/escrow-memo-98-0401.pdf"] = _scanned_pdf()
    files["2013/03/notes-13-0318.txt"] = TEXT_NOTE.encode("cp1252")
    files["2000/key-lengths-00-0114.png"] = _chart()
    for rel, data in sorted(files.items()):
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        os.utime(target, (FIXED_TIME, FIXED_TIME))
    print(f"wrote {len(files)} files to {out}")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
