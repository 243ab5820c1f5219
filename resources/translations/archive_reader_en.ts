<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
    <context>
        <name>ArchivesController</name>
        <message numerus="yes">
            <source>{names} joins the set in this archive</source>
            <translation>
                <numerusform>{names} joins the set in this archive</numerusform>
                <numerusform>{names} join the set in this archive</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>{names} is not a disc of the set in this archive (“{archive}”).</source>
            <translation>
                <numerusform>{names} is not a disc of the set in this archive (“{archive}”).</numerusform>
                <numerusform>{names} are not discs of the set in this archive (“{archive}”).</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>{names} is not a disc of the set in this archive.</source>
            <translation>
                <numerusform>{names} is not a disc of the set in this archive.</numerusform>
                <numerusform>{names} are not discs of the set in this archive.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Add the disc to this archive?</source>
            <translation>
                <numerusform>Add the disc to this archive?</numerusform>
                <numerusform>Add the discs to this archive?</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Add it to this archive, so one search covers both, or keep it in a separate archive of its own?</source>
            <translation>
                <numerusform>Add it to this archive, so one search covers both, or keep it in a separate archive of its own?</numerusform>
                <numerusform>Add them to this archive, so one search covers all, or keep them in a separate archive of their own?</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>{title}  ·  {documents}, %Ln discs</source>
            <translation>
                <numerusform>{title}  ·  {documents}, %Ln disc</numerusform>
                <numerusform>{title}  ·  {documents}, %Ln discs</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln documents</source>
            <translation>
                <numerusform>%Ln document</numerusform>
                <numerusform>%Ln documents</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>BrowsePanel</name>
        <message numerus="yes">
            <source>{disc}  (%Ln files)</source>
            <translation>
                <numerusform>{disc}  (%Ln file)</numerusform>
                <numerusform>{disc}  (%Ln files)</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>DocumentsOut</name>
        <message numerus="yes">
            <source>Insert {discs} to drag its files</source>
            <translation>
                <numerusform>Insert {discs} to drag its files</numerusform>
                <numerusform>Insert {discs} to drag their files</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>FailuresDialog</name>
        <message numerus="yes">
            <source>%Ln files could not be read. Their names are still searchable. File → Retry Failed Files reads them again (a disc cleaned, a newer version of the app).</source>
            <translation>
                <numerusform>%Ln file could not be read. Its name is still searchable. File → Retry Failed Files reads it again (a disc cleaned, a newer version of the app).</numerusform>
                <numerusform>%Ln files could not be read. Their names are still searchable. File → Retry Failed Files reads them again (a disc cleaned, a newer version of the app).</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>HitCount</name>
        <message numerus="yes">
            <source>{count} hits</source>
            <translation>
                <numerusform>{count} hit</numerusform>
                <numerusform>{count} hits</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>{current} of {count} hits</source>
            <translation>
                <numerusform>{current} of {count} hit</numerusform>
                <numerusform>{current} of {count} hits</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>HitPages</name>
        <message numerus="yes">
            <source>p. {page} (%Ln hits)</source>
            <translation>
                <numerusform>p. {page} (%Ln hit)</numerusform>
                <numerusform>p. {page} (%Ln hits)</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ImageViewer</name>
        <message numerus="yes">
            <source>%Ln hits marked on the scan</source>
            <translation>
                <numerusform>%Ln hit marked on the scan</numerusform>
                <numerusform>%Ln hits marked on the scan</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>LibraryController</name>
        <message numerus="yes">
            <source>%Ln bookmarks</source>
            <translation>
                <numerusform>%Ln bookmark</numerusform>
                <numerusform>%Ln bookmarks</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln notes</source>
            <translation>
                <numerusform>%Ln note</numerusform>
                <numerusform>%Ln notes</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln tags</source>
            <translation>
                <numerusform>%Ln tag</numerusform>
                <numerusform>%Ln tags</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln notes updated</source>
            <translation>
                <numerusform>%Ln note updated</numerusform>
                <numerusform>%Ln notes updated</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message numerus="yes">
            <source>, &lt;a href="#failures"&gt;%Ln failed&lt;/a&gt;</source>
            <translation>
                <numerusform>, &lt;a href="#failures"&gt;%Ln failed&lt;/a&gt;</numerusform>
                <numerusform>, &lt;a href="#failures"&gt;%Ln failed&lt;/a&gt;</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln documents indexed</source>
            <translation>
                <numerusform>%Ln document indexed</numerusform>
                <numerusform>%Ln documents indexed</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Indexing: {done} of %Ln files</source>
            <translation>
                <numerusform>Indexing: {done} of %Ln file</numerusform>
                <numerusform>Indexing: {done} of %Ln files</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Exported %Ln results to {file}</source>
            <translation>
                <numerusform>Exported %Ln result to {file}</numerusform>
                <numerusform>Exported %Ln results to {file}</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>OcrController</name>
        <message numerus="yes">
            <source>%Ln scanned pages cannot be read: {reason}</source>
            <translation>
                <numerusform>%Ln scanned page cannot be read: {reason}</numerusform>
                <numerusform>%Ln scanned pages cannot be read: {reason}</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Scans read: %Ln pages in {time}</source>
            <translation>
                <numerusform>Scans read: %Ln page in {time}</numerusform>
                <numerusform>Scans read: %Ln pages in {time}</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>, %Ln could not be read</source>
            <translation>
                <numerusform>, %Ln could not be read</numerusform>
                <numerusform>, %Ln could not be read</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>OcrStatus</name>
        <message numerus="yes">
            <source>Reading scans: %Ln pages to read…</source>
            <translation>
                <numerusform>Reading scans: %Ln page to read…</numerusform>
                <numerusform>Reading scans: %Ln pages to read…</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>; %Ln pages could not be read</source>
            <translation>
                <numerusform>; %Ln page could not be read</numerusform>
                <numerusform>; %Ln pages could not be read</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>PageChoice</name>
        <message numerus="yes">
            <source>&amp;All %Ln pages</source>
            <translation>
                <numerusform>&amp;All %Ln page</numerusform>
                <numerusform>&amp;All %Ln pages</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>PdfLabels</name>
        <message numerus="yes">
            <source>{count} hits</source>
            <translation>
                <numerusform>{count} hit</numerusform>
                <numerusform>{count} hits</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>{current} of {count} hits</source>
            <translation>
                <numerusform>{current} of {count} hit</numerusform>
                <numerusform>{current} of {count} hits</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>Printing</name>
        <message numerus="yes">
            <source>“{title}” was printed, but pages {pages} could not be drawn: they say so.</source>
            <translation>
                <numerusform>“{title}” was printed, but page {pages} could not be drawn: it says so.</numerusform>
                <numerusform>“{title}” was printed, but pages {pages} could not be drawn: they say so.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Some pages could not be drawn</source>
            <translation>
                <numerusform>A page could not be drawn</numerusform>
                <numerusform>Some pages could not be drawn</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Saved %Ln pages of “{title}” as {file}</source>
            <translation>
                <numerusform>Saved %Ln page of “{title}” as {file}</numerusform>
                <numerusform>Saved %Ln pages of “{title}” as {file}</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ProgressPanel</name>
        <message numerus="yes">
            <source>Scanning {disc}: %Ln files found</source>
            <translation>
                <numerusform>Scanning {disc}: %Ln file found</numerusform>
                <numerusform>Scanning {disc}: %Ln files found</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>{done} of %Ln files</source>
            <translation>
                <numerusform>{done} of %Ln file</numerusform>
                <numerusform>{done} of %Ln files</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln failed</source>
            <translation>
                <numerusform>%Ln failed</numerusform>
                <numerusform>%Ln failed</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln indexed</source>
            <translation>
                <numerusform>%Ln indexed</numerusform>
                <numerusform>%Ln indexed</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln skipped</source>
            <translation>
                <numerusform>%Ln skipped</numerusform>
                <numerusform>%Ln skipped</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln unchanged</source>
            <translation>
                <numerusform>%Ln unchanged</numerusform>
                <numerusform>%Ln unchanged</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ScanNotice</name>
        <message numerus="yes">
            <source>This image is a scan: %Ln of its {total} scanned pages are waiting to be read by OCR; the words of the others were read by OCR (some may be misread).</source>
            <translation>
                <numerusform>This image is a scan: %Ln of its {total} scanned pages is waiting to be read by OCR; the words of the others were read by OCR (some may be misread).</numerusform>
                <numerusform>This image is a scan: %Ln of its {total} scanned pages are waiting to be read by OCR; the words of the others were read by OCR (some may be misread).</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>This PDF is a scan: %Ln of its {total} scanned pages are waiting to be read by OCR; the words of the others were read by OCR (some may be misread).</source>
            <translation>
                <numerusform>This PDF is a scan: %Ln of its {total} scanned pages is waiting to be read by OCR; the words of the others were read by OCR (some may be misread).</numerusform>
                <numerusform>This PDF is a scan: %Ln of its {total} scanned pages are waiting to be read by OCR; the words of the others were read by OCR (some may be misread).</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>SearchPanel</name>
        <message numerus="yes">
            <source>%Ln documents</source>
            <translation>
                <numerusform>%Ln document</numerusform>
                <numerusform>%Ln documents</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln with {words}</source>
            <translation>
                <numerusform>%Ln with {words}</numerusform>
                <numerusform>%Ln with {words}</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln more with related words</source>
            <translation>
                <numerusform>%Ln more with related words</numerusform>
                <numerusform>%Ln more with related words</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ThumbnailModel</name>
        <message numerus="yes">
            <source>{page} · %Ln hits</source>
            <translation>
                <numerusform>{page} · %Ln hit</numerusform>
                <numerusform>{page} · %Ln hits</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>Timeline</name>
        <message numerus="yes">
            <source>{year}: %Ln documents; click to show every year again</source>
            <translation>
                <numerusform>{year}: %Ln document; click to show every year again</numerusform>
                <numerusform>{year}: %Ln documents; click to show every year again</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>{year}: %Ln documents; click to show only {year}</source>
            <translation>
                <numerusform>{year}: %Ln document; click to show only {year}</numerusform>
                <numerusform>{year}: %Ln documents; click to show only {year}</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>_OcrTexts</name>
        <message numerus="yes">
            <source>Reading scans paused: {done} of %Ln pages read</source>
            <translation>
                <numerusform>Reading scans paused: {done} of %Ln page read</numerusform>
                <numerusform>Reading scans paused: {done} of %Ln pages read</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Reading scans: {done} of %Ln pages</source>
            <translation>
                <numerusform>Reading scans: {done} of %Ln page</numerusform>
                <numerusform>Reading scans: {done} of %Ln pages</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>_Plurals</name>
        <message numerus="yes">
            <source>%Ln copies</source>
            <translation>
                <numerusform>%Ln copy</numerusform>
                <numerusform>%Ln copies</numerusform>
            </translation>
        </message>
    </context>
</TS>
