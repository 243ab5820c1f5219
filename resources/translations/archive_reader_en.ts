<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
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
