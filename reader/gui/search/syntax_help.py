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
<p>Your notes are searched too. Accents do not matter: <code>cafe</code> finds café.
Shortcuts: Ctrl+L search,
Enter open, F3 next hit, Alt+Left back.</p>
"""
