"""The search syntax, as shown in the window's help (docs/search.md has the long version)."""

SYNTAX_HTML = """
<h3>Search syntax</h3>
<table cellspacing="6">
<tr><td><code>echelon intercepts</code></td><td>all the words (any form: intercepted, …)</td></tr>
<tr><td><code>"exact phrase"</code></td><td>the words together, in this order</td></tr>
<tr><td><code>nsa OR gchq</code></td><td>either word</td></tr>
<tr><td><code>-draft</code> or <code>NOT draft</code></td><td>without this word</td></tr>
<tr><td><code>surveil*</code></td><td>words starting with surveil</td></tr>
<tr><td><code>survelance~</code></td><td>words spelled like it (typos)</td></tr>
<tr><td><code>title:budget</code></td><td>in the title</td></tr>
<tr><td><code>type:pdf</code></td><td>pdf, html, txt, image, zip, other</td></tr>
<tr><td><code>year:2001</code>, <code>year:1999..2003</code></td><td>by year</td></tr>
<tr><td><code>disc:2</code>, <code>disc:CRYPTOME_1</code></td><td>on one disc</td></tr>
<tr><td><code>path:2013/03</code></td><td>in a folder</td></tr>
<tr><td><code>tag:todo</code></td><td>documents you tagged (Library tab)</td></tr>
<tr><td><code>has:note</code>, <code>has:bookmark</code></td><td>documents you annotated</td></tr>
</table>
<p>Your notes are searched too. The form you type comes first: <code>cafe</code> finds
cafe, then café; <code>"café"</code> in quotes finds only café.</p>
<h3>Keys</h3>
<table cellspacing="4">
<tr><td>Ctrl+L, Ctrl+K</td><td>the search box</td></tr>
<tr><td>Enter, Down</td><td>open the first hit, go into the results</td></tr>
<tr><td>Right / Left</td><td>show / hide the copies of a result</td></tr>
<tr><td>F3, Shift+F3 (Ctrl+G, Ctrl+Shift+G)</td><td>next / previous hit in the document</td></tr>
<tr><td>Ctrl+W</td><td>close the document</td></tr>
<tr><td>Ctrl+F</td><td>find in the document (Enter, Shift+Enter; Esc closes)</td></tr>
<tr><td>Alt+Left, Alt+Right</td><td>back, forward</td></tr>
<tr><td>Ctrl+D</td><td>bookmark the place you are reading</td></tr>
<tr><td>Ctrl+Shift+C</td><td>copy a citation of it</td></tr>
<tr><td>Ctrl+O, Ctrl+Shift+O</td><td>open a disc or folder, an ISO image</td></tr>
<tr><td>Ctrl+S, Ctrl+P, Ctrl+Shift+S</td><td>save a copy of the document, print it,
save it as a PDF</td></tr>
<tr><td>Ctrl+,</td><td>preferences</td></tr>
<tr><td>Ctrl+1, Ctrl+2, Ctrl+3</td><td>the Search, Browse and Library panels</td></tr>
<tr><td>F4</td><td>PDF: page thumbnails and the pages with hits</td></tr>
<tr><td>Ctrl+=, Ctrl+-, Ctrl+0</td><td>larger, smaller, normal size</td></tr>
<tr><td>F1, Ctrl+Q</td><td>this help, quit</td></tr>
</table>
"""
