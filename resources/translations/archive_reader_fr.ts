<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
    <context>
        <name>About</name>
        <message>
            <source>The complete source code of this version comes with the app: {link}.</source>
            <translation>Le code source complet de cette version est fourni avec l'application : {link}.</translation>
        </message>
        <message>
            <source>This copy runs from its own Python source code, in {link}.</source>
            <translation>Cette copie s'exécute depuis son propre code source Python, dans {link}.</translation>
        </message>
        <message>
            <source>Whoever gave you this copy must give you its source code on request.</source>
            <translation>Quiconque vous a remis cette copie doit vous en fournir le code source sur demande.</translation>
        </message>
        <message>
            <source>The project is at {link}.</source>
            <translation>Le projet se trouve à l'adresse {link}.</translation>
        </message>
        <message>
            <source>About Archive Reader</source>
            <translation>À propos d'Archive Reader</translation>
        </message>
        <message>
            <source>Free software: you can redistribute it and/or modify it under the terms of the GNU Affero General Public License, version 3 or later (AGPL-3.0-or-later). It comes with no warranty.</source>
            <translation>Logiciel libre : vous pouvez le redistribuer et/ou le modifier selon les termes de la licence publique générale GNU Affero, version 3 ou ultérieure (AGPL-3.0-or-later). Il est fourni sans aucune garantie.</translation>
        </message>
        <message>
            <source>It uses PyMuPDF (AGPL-3.0-or-later) to read and render PDFs, and Qt for Python (LGPL-3.0) for the window. Their licence texts come with the app (in a bundle: the &lt;i&gt;licenses&lt;/i&gt; folder).</source>
            <translation>Il utilise PyMuPDF (AGPL-3.0-or-later) pour lire et afficher les PDF, et Qt for Python (LGPL-3.0) pour la fenêtre. Leurs textes de licence sont fournis avec l'application (dans un paquet autonome : le dossier &lt;i&gt;licenses&lt;/i&gt;).</translation>
        </message>
    </context>
    <context>
        <name>ArchivesController</name>
        <message>
            <source>“{label}” ({about})</source>
            <translation>« {label} » ({about})</translation>
        </message>
        <message>
            <source>“{label}”</source>
            <translation>« {label} »</translation>
        </message>
        <message>
            <source>Open a disc or a folder of the archive</source>
            <translation>Ouvrir un disque ou un dossier de l'archive</translation>
        </message>
        <message>
            <source>Open an ISO image</source>
            <translation>Ouvrir une image ISO</translation>
        </message>
        <message>
            <source>Disc images (*.iso *.ISO);;All files (*)</source>
            <translation>Images de disque (*.iso *.ISO);;Tous les fichiers (*)</translation>
        </message>
        <message>
            <source>Cannot open</source>
            <translation>Ouverture impossible</translation>
        </message>
        <message>
            <source>{path}

{reason}</source>
            <translation>{path}

{reason}</translation>
        </message>
        <message>
            <source>{path}  (not found)</source>
            <translation>{path}  (introuvable)</translation>
        </message>
        <message>
            <source>No discs or folders opened yet</source>
            <translation>Aucun disque ni dossier ouvert pour l'instant</translation>
        </message>
        <message>
            <source>&amp;Clear Recent</source>
            <translation>&amp;Effacer la liste</translation>
        </message>
        <message>
            <source>The list of recent discs and folders is cleared</source>
            <translation>La liste des disques et dossiers récents est effacée</translation>
        </message>
        <message numerus="yes">
            <source>{names} joins the set in this archive</source>
            <translation>
                <numerusform>{names} rejoint la série de cette archive</numerusform>
                <numerusform>{names} rejoignent la série de cette archive</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>{names} is not a disc of the set in this archive (“{archive}”).</source>
            <translation>
                <numerusform>{names} n'est pas un disque de la série de cette archive (« {archive} »).</numerusform>
                <numerusform>{names} ne sont pas des disques de la série de cette archive (« {archive} »).</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>{names} is not a disc of the set in this archive.</source>
            <translation>
                <numerusform>{names} n'est pas un disque de la série de cette archive.</numerusform>
                <numerusform>{names} ne sont pas des disques de la série de cette archive.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Add the disc to this archive?</source>
            <translation>
                <numerusform>Ajouter le disque à cette archive ?</numerusform>
                <numerusform>Ajouter les disques à cette archive ?</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Add it to this archive, so one search covers both, or keep it in a separate archive of its own?</source>
            <translation>
                <numerusform>L'ajouter à cette archive, pour qu'une même recherche porte sur l'ensemble, ou le garder dans une archive distincte ?</numerusform>
                <numerusform>Les ajouter à cette archive, pour qu'une même recherche porte sur l'ensemble, ou les garder dans une archive distincte ?</numerusform>
            </translation>
        </message>
        <message>
            <source>Add to This Archive</source>
            <translation>Ajouter à cette archive</translation>
        </message>
        <message>
            <source>Separate Archive</source>
            <translation>Archive distincte</translation>
        </message>
        <message>
            <source>{name} (cannot be opened: {reason})</source>
            <translation>{name} (ne peut pas être ouverte : {reason})</translation>
        </message>
        <message numerus="yes">
            <source>{title}  ·  {documents}, %Ln discs</source>
            <translation>
                <numerusform>{title}  ·  {documents}, %Ln disque</numerusform>
                <numerusform>{title}  ·  {documents}, %Ln disques</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln documents</source>
            <translation>
                <numerusform>%Ln document</numerusform>
                <numerusform>%Ln documents</numerusform>
            </translation>
        </message>
        <message>
            <source>Indexing is running: wait, or cancel it, to switch</source>
            <translation>Indexation en cours : attendez sa fin, ou annulez-la, pour changer d'archive</translation>
        </message>
        <message>
            <source>Archive “{name}”</source>
            <translation>Archive « {name} »</translation>
        </message>
        <message>
            <source>{disc} (absent)</source>
            <translation>{disc} (absent)</translation>
        </message>
        <message>
            <source>Discs: {discs}</source>
            <translation>Disques : {discs}</translation>
        </message>
        <message>
            <source>no discs yet</source>
            <translation>aucun disque pour l'instant</translation>
        </message>
        <message>
            <source>“{document}”</source>
            <translation>« {document} »</translation>
        </message>
        <message>
            <source>Disc “{disc}” found at {place}</source>
            <translation>Disque « {disc} » trouvé dans {place}</translation>
        </message>
        <message>
            <source>Disc “{disc}” is inserted</source>
            <translation>Disque « {disc} » inséré</translation>
        </message>
        <message>
            <source>About this disc</source>
            <translation>À propos de ce disque</translation>
        </message>
    </context>
    <context>
        <name>BookmarkStar</name>
        <message>
            <source>Bookmark</source>
            <translation>Signet</translation>
        </message>
        <message>
            <source>Bookmarked: Ctrl+D removes the bookmark of this page (in a page or text scrolled away from it, moves it to the place shown)</source>
            <translation>Signet posé : Ctrl+D retire le signet de cette page (dans une page ou un texte que vous avez fait défiler, il le déplace à l'endroit affiché)</translation>
        </message>
        <message>
            <source>Bookmark this document or page (Ctrl+D)</source>
            <translation>Poser un signet sur ce document ou cette page (Ctrl+D)</translation>
        </message>
    </context>
    <context>
        <name>BrowsePanel</name>
        <message>
            <source>not indexed yet</source>
            <translation>pas encore indexé</translation>
        </message>
        <message>
            <source>indexed</source>
            <translation>indexé</translation>
        </message>
        <message>
            <source>failed</source>
            <translation>échec</translation>
        </message>
        <message>
            <source>skipped</source>
            <translation>ignoré</translation>
        </message>
        <message>
            <source>Folders</source>
            <translation>Dossiers</translation>
        </message>
        <message>
            <source>Documents by year</source>
            <translation>Documents par année</translation>
        </message>
        <message>
            <source>Years</source>
            <translation>Années</translation>
        </message>
        <message numerus="yes">
            <source>{disc}  (%Ln files)</source>
            <translation>
                <numerusform>{disc}  (%Ln fichier)</numerusform>
                <numerusform>{disc}  (%Ln fichiers)</numerusform>
            </translation>
        </message>
        <message>
            <source>No date</source>
            <translation>Sans date</translation>
        </message>
    </context>
    <context>
        <name>Core</name>
        <message>
            <source>{kind} file needs too much memory to read</source>
            <translation>le fichier {kind} demande trop de mémoire pour être lu</translation>
        </message>
        <message>
            <source>{kind} file is nested too deeply to read</source>
            <translation>le fichier {kind} est imbriqué trop profondément pour être lu</translation>
        </message>
        <message>
            <source>cannot read {kind} file: {detail}</source>
            <translation>impossible de lire le fichier {kind} : {detail}</translation>
        </message>
        <message>
            <source>image is too large to read safely ({reason})</source>
            <extracomment>Pages of a multi-page TIFF counted at most. Counting follows the chain of image directories without parsing them; a file claiming more pages is not a document anyone pages through, and the bound keeps the count's cost independent of the file. Frames of one image file that OCR reads at most.</extracomment>
            <translation>l'image est trop grande pour être lue sans risque ({reason})</translation>
        </message>
        <message>
            <source>not a recognised image format</source>
            <translation>format d'image non reconnu</translation>
        </message>
        <message>
            <source>image is damaged: {reason}</source>
            <translation>l'image est endommagée : {reason}</translation>
        </message>
        <message>
            <source>image is damaged: size {width}x{height}</source>
            <translation>l'image est endommagée : taille {width}x{height}</translation>
        </message>
        <message>
            <source>image is too large to read safely ({width}x{height} pixels, limit {limit:,})</source>
            <translation>l'image est trop grande pour être lue sans risque ({width}x{height} pixels, limite {limit:,})</translation>
        </message>
        <message>
            <source>not a PDF file (no %PDF header)</source>
            <translation>ce n'est pas un fichier PDF (pas d'en-tête %PDF)</translation>
        </message>
        <message>
            <source>PDF is damaged: {reason}</source>
            <translation>le PDF est endommagé : {reason}</translation>
        </message>
        <message>
            <source>PDF is damaged: the file is truncated (no %%EOF at the end)</source>
            <translation>le PDF est endommagé : le fichier est tronqué (pas de %%EOF à la fin)</translation>
        </message>
        <message>
            <source>PDF is encrypted and needs a password</source>
            <translation>le PDF est chiffré et demande un mot de passe</translation>
        </message>
        <message>
            <source>PDF is damaged: no pages ({reason})</source>
            <translation>le PDF est endommagé : aucune page ({reason})</translation>
        </message>
        <message>
            <source>empty page tree</source>
            <translation>arbre des pages vide</translation>
        </message>
        <message>
            <source>PDF is damaged: no page can be read ({reason})</source>
            <translation>le PDF est endommagé : aucune page n'est lisible ({reason})</translation>
        </message>
        <message>
            <source>zip archive uses an unsupported feature: {reason}</source>
            <translation>l'archive zip utilise une fonction non prise en charge : {reason}</translation>
        </message>
        <message>
            <source>zip archive is damaged: {reason}</source>
            <translation>l'archive zip est endommagée : {reason}</translation>
        </message>
        <message>
            <source>OCR is not installed: pip install 'archive-reader[ocr]'</source>
            <translation>l'OCR n'est pas installée : pip install 'archive-reader[ocr]'</translation>
        </message>
        <message>
            <source>PyMuPDF's OCR does not work here: {reason}</source>
            <translation>l'OCR de PyMuPDF ne fonctionne pas ici : {reason}</translation>
        </message>
        <message>
            <source>PyMuPDF's OCR read nothing with the language data in {folder}; {then}</source>
            <translation>l'OCR de PyMuPDF n'a rien lu avec les données de langue de {folder} ; {then}</translation>
        </message>
        <message>
            <source>Tesseract could not start with {languages} from {folder} (a damaged .traineddata file?)</source>
            <translation>Tesseract n'a pas pu démarrer avec {languages} depuis {folder} (un fichier .traineddata endommagé ?)</translation>
        </message>
        <message>
            <source>cannot open the PDF: {reason}</source>
            <translation>impossible d'ouvrir le PDF : {reason}</translation>
        </message>
        <message>
            <source>the PDF is password-protected</source>
            <translation>le PDF est protégé par un mot de passe</translation>
        </message>
        <message>
            <source>the image is too large to read ({reason})</source>
            <translation>l'image est trop grande pour être lue ({reason})</translation>
        </message>
        <message>
            <source>not an image file this app can read ({reason})</source>
            <translation>ce n'est pas un fichier image que l'application sait lire ({reason})</translation>
        </message>
        <message>
            <source>cannot decode frame {frame} of the image ({reason})</source>
            <translation>impossible de décoder l'image {frame} du fichier ({reason})</translation>
        </message>
        <message>
            <source>OCR cancelled; it goes on where it stopped next time</source>
            <translation>OCR annulée ; elle reprendra là où elle s'est arrêtée la prochaine fois</translation>
        </message>
        <message>
            <source>no Tesseract language data found: install tesseract-ocr-eng (Debian/Ubuntu), or set ocr.tessdata in settings.toml to a folder of .traineddata files</source>
            <translation>aucune donnée de langue Tesseract trouvée : installez tesseract-ocr-eng (Debian/Ubuntu), ou indiquez dans ocr.tessdata de settings.toml un dossier de fichiers .traineddata</translation>
        </message>
        <message>
            <source>no language data for {languages} in {folder}</source>
            <translation>aucune donnée de langue pour {languages} dans {folder}</translation>
        </message>
        <message>
            <source>OCR failed on this page</source>
            <translation>l'OCR a échoué sur cette page</translation>
        </message>
        <message>
            <source>indexing cancelled; run it again to resume</source>
            <translation>indexation annulée ; relancez-la pour la reprendre</translation>
        </message>
        <message>
            <source>{problem}; the file is ignored</source>
            <translation>{problem} ; le fichier est ignoré</translation>
        </message>
        <message>
            <source>{n:,} file</source>
            <translation>{n:,} fichier</translation>
        </message>
        <message>
            <source>{n:,} files</source>
            <translation>{n:,} fichiers</translation>
        </message>
        <message>
            <source>{n:,} disc</source>
            <translation>{n:,} disque</translation>
        </message>
        <message>
            <source>{n:,} discs</source>
            <translation>{n:,} disques</translation>
        </message>
        <message>
            <source>Used the ready-made index on {disc}: {files} of {discs} searchable; {differ} on the disc differ from it and are indexed now.</source>
            <translation>Index tout prêt de {disc} utilisé : {files} de {discs} cherchables ; {differ} du disque en diffèrent et sont indexés maintenant.</translation>
        </message>
        <message>
            <source>Used the ready-made index on {disc}: {files} of {discs} searchable.</source>
            <translation>Index tout prêt de {disc} utilisé : {files} de {discs} cherchables.</translation>
        </message>
        <message>
            <source>{disc} differs from the ready-made index of its set in {differ}; indexing what changed</source>
            <translation>{disc} diffère de l'index tout prêt de sa collection pour {differ} ; indexation de ce qui a changé</translation>
        </message>
        <message>
            <source>larger than {mb} MB: only its name is searchable</source>
            <translation>plus de {mb} Mo : seul son nom est cherchable</translation>
        </message>
        <message>
            <source>the disc {disc} went away; insert it and run again to go on</source>
            <translation>le disque {disc} a disparu ; insérez-le et relancez pour continuer</translation>
        </message>
        <message>
            <source>the file cannot be read</source>
            <translation>le fichier ne peut pas être lu</translation>
        </message>
        <message>
            <source>needs more than the {mb} MB memory limit</source>
            <translation>demande plus que la limite de mémoire de {mb} Mo</translation>
        </message>
        <message>
            <source>read error: {reason}</source>
            <translation>erreur de lecture : {reason}</translation>
        </message>
        <message>
            <source>unexpected {error}: {reason}</source>
            <translation>{error} inattendue : {reason}</translation>
        </message>
        <message>
            <source>the disc cannot be read: {reason}</source>
            <translation>le disque ne peut pas être lu : {reason}</translation>
        </message>
        <message>
            <source>the extractor crashed on this file ({signal})</source>
            <translation>l'extracteur a planté sur ce fichier ({signal})</translation>
        </message>
        <message>
            <source>the extractor stopped on this file (exit code {code})</source>
            <translation>l'extracteur s'est arrêté sur ce fichier (code de sortie {code})</translation>
        </message>
        <message>
            <source>took longer than the {limit:g} s limit</source>
            <translation>a pris plus que la limite de {limit:g} s</translation>
        </message>
        <message>
            <source>extraction processes cannot start (exit code {code}); the log has the reason</source>
            <translation>les processus d'extraction ne peuvent pas démarrer (code de sortie {code}) ; le journal en donne la raison</translation>
        </message>
        <message>
            <source>the library</source>
            <extracomment>HTML and text: the character offset of the first character shown (0: the top).</extracomment>
            <translation>la bibliothèque</translation>
        </message>
        <message>
            <source>{file} cannot be read as an export: {reason}</source>
            <translation>{file} ne peut pas être lu comme un export : {reason}</translation>
        </message>
        <message>
            <source>this file is not an Archive Reader export of bookmarks and notes</source>
            <translation>ce fichier n'est pas un export de signets et de notes d'Archive Reader</translation>
        </message>
        <message>
            <source>this export has format version {version!r}; this Archive Reader reads version {known} and older: update the app</source>
            <translation>cet export est au format version {version!r} ; cet Archive Reader lit la version {known} et les précédentes : mettez l'application à jour</translation>
        </message>
        <message>
            <source>this export is damaged: its document list cannot be read</source>
            <translation>cet export est endommagé : sa liste de documents est illisible</translation>
        </message>
        <message>
            <source>{filter}: your library is not available here; nothing matches.</source>
            <translation>{filter} : votre bibliothèque n'est pas disponible ici ; rien ne correspond.</translation>
        </message>
        <message>
            <source>{word}*: a prefix needs 2 letters or more; searched as a word.</source>
            <translation>{word}* : un préfixe demande au moins 2 lettres ; cherché comme un mot.</translation>
        </message>
        <message>
            <source>{word}~: fuzzy works on single words; searched exactly.</source>
            <translation>{word}~ : la recherche approchée ne porte que sur un mot ; cherché tel quel.</translation>
        </message>
        <message>
            <source>{word!r} is longer than the longest word the index keeps ({bytes} bytes); search a part of it; ignored.</source>
            <translation>{word!r} est plus long que le plus long mot que l'index garde ({bytes} octets) ; cherchez-en une partie ; ignoré.</translation>
        </message>
        <message>
            <source>{word!r} has no letters or digits to search; ignored.</source>
            <translation>{word!r} n'a ni lettre ni chiffre à chercher ; ignoré.</translation>
        </message>
        <message>
            <source>Nothing holds the quoted words exactly as typed; these hold them in other forms.</source>
            <translation>Rien ne contient les mots entre guillemets tels qu'ils sont tapés ; ces documents les contiennent sous d'autres formes.</translation>
        </message>
        <message>
            <source>Found only in text repeated on many pages (site banners, menus).</source>
            <translation>Trouvé seulement dans du texte répété sur de nombreuses pages (bandeaux de site, menus).</translation>
        </message>
        <message>
            <source>Nothing to search for.</source>
            <translation>Rien à chercher.</translation>
        </message>
        <message>
            <source>OR needs a word on each side; it was searched as a word.</source>
            <extracomment>Brackets deeper than this are dropped with a warning. The parser, the compiler and the tree's str() recurse once per level, and nobody means 400 levels; 32 keeps all of them far from Python's recursion limit.</extracomment>
            <translation>OR demande un mot de chaque côté ; il a été cherché comme un mot.</translation>
        </message>
        <message>
            <source>Unbalanced quote: the rest was searched as plain words.</source>
            <translation>Guillemet non refermé : la suite a été cherchée comme des mots simples.</translation>
        </message>
        <message>
            <source>A ')' without '(' was ignored.</source>
            <translation>Une ')' sans '(' a été ignorée.</translation>
        </message>
        <message>
            <source>Nothing after {word!r} to exclude; ignored.</source>
            <translation>Rien à exclure après {word!r} ; ignoré.</translation>
        </message>
        <message>
            <source>A '(' without ')' was closed at the end.</source>
            <translation>Une '(' sans ')' a été fermée à la fin.</translation>
        </message>
        <message>
            <source>{name}: needs a value, e.g. {example}; ignored.</source>
            <translation>{name} : demande une valeur, par exemple {example} ; ignoré.</translation>
        </message>
        <message>
            <source>Unknown type {value!r} (known: {kinds}); searched as a word.</source>
            <translation>Type {value!r} inconnu (connus : {kinds}) ; cherché comme un mot.</translation>
        </message>
        <message>
            <source>year:{value} is not a year or range (try year:2001 or year:1999..2003); searched as a word.</source>
            <translation>year:{value} n'est ni une année ni une plage (essayez year:2001 ou year:1999..2003) ; cherché comme un mot.</translation>
        </message>
        <message>
            <source>has:{value} is not known (try has:note or has:bookmark); searched as a word.</source>
            <translation>has:{value} est inconnu (essayez has:note ou has:bookmark) ; cherché comme un mot.</translation>
        </message>
        <message>
            <source>{word}: fuzzy distance is 1 or 2; {used} used.</source>
            <translation>{word} : la distance approchée est 1 ou 2 ; {used} utilisé.</translation>
        </message>
        <message>
            <source>Brackets nested more than {depth} deep: the inner ones were ignored.</source>
            <translation>Parenthèses imbriquées sur plus de {depth} niveaux : les plus intérieures ont été ignorées.</translation>
        </message>
        <message>
            <source>{file}: {key} must be a non-empty text, not {value!r}</source>
            <translation>{file} : {key} doit être un texte non vide, pas {value!r}</translation>
        </message>
        <message>
            <source>{file}: {key} must be a whole number from 1 up, not {value!r}</source>
            <translation>{file} : {key} doit être un nombre entier à partir de 1, pas {value!r}</translation>
        </message>
        <message>
            <source>{file}: {key} must be a URL text, not {value!r}</source>
            <translation>{file} : {key} doit être une URL écrite en texte, pas {value!r}</translation>
        </message>
        <message>
            <source>{file}: {key} must be an http:// or https:// address, not {value!r}</source>
            <translation>{file} : {key} doit être une adresse http:// ou https://, pas {value!r}</translation>
        </message>
        <message>
            <source>{file}: not UTF-8 text ({reason})</source>
            <translation>{file} : ce n'est pas du texte UTF-8 ({reason})</translation>
        </message>
        <message>
            <source>{file}: not valid TOML ({reason})</source>
            <translation>{file} : TOML non valide ({reason})</translation>
        </message>
        <message>
            <source>{file}: nested too deeply to read</source>
            <translation>{file} : imbriqué trop profondément pour être lu</translation>
        </message>
        <message>
            <source>{file}: disc {disc} is more than disc_count {count}</source>
            <translation>{file} : le disque {disc} dépasse disc_count {count}</translation>
        </message>
        <message>
            <source>{file}: base_urls must be a list of URLs, not {value!r}</source>
            <translation>{file} : base_urls doit être une liste d'URL, pas {value!r}</translation>
        </message>
        <message>
            <source>{file}: banners must be a list of non-empty texts</source>
            <translation>{file} : banners doit être une liste de textes non vides</translation>
        </message>
        <message>
            <source>{file}: unknown key {key!r} ignored (known: {known})</source>
            <translation>{file} : clé inconnue {key!r} ignorée (connues : {known})</translation>
        </message>
        <message>
            <source>{file}: larger than {kb} KB</source>
            <translation>{file} : plus de {kb} Ko</translation>
        </message>
        <message>
            <source>{file}: cannot be read ({reason})</source>
            <translation>{file} : illisible ({reason})</translation>
        </message>
        <message>
            <source>a record is cut short ({detail})</source>
            <translation>un enregistrement est tronqué ({detail})</translation>
        </message>
        <message>
            <source>The ISO image {file} is damaged: {reason}</source>
            <translation>L'image ISO {file} est endommagée : {reason}</translation>
        </message>
        <message>
            <source>the disc image is damaged here ({reason})</source>
            <translation>l'image disque est endommagée à cet endroit ({reason})</translation>
        </message>
        <message>
            <source>the disc image ends inside this file (damaged or incomplete image)</source>
            <translation>l'image disque se termine au milieu de ce fichier (image endommagée ou incomplète)</translation>
        </message>
        <message>
            <source>Cannot open {file}: {reason}</source>
            <translation>Impossible d'ouvrir {file} : {reason}</translation>
        </message>
        <message>
            <source>{file} is not a readable ISO disc image ({reason})</source>
            <translation>{file} n'est pas une image disque ISO lisible ({reason})</translation>
        </message>
        <message>
            <source>Not a folder: {path}</source>
            <translation>Ce n'est pas un dossier : {path}</translation>
        </message>
        <message>
            <source>Path leads outside the archive: {path}</source>
            <translation>Le chemin mène hors de l'archive : {path}</translation>
        </message>
        <message>
            <source>Cannot read {file}: {reason}</source>
            <translation>Impossible de lire {file} : {reason}</translation>
        </message>
        <message>
            <source>No such file in the archive</source>
            <translation>Ce fichier n'est pas dans l'archive</translation>
        </message>
        <message>
            <source>the disc image ends inside this file (image cut short)</source>
            <translation>l'image disque se termine au milieu de ce fichier (image tronquée)</translation>
        </message>
        <message>
            <source>{file}: the disc records no data for this file</source>
            <translation>{file} : le disque n'enregistre aucune donnée pour ce fichier</translation>
        </message>
        <message>
            <source>The folder {folder} cannot be read (permission denied)</source>
            <translation>Le dossier {folder} ne peut pas être lu (permission refusée)</translation>
        </message>
        <message>
            <source>{place} does not exist (is the disc inserted / the drive mounted?)</source>
            <translation>{place} n'existe pas (le disque est-il inséré, le lecteur monté ?)</translation>
        </message>
        <message>
            <source>{place} is a broken link</source>
            <translation>{place} est un lien cassé</translation>
        </message>
        <message>
            <source>The file {file} cannot be read (permission denied)</source>
            <translation>Le fichier {file} ne peut pas être lu (permission refusée)</translation>
        </message>
        <message>
            <source>{place} is neither a folder nor an ISO disc image; open the disc's folder (mount point) or its .iso file</source>
            <translation>{place} n'est ni un dossier ni une image disque ISO ; ouvrez le dossier du disque (point de montage) ou son fichier .iso</translation>
        </message>
        <message>
            <source>The archive folder {folder} is not available</source>
            <translation>Le dossier d'archive {folder} n'est pas disponible</translation>
        </message>
        <message>
            <source>The disc image {file} is not available</source>
            <translation>L'image disque {file} n'est pas disponible</translation>
        </message>
        <message>
            <source>Unknown volume kind: {kind!r}</source>
            <translation>Type de volume inconnu : {kind!r}</translation>
        </message>
        <message>
            <source>Invalid path in the archive: {path!r}</source>
            <extracomment>What `archive-reader publish --with-app` puts at a disc's root beside `.archive-reader/`: the reader's own folder, and the files that start it (names compared lower-cased). Never walked; left out of the fingerprint of a disc that has APP_DIR, so a disc carrying its reader is the same disc as without it (reader/publish/with_app.py). Files an OS drops into a copied folder; left out of the fingerprint so that a copy browsed on macOS/Windows still matches the disc (they are still walked). Folders deeper than this are not entered. Walks are iterative, so depth cannot crash them; the bound is for what comes after: every file below stores its whole path (a chain of n folders holding a file each costs n² bytes of paths in the catalogue and the index), and 128 levels keep any code that handles a path part by part far inside Python's recursion limit. No real disc comes near it; a crawl loop or a trap does.</extracomment>
            <translation>Chemin non valide dans l'archive : {path!r}</translation>
        </message>
        <message>
            <source>Path is not inside the archive: {path}</source>
            <translation>Le chemin n'est pas dans l'archive : {path}</translation>
        </message>
        <message>
            <source>Empty path in the archive</source>
            <translation>Chemin vide dans l'archive</translation>
        </message>
        <message>
            <source>its meta.json is gone</source>
            <translation>son meta.json a disparu</translation>
        </message>
        <message>
            <source>its folder is gone</source>
            <translation>son dossier a disparu</translation>
        </message>
        <message>
            <source>the search index is missing ({reason})</source>
            <translation>l'index de recherche manque ({reason})</translation>
        </message>
        <message>
            <source>the search index holds {held:,} documents where the catalogue lists {listed:,}</source>
            <translation>l'index de recherche contient {held:,} documents là où le catalogue en liste {listed:,}</translation>
        </message>
        <message>
            <source>the catalogue is damaged ({reason})</source>
            <translation>le catalogue est endommagé ({reason})</translation>
        </message>
        <message>
            <source>the catalogue</source>
            <translation>le catalogue</translation>
        </message>
        <message>
            <source>the search index was made by another version of Archive Reader</source>
            <translation>l'index de recherche a été créé par une autre version d'Archive Reader</translation>
        </message>
        <message>
            <source>its file {file} is missing</source>
            <translation>son fichier {file} manque</translation>
        </message>
        <message>
            <source>its file {file} is cut short or overwritten</source>
            <translation>son fichier {file} est tronqué ou écrasé</translation>
        </message>
        <message>
            <source>its meta.json cannot be read</source>
            <translation>son meta.json est illisible</translation>
        </message>
        <message>
            <source>the search index is damaged ({reason})</source>
            <translation>l'index de recherche est endommagé ({reason})</translation>
        </message>
        <message>
            <source>{folder}: no readable {file}</source>
            <translation>{folder} : pas de {file} lisible</translation>
        </message>
        <message>
            <source>the search index is damaged (its {file} is missing)</source>
            <translation>l'index de recherche est endommagé (son {file} manque)</translation>
        </message>
        <message>
            <source>{folder}: no passages index</source>
            <translation>{folder} : pas d'index des passages</translation>
        </message>
        <message>
            <source>the search index is damaged (its passages are missing)</source>
            <translation>l'index de recherche est endommagé (ses passages manquent)</translation>
        </message>
        <message>
            <source>the window</source>
            <translation>la fenêtre</translation>
        </message>
        <message>
            <source>another Archive Reader is indexing this archive</source>
            <translation>un autre Archive Reader indexe cette archive</translation>
        </message>
        <message>
            <source>another Archive Reader was indexing this archive and may not have ended cleanly</source>
            <translation>un autre Archive Reader indexait cette archive et ne s'est peut-être pas arrêté proprement</translation>
        </message>
        <message>
            <source>this archive is being indexed by {who} (process {pid}, since {time})</source>
            <translation>cette archive est en cours d'indexation par {who} (processus {pid}, depuis {time})</translation>
        </message>
        <message>
            <source>the OCR cache</source>
            <translation>le cache d'OCR</translation>
        </message>
        <message>
            <source>the OCR cache {file} cannot be opened: {reason}</source>
            <translation>le cache d'OCR {file} ne peut pas être ouvert : {reason}</translation>
        </message>
        <message>
            <source>{what} was made by a newer Archive Reader ({file}: schema {version}, this one knows {known}); update the app</source>
            <translation>{what} vient d'un Archive Reader plus récent ({file} : schéma {version}, celui-ci connaît {known}) ; mettez l'application à jour</translation>
        </message>
        <message>
            <source>{what} cannot be opened ({file}): {reason}</source>
            <translation>impossible d'ouvrir {what} ({file}) : {reason}</translation>
        </message>
        <message>
            <source>the sample archive is not installed ({folder})</source>
            <translation>l'archive d'exemple n'est pas installée ({folder})</translation>
        </message>
        <message>
            <source>{disc} carries a ready-made index, but this archive already holds other discs, which it cannot be merged with; the disc is indexed instead (open it as a separate archive to use the ready-made index)</source>
            <translation>{disc} porte un index tout prêt, mais cette archive contient déjà d'autres disques, avec lesquels il ne peut pas être fusionné ; le disque est indexé à la place (ouvrez-le comme une archive séparée pour utiliser l'index tout prêt)</translation>
        </message>
        <message>
            <source>the ready-made index on {disc} cannot be used ({reason}); the disc is indexed instead</source>
            <translation>l'index tout prêt de {disc} ne peut pas être utilisé ({reason}) ; le disque est indexé à la place</translation>
        </message>
        <message>
            <source>copying the ready-made index was cancelled</source>
            <translation>la copie de l'index tout prêt a été annulée</translation>
        </message>
        <message>
            <source>the ready-made index on {disc}</source>
            <translation>l'index tout prêt de {disc}</translation>
        </message>
        <message>
            <source>{where} cannot be read ({reason}); the disc is indexed instead</source>
            <translation>{where} ne peut pas être lu ({reason}) ; le disque est indexé à la place</translation>
        </message>
        <message>
            <source>{where} was made by a newer Archive Reader ({app}, format {format}); this version indexes the disc itself instead. Update the app to use it.</source>
            <translation>{where} a été créé par un Archive Reader plus récent ({app}, format {format}) ; cette version indexe elle-même le disque à la place. Mettez l'application à jour pour l'utiliser.</translation>
        </message>
        <message>
            <source>{where} was made by Archive Reader {app}, whose index format this version does not read; the disc is indexed instead</source>
            <translation>{where} a été créé par Archive Reader {app}, dont cette version ne lit pas le format d'index ; le disque est indexé à la place</translation>
        </message>
        <message>
            <source>{where} is incomplete ({files} missing); the disc is indexed instead</source>
            <translation>{where} est incomplet ({files} manquant) ; le disque est indexé à la place</translation>
        </message>
        <message>
            <source>the ready-made index on {disc} does not match the files on the disc (they changed after it was made); the disc is indexed instead</source>
            <translation>l'index tout prêt de {disc} ne correspond pas aux fichiers du disque (ils ont changé depuis sa création) ; le disque est indexé à la place</translation>
        </message>
        <message>
            <source>checking the disc against its ready-made index was cancelled</source>
            <translation>la vérification du disque par rapport à son index tout prêt a été annulée</translation>
        </message>
        <message>
            <source>{reason} ({file} differs)</source>
            <translation>{reason} ({file} diffère)</translation>
        </message>
    </context>
    <context>
        <name>Diagnostics</name>
        <message>
            <source>Log folder</source>
            <translation>Dossier des journaux</translation>
        </message>
        <message>
            <source>The log files are in {folder}</source>
            <translation>Les fichiers journaux se trouvent dans {folder}</translation>
        </message>
        <message>
            <source>Unexpected error</source>
            <translation>Erreur inattendue</translation>
        </message>
        <message>
            <source>Archive Reader ran into an unexpected error ({kind}: {what}); the details are in the log, {file}.</source>
            <translation>Archive Reader a rencontré une erreur inattendue ({kind} : {what}) ; les détails sont dans le journal, {file}.</translation>
        </message>
        <message>
            <source>Archive Reader ran into an unexpected error ({kind}); the details are in the log, {file}.</source>
            <translation>Archive Reader a rencontré une erreur inattendue ({kind}) ; les détails sont dans le journal, {file}.</translation>
        </message>
        <message>
            <source>This is a bug: the log helps to fix it. You can go on working; if the window misbehaves, close it and start it again (your bookmarks and notes are kept).</source>
            <translation>Il s'agit d'un bogue : le journal aide à le corriger. Vous pouvez continuer à travailler ; si la fenêtre se comporte mal, fermez-la et relancez-la (vos signets et vos notes sont conservés).</translation>
        </message>
        <message>
            <source>Open Log Folder</source>
            <translation>Ouvrir le dossier des journaux</translation>
        </message>
    </context>
    <context>
        <name>DiscOffer</name>
        <message>
            <source>Open</source>
            <translation>Ouvrir</translation>
        </message>
        <message>
            <source>Open the inserted disc</source>
            <translation>Ouvrir le disque inséré</translation>
        </message>
        <message>
            <source>Dismiss</source>
            <translation>Ignorer</translation>
        </message>
        <message>
            <source>Disc “{label}”{what}, with a ready-made index, inserted at {path}</source>
            <translation>Disque « {label} »{what}, avec un index tout prêt, inséré dans {path}</translation>
        </message>
        <message>
            <source>Disc “{label}”{what} inserted at {path}</source>
            <translation>Disque « {label} »{what} inséré dans {path}</translation>
        </message>
    </context>
    <context>
        <name>DocumentPane</name>
        <message>
            <source>Document title</source>
            <translation>Titre du document</translation>
        </message>
        <message>
            <source>Open a search result or a file to read it here.</source>
            <translation>Ouvrez un résultat de recherche ou un fichier pour le lire ici.</translation>
        </message>
    </context>
    <context>
        <name>DocumentsOut</name>
        <message>
            <source>No document is open.</source>
            <translation>Aucun document n'est ouvert.</translation>
        </message>
        <message>
            <source>Cannot open the file</source>
            <translation>Impossible d'ouvrir le fichier</translation>
        </message>
        <message>
            <source>{path}

{reason}</source>
            <translation>{path}

{reason}</translation>
        </message>
        <message>
            <source>Save a copy</source>
            <translation>Enregistrer une copie</translation>
        </message>
        <message>
            <source>Cannot save the copy there</source>
            <translation>Impossible d'enregistrer la copie à cet endroit</translation>
        </message>
        <message>
            <source>{file} is inside the archive, which is never written to. Choose a folder outside it.</source>
            <translation>{file} se trouve dans l'archive, où rien n'est jamais écrit. Choisissez un dossier en dehors de celle-ci.</translation>
        </message>
        <message>
            <source>Cannot save the copy</source>
            <translation>Impossible d'enregistrer la copie</translation>
        </message>
        <message>
            <source>Saved a copy as {file}</source>
            <translation>Copie enregistrée sous {file}</translation>
        </message>
        <message>
            <source>Saving a copy of {file}: {done}</source>
            <translation>Enregistrement d'une copie de {file} : {done}</translation>
        </message>
        <message>
            <source>Cannot show the folder</source>
            <translation>Impossible d'afficher le dossier</translation>
        </message>
        <message>
            <source>Showing the folder of {file}</source>
            <translation>Affichage du dossier de {file}</translation>
        </message>
        <message>
            <source>No folder to show</source>
            <translation>Aucun dossier à afficher</translation>
        </message>
        <message>
            <source>This file is inside {image}: it has no folder of its own. Use Save a Copy.</source>
            <translation>Ce fichier se trouve dans {image} : il n'a pas de dossier à lui. Utilisez Enregistrer une copie.</translation>
        </message>
        <message>
            <source>Save a Copy…</source>
            <translation>Enregistrer une copie…</translation>
        </message>
        <message>
            <source>Copied the path: {path}</source>
            <translation>Chemin copié : {path}</translation>
        </message>
        <message>
            <source>{file} is too large to drag out of a disc image: use Save a Copy</source>
            <translation>{file} est trop grand pour être glissé hors d'une image disque : utilisez Enregistrer une copie</translation>
        </message>
        <message>
            <source>Cannot drag {file}: {reason}</source>
            <translation>Impossible de faire glisser {file} : {reason}</translation>
        </message>
        <message numerus="yes">
            <source>Insert {discs} to drag its files</source>
            <translation>
                <numerusform>Insérez {discs} pour faire glisser ses fichiers</numerusform>
                <numerusform>Insérez {discs} pour faire glisser leurs fichiers</numerusform>
            </translation>
        </message>
        <message>
            <source>File menu</source>
            <translation>Menu du fichier</translation>
        </message>
        <message>
            <source>&amp;Open</source>
            <translation>&amp;Ouvrir</translation>
        </message>
        <message>
            <source>Open &amp;with System Viewer</source>
            <translation>Ouvrir avec la visionneuse du s&amp;ystème</translation>
        </message>
        <message>
            <source>Save a Cop&amp;y…</source>
            <translation>Enregistrer une &amp;copie…</translation>
        </message>
        <message>
            <source>Show in Fo&amp;lder</source>
            <translation>Afficher dans le &amp;dossier</translation>
        </message>
        <message>
            <source>Copy &amp;Path</source>
            <translation>Copier le c&amp;hemin</translation>
        </message>
    </context>
    <context>
        <name>FailuresDialog</name>
        <message>
            <source>Files that could not be read</source>
            <translation>Fichiers illisibles</translation>
        </message>
        <message>
            <source>Failed files</source>
            <translation>Fichiers en échec</translation>
        </message>
        <message numerus="yes">
            <source>%Ln files could not be read. Their names are still searchable. File → Retry Failed Files reads them again (a disc cleaned, a newer version of the app).</source>
            <translation>
                <numerusform>%Ln fichier n'a pas pu être lu. Son nom reste consultable. Fichier → Retenter les fichiers en échec le relit (après nettoyage d'un disque, avec une version plus récente de l'application).</numerusform>
                <numerusform>%Ln fichiers n'ont pas pu être lus. Leurs noms restent consultables. Fichier → Retenter les fichiers en échec les relit (après nettoyage d'un disque, avec une version plus récente de l'application).</numerusform>
            </translation>
        </message>
        <message>
            <source>Disc</source>
            <translation>Disque</translation>
        </message>
        <message>
            <source>File</source>
            <translation>Fichier</translation>
        </message>
        <message>
            <source>Why</source>
            <translation>Raison</translation>
        </message>
        <message>
            <source>Copy List</source>
            <translation>Copier la liste</translation>
        </message>
    </context>
    <context>
        <name>FindBar</name>
        <message>
            <source>Searching…</source>
            <extracomment>More highlights than this slow painting down and help nobody; the status says "+".</extracomment>
            <translation>Recherche…</translation>
        </message>
        <message>
            <source>Not found</source>
            <translation>Introuvable</translation>
        </message>
        <message>
            <source>{current} of {total}</source>
            <translation>{current} sur {total}</translation>
        </message>
        <message>
            <source>Find bar</source>
            <extracomment>Words of a snippet looked for in the document to find where it came from. Typing pauses this long before the document is searched (a long page takes a while).</extracomment>
            <translation>Barre de recherche</translation>
        </message>
        <message>
            <source>Find in document</source>
            <translation>Rechercher dans le document</translation>
        </message>
        <message>
            <source>Find text</source>
            <translation>Texte à rechercher</translation>
        </message>
        <message>
            <source>Text to find (Enter: next, Shift+Enter: previous, Esc: close)</source>
            <translation>Texte à rechercher (Entrée : suivant, Maj+Entrée : précédent, Échap : fermer)</translation>
        </message>
        <message>
            <source>Previous match (Shift+F3)</source>
            <translation>Occurrence précédente (Maj+F3)</translation>
        </message>
        <message>
            <source>Next match (F3)</source>
            <translation>Occurrence suivante (F3)</translation>
        </message>
        <message>
            <source>Find result</source>
            <translation>Résultat de la recherche</translation>
        </message>
        <message>
            <source>Close (Esc)</source>
            <translation>Fermer (Échap)</translation>
        </message>
        <message>
            <source>Find:</source>
            <translation>Rechercher :</translation>
        </message>
    </context>
    <context>
        <name>HitCount</name>
        <message numerus="yes">
            <source>{count} hits</source>
            <translation>
                <numerusform>{count} occurrence</numerusform>
                <numerusform>{count} occurrences</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>{current} of {count} hits</source>
            <translation>
                <numerusform>{current} sur {count} occurrence</numerusform>
                <numerusform>{current} sur {count} occurrences</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>HitPages</name>
        <message>
            <source>Pages with hits</source>
            <translation>Pages avec occurrences</translation>
        </message>
        <message numerus="yes">
            <source>p. {page} (%Ln hits)</source>
            <translation>
                <numerusform>p. {page} (%Ln occurrence)</numerusform>
                <numerusform>p. {page} (%Ln occurrences)</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>HtmlViewer</name>
        <message>
            <source>big tables shown as lines</source>
            <extracomment>Larger pages are cut (Qt lays out about 3 MB of HTML per second). Decoded image bytes one page may use in total (a page of 500 big scans stays bounded).</extracomment>
            <translation>grands tableaux affichés en lignes</translation>
        </message>
        <message>
            <source>elements nested too deeply</source>
            <translation>éléments imbriqués trop profondément</translation>
        </message>
        <message>
            <source>too many elements</source>
            <translation>trop d'éléments</translation>
        </message>
        <message>
            <source>very long words broken</source>
            <translation>mots très longs coupés</translation>
        </message>
        <message>
            <source>oversized tables or pictures shrunk</source>
            <translation>tableaux ou images trop grands réduits</translation>
        </message>
        <message>
            <source>tables nested too deeply</source>
            <translation>tableaux imbriqués trop profondément</translation>
        </message>
        <message>
            <source>This page is long: only its first part is shown.</source>
            <extracomment>Limits when the user asks for the whole of a long page, or a hit lies past the first part: up to about four times the layout time of the first part (a few seconds at worst).</extracomment>
            <translation>Cette page est longue : seule sa première partie est affichée.</translation>
        </message>
        <message>
            <source>This page is long: only its first {size} MB are shown.</source>
            <translation>Cette page est longue : seuls ses {size} premiers Mo sont affichés.</translation>
        </message>
        <message>
            <source>Shown simplified ({reasons}).</source>
            <translation>Affichage simplifié ({reasons}).</translation>
        </message>
        <message>
            <source>HTML viewer</source>
            <translation>Visionneuse HTML</translation>
        </message>
        <message>
            <source>Page</source>
            <translation>Page</translation>
        </message>
        <message>
            <source>Alt+Left / Alt+Right: back / forward · Ctrl+F: find · F3: next hit · Ctrl+= / Ctrl+-: zoom</source>
            <translation>Alt+Gauche / Alt+Droite : page précédente / suivante · Ctrl+F : rechercher · F3 : occurrence suivante · Ctrl+= / Ctrl+- : zoom</translation>
        </message>
        <message>
            <source>Notice</source>
            <translation>Avis</translation>
        </message>
        <message>
            <source>Show Whole Page</source>
            <translation>Afficher toute la page</translation>
        </message>
        <message>
            <source>Lay out all of this long page (this can take a few seconds)</source>
            <translation>Mettre en page toute cette longue page (cela peut prendre quelques secondes)</translation>
        </message>
        <message>
            <source>This page cannot be read: {reason}</source>
            <translation>Cette page ne peut pas être lue : {reason}</translation>
        </message>
        <message>
            <source>This link cannot be followed: {link}</source>
            <translation>Ce lien ne peut pas être suivi : {link}</translation>
        </message>
        <message>
            <source>{link} (cannot be followed)</source>
            <translation>{link} (ne peut pas être suivi)</translation>
        </message>
    </context>
    <context>
        <name>ImageViewer</name>
        <message>
            <source>This file holds a PDF, not a picture: it is not shown as one.</source>
            <extracomment>Bigger files are not decoded at all (a page's image or the viewer's own). Decoded pixel budget per image: above it the image is refused before any decoding. The raster formats shown, by the magic bytes that start them; nothing else is decoded.</extracomment>
            <translation>Ce fichier contient un PDF, pas une image : il n'est pas affiché comme une image.</translation>
        </message>
        <message>
            <source>This is an SVG drawing: it is not drawn here (an SVG can name files and web addresses to load). Save a copy to look at it elsewhere.</source>
            <translation>Il s'agit d'un dessin SVG : il n'est pas affiché ici (un SVG peut désigner des fichiers et des adresses web à charger). Enregistrez-en une copie pour le regarder ailleurs.</translation>
        </message>
        <message>
            <source>This is not an image format the reader shows (PNG, JPEG, GIF, BMP, TIFF, WebP).</source>
            <translation>Ce n'est pas un format d'image que le lecteur affiche (PNG, JPEG, GIF, BMP, TIFF, WebP).</translation>
        </message>
        <message>
            <source>The file is too large to show ({size} MB).</source>
            <translation>Le fichier est trop volumineux pour être affiché ({size} Mo).</translation>
        </message>
        <message>
            <source>The image is damaged or its {format} decoder is missing.</source>
            <translation>L'image est endommagée, ou son décodeur {format} est absent.</translation>
        </message>
        <message>
            <source>The image is damaged: its size cannot be read.</source>
            <translation>L'image est endommagée : sa taille ne peut pas être lue.</translation>
        </message>
        <message>
            <source>The image is too large to show safely: {width} × {height} pixels (limit {limit} pixels).</source>
            <translation>L'image est trop grande pour être affichée sans risque : {width} × {height} pixels (limite : {limit} pixels).</translation>
        </message>
        <message>
            <source>The image needs too much memory to show.</source>
            <translation>L'image demande trop de mémoire pour être affichée.</translation>
        </message>
        <message>
            <source>The image is damaged ({reason}).</source>
            <translation>L'image est endommagée ({reason}).</translation>
        </message>
        <message>
            <source>{size} bytes</source>
            <translation>{size} octets</translation>
        </message>
        <message>
            <source>{size} KB</source>
            <translation>{size} Ko</translation>
        </message>
        <message>
            <source>{size} MB</source>
            <translation>{size} Mo</translation>
        </message>
        <message>
            <source>Image viewer</source>
            <translation>Visionneuse d'images</translation>
        </message>
        <message>
            <source>Image</source>
            <translation>Image</translation>
        </message>
        <message>
            <source>Drag to pan; Ctrl+wheel or Ctrl+= / Ctrl+- to zoom; Ctrl+0 fits the window</source>
            <translation>Faites glisser pour vous déplacer ; Ctrl+molette ou Ctrl+= / Ctrl+- pour zoomer ; Ctrl+0 ajuste à la fenêtre</translation>
        </message>
        <message>
            <source>Image message</source>
            <translation>Message de l'image</translation>
        </message>
        <message>
            <source>Image information</source>
            <translation>Informations sur l'image</translation>
        </message>
        <message>
            <source>Zoom level</source>
            <translation>Niveau de zoom</translation>
        </message>
        <message>
            <source>Zoom out</source>
            <translation>Zoom arrière</translation>
        </message>
        <message>
            <source>Zoom in</source>
            <translation>Zoom avant</translation>
        </message>
        <message>
            <source>Fit</source>
            <translation>Ajuster</translation>
        </message>
        <message>
            <source>Fit to window</source>
            <translation>Ajuster à la fenêtre</translation>
        </message>
        <message>
            <source>Actual size</source>
            <translation>Taille réelle</translation>
        </message>
        <message>
            <source>{action} ({key})</source>
            <translation>{action} ({key})</translation>
        </message>
        <message>
            <source>Scanned image notice</source>
            <translation>Avis sur l'image numérisée</translation>
        </message>
        <message>
            <source>{width} × {height} pixels</source>
            <translation>{width} × {height} pixels</translation>
        </message>
        <message>
            <source>taken {date}</source>
            <translation>prise le {date}</translation>
        </message>
        <message numerus="yes">
            <source>%Ln hits marked on the scan</source>
            <translation>
                <numerusform>%Ln occurrence marquée sur la numérisation</numerusform>
                <numerusform>%Ln occurrences marquées sur la numérisation</numerusform>
            </translation>
        </message>
        <message>
            <source>Hit {current} of {count}</source>
            <translation>Occurrence {current} sur {count}</translation>
        </message>
    </context>
    <context>
        <name>Indexing</name>
        <message>
            <source>{reason}. Wait for it to finish, or stop it, then open the disc again.</source>
            <translation>{reason}. Attendez qu'elle se termine, ou arrêtez-la, puis rouvrez le disque.</translation>
        </message>
        <message>
            <source>{reason}. Insert the disc and open it again to go on where it stopped.</source>
            <translation>{reason}. Insérez le disque et rouvrez-le pour reprendre là où elle s'est arrêtée.</translation>
        </message>
        <message>
            <source>{reason}.</source>
            <translation>{reason}.</translation>
        </message>
        <message>
            <source>{problem}. Open the discs again to rebuild it; your bookmarks and notes are kept.</source>
            <translation>{problem}. Rouvrez les disques pour le reconstruire ; vos signets et vos notes sont conservés.</translation>
        </message>
        <message>
            <source>There is no room left to write to {folder}. Free some space, then open the disc again to go on: what was indexed so far is kept.</source>
            <translation>Il n'y a plus de place pour écrire dans {folder}. Libérez de l'espace, puis rouvrez le disque pour continuer : ce qui a déjà été indexé est conservé.</translation>
        </message>
        <message>
            <source>There is no room left to write to the archive's folder. Free some space, then open the disc again to go on: what was indexed so far is kept.</source>
            <translation>Il n'y a plus de place pour écrire dans le dossier de l'archive. Libérez de l'espace, puis rouvrez le disque pour continuer : ce qui a déjà été indexé est conservé.</translation>
        </message>
    </context>
    <context>
        <name>IndexingController</name>
        <message>
            <source>Indexing</source>
            <translation>Indexation</translation>
        </message>
        <message>
            <source>Indexing is already running.</source>
            <translation>Une indexation est déjà en cours.</translation>
        </message>
        <message>
            <source>Stopping…</source>
            <translation>Arrêt en cours…</translation>
        </message>
        <message>
            <source>Indexing cancelled: open the disc again to resume.</source>
            <translation>Indexation annulée : ouvrez de nouveau le disque pour la reprendre.</translation>
        </message>
        <message>
            <source>Indexing stopped: {reason}</source>
            <translation>Indexation interrompue : {reason}</translation>
        </message>
    </context>
    <context>
        <name>InsertDiscDialog</name>
        <message>
            <source>Insert disc</source>
            <translation>Insérer un disque</translation>
        </message>
        <message>
            <source>Insert disc “{disc}”</source>
            <translation>Insérez le disque « {disc} »</translation>
        </message>
        <message>
            <source>Waiting for the disc…</source>
            <translation>En attente du disque…</translation>
        </message>
        <message>
            <source>Open ISO or Folder…</source>
            <translation>Ouvrir une image ISO ou un dossier…</translation>
        </message>
        <message>
            <source>, disc {number} of {count} of “{title}”</source>
            <translation>, disque {number} sur {count} de « {title} »</translation>
        </message>
        <message>
            <source>, disc {number} of {count}</source>
            <translation>, disque {number} sur {count}</translation>
        </message>
        <message>
            <source>{document} is on the disc “{disc}”{which}, which is not inserted.&lt;br&gt;&lt;br&gt;Insert it in any drive, or mount the disc or its ISO image anywhere: the document opens by itself as soon as the disc is there.</source>
            <translation>{document} se trouve sur le disque « {disc} »{which}, qui n'est pas inséré.&lt;br&gt;&lt;br&gt;Insérez-le dans n'importe quel lecteur, ou montez le disque ou son image ISO à n'importe quel endroit : le document s'ouvre de lui-même dès que le disque est là.</translation>
        </message>
        <message>
            <source>Could not look for the disc ({reason}); still trying…</source>
            <translation>Impossible de chercher le disque ({reason}) ; nouvel essai en cours…</translation>
        </message>
        <message>
            <source>Found.</source>
            <translation>Trouvé.</translation>
        </message>
        <message>
            <source>Where is the disc “{disc}”?</source>
            <translation>Où se trouve le disque « {disc} » ?</translation>
        </message>
    </context>
    <context>
        <name>LibraryController</name>
        <message>
            <source>Bookmark removed</source>
            <translation>Signet retiré</translation>
        </message>
        <message>
            <source>Bookmark moved here</source>
            <translation>Signet déplacé ici</translation>
        </message>
        <message>
            <source>Bookmarked this page {page}</source>
            <translation>Signet posé sur la page {page}</translation>
        </message>
        <message>
            <source>Bookmarked this place</source>
            <translation>Signet posé à cet endroit</translation>
        </message>
        <message>
            <source>Bookmarked this document</source>
            <translation>Signet posé sur ce document</translation>
        </message>
        <message>
            <source>Copied: {citation}</source>
            <translation>Copié : {citation}</translation>
        </message>
        <message>
            <source>Markdown, to read (*.md)</source>
            <translation>Markdown, à lire (*.md)</translation>
        </message>
        <message>
            <source>Export bookmarks and notes</source>
            <translation>Exporter les signets et les notes</translation>
        </message>
        <message>
            <source>archive-reader-library.json</source>
            <comment>the file name offered</comment>
            <translation>bibliotheque-archive-reader.json</translation>
        </message>
        <message>
            <source>JSON, to import again (*.json)</source>
            <translation>JSON, à réimporter (*.json)</translation>
        </message>
        <message>
            <source>Export failed</source>
            <translation>Échec de l'export</translation>
        </message>
        <message>
            <source>Exported bookmarks and notes to {file}</source>
            <translation>Signets et notes exportés dans {file}</translation>
        </message>
        <message>
            <source>Import bookmarks and notes</source>
            <translation>Importer des signets et des notes</translation>
        </message>
        <message>
            <source>Archive Reader export (*.json)</source>
            <translation>Export d'Archive Reader (*.json)</translation>
        </message>
        <message>
            <source>Cannot import</source>
            <translation>Import impossible</translation>
        </message>
        <message>
            <source>Imported {bookmarks}, {notes}, {tags} ({updated})</source>
            <translation>Importé : {bookmarks}, {notes}, {tags} ({updated})</translation>
        </message>
        <message numerus="yes">
            <source>%Ln bookmarks</source>
            <translation>
                <numerusform>%Ln signet</numerusform>
                <numerusform>%Ln signets</numerusform>
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
                <numerusform>%Ln étiquette</numerusform>
                <numerusform>%Ln étiquettes</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln notes updated</source>
            <translation>
                <numerusform>%Ln note mise à jour</numerusform>
                <numerusform>%Ln notes mises à jour</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>LibraryPanel</name>
        <message>
            <source>Add a tag and press Enter</source>
            <translation>Ajoutez une étiquette et appuyez sur Entrée</translation>
        </message>
        <message>
            <source>Add a tag</source>
            <translation>Ajouter une étiquette</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>Write a note about this document; it saves itself.</source>
            <translation>Écrivez une note sur ce document ; elle s'enregistre d'elle-même.</translation>
        </message>
        <message>
            <source>Tags of this document</source>
            <translation>Étiquettes de ce document</translation>
        </message>
        <message>
            <source>Double-click a tag (or select it and press Delete) to remove it</source>
            <translation>Double-cliquez sur une étiquette (ou sélectionnez-la et appuyez sur Suppr) pour la retirer</translation>
        </message>
        <message>
            <source>Notes of this document</source>
            <translation>Notes de ce document</translation>
        </message>
        <message>
            <source>New Note</source>
            <translation>Nouvelle note</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Supprimer</translation>
        </message>
        <message>
            <source>Delete this note</source>
            <translation>Supprimer cette note</translation>
        </message>
        <message>
            <source>Document</source>
            <translation>Document</translation>
        </message>
        <message>
            <source>Where</source>
            <translation>Emplacement</translation>
        </message>
        <message>
            <source>Added</source>
            <translation>Ajouté</translation>
        </message>
        <message>
            <source>Filter bookmarks</source>
            <translation>Filtrer les signets</translation>
        </message>
        <message>
            <source>Edited</source>
            <translation>Modifiée</translation>
        </message>
        <message>
            <source>Filter notes</source>
            <translation>Filtrer les notes</translation>
        </message>
        <message>
            <source>Tag / document</source>
            <translation>Étiquette / document</translation>
        </message>
        <message>
            <source>Filter tags</source>
            <translation>Filtrer les étiquettes</translation>
        </message>
        <message>
            <source>Opened</source>
            <translation>Ouvert</translation>
        </message>
        <message>
            <source>Filter history</source>
            <translation>Filtrer l'historique</translation>
        </message>
        <message>
            <source>Bookmarks</source>
            <translation>Signets</translation>
        </message>
        <message>
            <source>Notes</source>
            <translation>Notes</translation>
        </message>
        <message>
            <source>Tags</source>
            <translation>Étiquettes</translation>
        </message>
        <message>
            <source>History</source>
            <translation>Historique</translation>
        </message>
        <message>
            <source>Clear History</source>
            <translation>Effacer l'historique</translation>
        </message>
        <message>
            <source>Forget which documents were opened (bookmarks, notes and tags stay)</source>
            <translation>Oublier quels documents ont été ouverts (les signets, notes et étiquettes restent)</translation>
        </message>
        <message>
            <source>Clear the history?</source>
            <translation>Effacer l'historique ?</translation>
        </message>
        <message>
            <source>Forget which documents were opened and when? Bookmarks, notes and tags stay.</source>
            <translation>Oublier quels documents ont été ouverts, et quand ? Les signets, notes et étiquettes restent.</translation>
        </message>
        <message>
            <source>No document open.</source>
            <translation>Aucun document ouvert.</translation>
        </message>
        <message>
            <source>(empty)</source>
            <translation>(vide)</translation>
        </message>
        <message>
            <source>Note {number} · {text}</source>
            <translation>Note {number} · {text}</translation>
        </message>
        <message>
            <source>New note</source>
            <translation>Nouvelle note</translation>
        </message>
        <message>
            <source>Saved {time}</source>
            <translation>Enregistrée à {time}</translation>
        </message>
        <message>
            <source>Editing…</source>
            <translation>Modification…</translation>
        </message>
        <message>
            <source>{disc} (disc not inserted)</source>
            <translation>{disc} (disque absent)</translation>
        </message>
        <message>
            <source>p. {page}</source>
            <translation>p. {page}</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>Ouvrir</translation>
        </message>
        <message>
            <source>Remove Bookmark</source>
            <translation>Retirer le signet</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Archive Reader</source>
            <translation>Archive Reader</translation>
        </message>
        <message>
            <source>Bookmarks and notes unavailable: {problem}</source>
            <translation>Signets et notes indisponibles : {problem}</translation>
        </message>
        <message>
            <source>Search</source>
            <translation>Recherche</translation>
        </message>
        <message>
            <source>Browse</source>
            <translation>Parcourir</translation>
        </message>
        <message>
            <source>Library</source>
            <translation>Bibliothèque</translation>
        </message>
        <message>
            <source>Documents indexed</source>
            <translation>Documents indexés</translation>
        </message>
        <message>
            <source>{title} — Archive Reader</source>
            <translation>{title} — Archive Reader</translation>
        </message>
        <message>
            <source>The archive was repaired and must be indexed again</source>
            <translation>L'archive a été réparée et doit être indexée à nouveau</translation>
        </message>
        <message>
            <source>Open the discs again (File → Open) to index them; your bookmarks and notes are kept.</source>
            <translation>Ouvrez de nouveau les disques (Fichier → Ouvrir) pour les indexer ; vos signets et vos notes sont conservés.</translation>
        </message>
        <message numerus="yes">
            <source>, &lt;a href="#failures"&gt;%Ln failed&lt;/a&gt;</source>
            <translation>
                <numerusform>, &lt;a href="#failures"&gt;%Ln en échec&lt;/a&gt;</numerusform>
                <numerusform>, &lt;a href="#failures"&gt;%Ln en échec&lt;/a&gt;</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln documents indexed</source>
            <translation>
                <numerusform>%Ln document indexé</numerusform>
                <numerusform>%Ln documents indexés</numerusform>
            </translation>
        </message>
        <message>
            <source>Click the failed count for the files and the reasons</source>
            <translation>Cliquez sur le nombre d'échecs pour voir les fichiers et les raisons</translation>
        </message>
        <message numerus="yes">
            <source>Indexing: {done} of %Ln files</source>
            <translation>
                <numerusform>Indexation : {done} sur %Ln fichier</numerusform>
                <numerusform>Indexation : {done} sur %Ln fichiers</numerusform>
            </translation>
        </message>
        <message>
            <source>No results to export: search first.</source>
            <translation>Aucun résultat à exporter : lancez d'abord une recherche.</translation>
        </message>
        <message>
            <source>Export results as CSV</source>
            <translation>Exporter les résultats en CSV</translation>
        </message>
        <message>
            <source>results.csv</source>
            <comment>the file name offered</comment>
            <translation>resultats.csv</translation>
        </message>
        <message>
            <source>CSV (*.csv)</source>
            <translation>CSV (*.csv)</translation>
        </message>
        <message numerus="yes">
            <source>Exported %Ln results to {file}</source>
            <translation>
                <numerusform>%Ln résultat exporté dans {file}</numerusform>
                <numerusform>%Ln résultats exportés dans {file}</numerusform>
            </translation>
        </message>
        <message>
            <source>Search syntax</source>
            <translation>Syntaxe de recherche</translation>
        </message>
    </context>
    <context>
        <name>Menus</name>
        <message>
            <source>&amp;File</source>
            <translation>&amp;Fichier</translation>
        </message>
        <message>
            <source>Open Disc or &amp;Folder…</source>
            <translation>&amp;Ouvrir un disque ou un dossier…</translation>
        </message>
        <message>
            <source>Open &amp;ISO Image…</source>
            <translation>Ouvrir une image &amp;ISO…</translation>
        </message>
        <message>
            <source>Open Recen&amp;t</source>
            <translation>Ouverts &amp;récemment</translation>
        </message>
        <message>
            <source>Open the &amp;Sample Archive</source>
            <translation>Ouvrir l'archive d'e&amp;xemple</translation>
        </message>
        <message>
            <source>Switch &amp;Archive</source>
            <translation>Changer d'&amp;archive</translation>
        </message>
        <message>
            <source>Open &amp;with System Viewer</source>
            <translation>Ouvrir avec la visionneuse du s&amp;ystème</translation>
        </message>
        <message>
            <source>Save a Cop&amp;y…</source>
            <translation>Enregistrer une &amp;copie…</translation>
        </message>
        <message>
            <source>Show in Fo&amp;lder</source>
            <translation>Afficher dans le &amp;dossier</translation>
        </message>
        <message>
            <source>Copy &amp;Path</source>
            <translation>Copier le c&amp;hemin</translation>
        </message>
        <message>
            <source>Pri&amp;nt…</source>
            <translation>Im&amp;primer…</translation>
        </message>
        <message>
            <source>Save as PD&amp;F…</source>
            <translation>Enregistrer en PD&amp;F…</translation>
        </message>
        <message>
            <source>Export Results as &amp;CSV…</source>
            <translation>Exporter les résultats en CS&amp;V…</translation>
        </message>
        <message>
            <source>&amp;Export Bookmarks and Notes…</source>
            <translation>&amp;Exporter les signets et les notes…</translation>
        </message>
        <message>
            <source>I&amp;mport Bookmarks and Notes…</source>
            <translation>I&amp;mporter des signets et des notes…</translation>
        </message>
        <message>
            <source>&amp;Retry Failed Files</source>
            <translation>Re&amp;tenter les fichiers en échec</translation>
        </message>
        <message>
            <source>Read Scanned Pages (&amp;OCR)</source>
            <translation>Lire les pages &amp;numérisées (OCR)</translation>
        </message>
        <message>
            <source>&amp;Cancel Indexing</source>
            <translation>Annu&amp;ler l'indexation</translation>
        </message>
        <message>
            <source>Close &amp;Document</source>
            <translation>Fermer le doc&amp;ument</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>&amp;Quitter</translation>
        </message>
        <message>
            <source>&amp;Edit</source>
            <translation>É&amp;dition</translation>
        </message>
        <message>
            <source>&amp;Find in Document…</source>
            <translation>&amp;Rechercher dans le document…</translation>
        </message>
        <message>
            <source>Search the &amp;Archive</source>
            <translation>Chercher dans l'&amp;archive</translation>
        </message>
        <message>
            <source>&amp;Bookmark This Page</source>
            <translation>Poser un &amp;signet sur cette page</translation>
        </message>
        <message>
            <source>Copy &amp;Citation</source>
            <translation>Copier la &amp;citation</translation>
        </message>
        <message>
            <source>Pre&amp;ferences…</source>
            <translation>Pré&amp;férences…</translation>
        </message>
        <message>
            <source>&amp;Go</source>
            <translation>A&amp;ller</translation>
        </message>
        <message>
            <source>&amp;Back</source>
            <translation>&amp;Précédent</translation>
        </message>
        <message>
            <source>&amp;Forward</source>
            <translation>&amp;Suivant</translation>
        </message>
        <message>
            <source>&amp;Next Hit</source>
            <translation>Occurrence s&amp;uivante</translation>
        </message>
        <message>
            <source>&amp;Previous Hit</source>
            <translation>Occurrence pré&amp;cédente</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>&amp;Affichage</translation>
        </message>
        <message>
            <source>&amp;Search Panel</source>
            <translation>Panneau &amp;Recherche</translation>
        </message>
        <message>
            <source>&amp;Browse Panel</source>
            <translation>Panneau &amp;Parcourir</translation>
        </message>
        <message>
            <source>&amp;Library Panel</source>
            <translation>Panneau &amp;Bibliothèque</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>&amp;Aide</translation>
        </message>
        <message>
            <source>Search &amp;Syntax</source>
            <translation>&amp;Syntaxe de recherche</translation>
        </message>
        <message>
            <source>Open &amp;Log Folder</source>
            <translation>Ouvrir le dossier des &amp;journaux</translation>
        </message>
        <message>
            <source>&amp;About Archive Reader</source>
            <translation>À &amp;propos d'Archive Reader</translation>
        </message>
    </context>
    <context>
        <name>OcrController</name>
        <message>
            <source>No scanned pages are waiting to be read.</source>
            <translation>Aucune page numérisée n'attend d'être lue.</translation>
        </message>
        <message numerus="yes">
            <source>%Ln scanned pages cannot be read: {reason}</source>
            <translation>
                <numerusform>%Ln page numérisée ne peut pas être lue : {reason}</numerusform>
                <numerusform>%Ln pages numérisées ne peuvent pas être lues : {reason}</numerusform>
            </translation>
        </message>
        <message>
            <source>Stopping the reading of scans…</source>
            <translation>Arrêt de la lecture des numérisations…</translation>
        </message>
        <message numerus="yes">
            <source>Scans read: %Ln pages in {time}</source>
            <translation>
                <numerusform>Numérisations lues : %Ln page en {time}</numerusform>
                <numerusform>Numérisations lues : %Ln pages en {time}</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>, %Ln could not be read</source>
            <translation>
                <numerusform>, %Ln n'a pas pu être lue</numerusform>
                <numerusform>, %Ln n'ont pas pu être lues</numerusform>
            </translation>
        </message>
        <message>
            <source>Reading scans stopped: what was read is searchable</source>
            <translation>Lecture des numérisations arrêtée : ce qui a été lu est consultable</translation>
        </message>
        <message>
            <source>Reading scans stopped: {reason}</source>
            <translation>Lecture des numérisations arrêtée : {reason}</translation>
        </message>
    </context>
    <context>
        <name>OcrStatus</name>
        <message>
            <source>Reading scans</source>
            <translation>Lecture des numérisations</translation>
        </message>
        <message>
            <source>Pause</source>
            <translation>Pause</translation>
        </message>
        <message>
            <source>Pause reading scans (the computer is needed for else)</source>
            <translation>Mettre en pause la lecture des numérisations (l'ordinateur est requis pour autre chose)</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>Arrêter</translation>
        </message>
        <message>
            <source>Stop reading scans until the next start (what was read is kept)</source>
            <translation>Arrêter la lecture des numérisations jusqu'au prochain démarrage (ce qui a été lu est conservé)</translation>
        </message>
        <message>
            <source>Resume</source>
            <translation>Reprendre</translation>
        </message>
        <message numerus="yes">
            <source>Reading scans: %Ln pages to read…</source>
            <translation>
                <numerusform>Lecture des numérisations : %Ln page à lire…</numerusform>
                <numerusform>Lecture des numérisations : %Ln pages à lire…</numerusform>
            </translation>
        </message>
        <message>
            <source>OCR ({engine}) of the scanned pages, at low priority: now {file}</source>
            <translation>OCR ({engine}) des pages numérisées, en basse priorité : en cours, {file}</translation>
        </message>
        <message>
            <source>OCR ({engine}) of the scanned pages, at low priority</source>
            <translation>OCR ({engine}) des pages numérisées, en basse priorité</translation>
        </message>
        <message numerus="yes">
            <source>; %Ln pages could not be read</source>
            <translation>
                <numerusform> ; %Ln page n'a pas pu être lue</numerusform>
                <numerusform> ; %Ln pages n'ont pas pu être lues</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>OtherViewer</name>
        <message>
            <source>Path</source>
            <extracomment>What sniff() says about files that can run code when opened. The facts shown, in order (the keys of `OtherViewer.fields`; shown translated).</extracomment>
            <translation>Chemin</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>Taille</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Sorte</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>Modified</source>
            <translation>Modifié</translation>
        </message>
        <message>
            <source>Disc</source>
            <translation>Disque</translation>
        </message>
        <message>
            <source>{size} bytes</source>
            <translation>{size} octets</translation>
        </message>
        <message>
            <source>{size} GB</source>
            <translation>{size} Go</translation>
        </message>
        <message>
            <source>{size} MB</source>
            <translation>{size} Mo</translation>
        </message>
        <message>
            <source>{size} KB</source>
            <translation>{size} Ko</translation>
        </message>
        <message>
            <source>{rounded} ({exact})</source>
            <translation>{rounded} ({exact})</translation>
        </message>
        <message>
            <source>File information</source>
            <translation>Informations sur le fichier</translation>
        </message>
        <message>
            <source>File name</source>
            <translation>Nom du fichier</translation>
        </message>
        <message>
            <source>{field}:</source>
            <translation>{field} :</translation>
        </message>
        <message>
            <source>The reader cannot show this kind of file. You can open a temporary copy of it with the program your system uses for it, or save a copy.</source>
            <translation>Le lecteur ne peut pas afficher ce type de fichier. Vous pouvez en ouvrir une copie temporaire avec le programme que votre système utilise pour ce type, ou en enregistrer une copie.</translation>
        </message>
        <message>
            <source>Warning</source>
            <translation>Avertissement</translation>
        </message>
        <message>
            <source>Open with system viewer</source>
            <translation>Ouvrir avec la visionneuse du système</translation>
        </message>
        <message>
            <source>Open a temporary copy with the program your system uses</source>
            <translation>Ouvrir une copie temporaire avec le programme qu'utilise votre système</translation>
        </message>
        <message>
            <source>Save a copy…</source>
            <translation>Enregistrer une copie…</translation>
        </message>
        <message>
            <source>Save a copy of this file somewhere on your computer</source>
            <translation>Enregistrer une copie de ce fichier quelque part sur votre ordinateur</translation>
        </message>
        <message>
            <source>{extension} file</source>
            <translation>fichier {extension}</translation>
        </message>
        <message>
            <source>file without extension</source>
            <translation>fichier sans extension</translation>
        </message>
        <message>
            <source>unknown</source>
            <translation>inconnu</translation>
        </message>
        <message>
            <source>⚠ This is a {kind}: it can run code on your computer. Open it only if you trust where the archive came from.</source>
            <translation>⚠ Ce fichier est de type {kind} : il peut exécuter du code sur votre ordinateur. Ne l'ouvrez que si vous avez confiance dans la provenance de l'archive.</translation>
        </message>
        <message>
            <source>{file}: {type}</source>
            <translation>{file} : {type}</translation>
        </message>
    </context>
    <context>
        <name>PageChoice</name>
        <message>
            <source>Save as PDF</source>
            <translation>Enregistrer en PDF</translation>
        </message>
        <message numerus="yes">
            <source>&amp;All %Ln pages</source>
            <translation>
                <numerusform>&amp;Tout (%Ln page)</numerusform>
                <numerusform>&amp;Tout (%Ln pages)</numerusform>
            </translation>
        </message>
        <message>
            <source>&amp;This page ({page})</source>
            <translation>&amp;Cette page ({page})</translation>
        </message>
        <message>
            <source>&amp;Pages</source>
            <translation>&amp;Pages</translation>
        </message>
        <message>
            <source>From page</source>
            <translation>De la page</translation>
        </message>
        <message>
            <source>To page</source>
            <translation>À la page</translation>
        </message>
        <message>
            <source>to</source>
            <translation>à</translation>
        </message>
        <message>
            <source>&amp;Save…</source>
            <translation>&amp;Enregistrer…</translation>
        </message>
        <message>
            <source>The PDF's own pages are saved, text and all.</source>
            <translation>Les pages mêmes du PDF sont enregistrées, texte compris.</translation>
        </message>
    </context>
    <context>
        <name>PageStack</name>
        <message>
            <source>This page is damaged</source>
            <extracomment>What a page that cannot be drawn shows, by the reason (PdfDocument.undrawable). Translated where shown (PageStack.page_notice).</extracomment>
            <translation>Cette page est endommagée</translation>
        </message>
        <message>
            <source>This page takes too long to draw</source>
            <translation>Cette page est trop longue à afficher</translation>
        </message>
        <message>
            <source>&amp;Copy</source>
            <extracomment>How long a drag on a page whose words are not there yet waits for them (once).</extracomment>
            <translation>&amp;Copier</translation>
        </message>
        <message>
            <source>Copy &amp;page text</source>
            <translation>Copier le texte de la &amp;page</translation>
        </message>
    </context>
    <context>
        <name>PageThumbnails</name>
        <message>
            <source>Page thumbnails</source>
            <translation>Miniatures des pages</translation>
        </message>
    </context>
    <context>
        <name>PdfDocument</name>
        <message>
            <source>This PDF is damaged and cannot be shown.</source>
            <extracomment>Pages after one whose words are wanted that are asked for too: the hit scan and Find go page by page, and the worker is never left waiting for the window.</extracomment>
            <translation>Ce PDF est endommagé et ne peut pas être affiché.</translation>
        </message>
        <message>
            <source>This PDF is protected by a password, so Archive Reader cannot show it.</source>
            <translation>Ce PDF est protégé par un mot de passe : Archive Reader ne peut donc pas l'afficher.</translation>
        </message>
        <message>
            <source>This PDF has no pages (it may be damaged).</source>
            <translation>Ce PDF n'a aucune page (il est peut-être endommagé).</translation>
        </message>
        <message>
            <source>it cannot be read again ({reason})</source>
            <extracomment>Pages that cannot be drawn, and why: "damaged" or "slow" (over the time limit).</extracomment>
            <translation>il ne peut pas être relu ({reason})</translation>
        </message>
        <message>
            <source>these pages cannot be written ({reason})</source>
            <translation>ces pages ne peuvent pas être écrites ({reason})</translation>
        </message>
    </context>
    <context>
        <name>PdfLabels</name>
        <message numerus="yes">
            <source>{count} hits</source>
            <translation>
                <numerusform>{count} occurrence</numerusform>
                <numerusform>{count} occurrences</numerusform>
            </translation>
        </message>
        <message>
            <source>Hit {current} of {total}</source>
            <translation>Occurrence {current} sur {total}</translation>
        </message>
        <message>
            <source>No hits</source>
            <translation>Aucune occurrence</translation>
        </message>
        <message>
            <source>Page {page} of {count}</source>
            <translation>Page {page} sur {count}</translation>
        </message>
        <message numerus="yes">
            <source>{current} of {count} hits</source>
            <translation>
                <numerusform>{current} sur {count} occurrence</numerusform>
                <numerusform>{current} sur {count} occurrences</numerusform>
            </translation>
        </message>
        <message>
            <source>no hits</source>
            <translation>aucune occurrence</translation>
        </message>
    </context>
    <context>
        <name>PdfToolbar</name>
        <message>
            <source>PDF toolbar</source>
            <translation>Barre d'outils PDF</translation>
        </message>
        <message>
            <source>Thumbnails</source>
            <translation>Miniatures</translation>
        </message>
        <message>
            <source>Show page thumbnails and pages with hits</source>
            <translation>Afficher les miniatures des pages et les pages avec occurrences</translation>
        </message>
        <message>
            <source>Previous hit (Shift+F3)</source>
            <translation>Occurrence précédente (Maj+F3)</translation>
        </message>
        <message>
            <source>Next hit (F3)</source>
            <translation>Occurrence suivante (F3)</translation>
        </message>
        <message>
            <source>Hit position</source>
            <translation>Position de l'occurrence</translation>
        </message>
        <message>
            <source> Page </source>
            <translation> Page </translation>
        </message>
        <message>
            <source>Page number</source>
            <translation>Numéro de page</translation>
        </message>
        <message>
            <source>Go to page (type a number and press Enter)</source>
            <translation>Aller à la page (tapez un numéro et appuyez sur Entrée)</translation>
        </message>
        <message>
            <source>Zoom out</source>
            <translation>Zoom arrière</translation>
        </message>
        <message>
            <source>Zoom</source>
            <translation>Zoom</translation>
        </message>
        <message>
            <source>Zoom in</source>
            <translation>Zoom avant</translation>
        </message>
        <message>
            <source>Fit width</source>
            <translation>Pleine largeur</translation>
        </message>
        <message>
            <source>Fit the page width</source>
            <translation>Ajuster à la largeur de la page</translation>
        </message>
        <message>
            <source>Fit page</source>
            <translation>Page entière</translation>
        </message>
        <message>
            <source>Show whole pages</source>
            <translation>Afficher des pages entières</translation>
        </message>
        <message>
            <source>Copy</source>
            <translation>Copier</translation>
        </message>
        <message>
            <source>Copy the selected text</source>
            <translation>Copier le texte sélectionné</translation>
        </message>
    </context>
    <context>
        <name>PdfViewer</name>
        <message>
            <source>PDF pages</source>
            <translation>Pages du PDF</translation>
        </message>
        <message>
            <source>Scanned PDF notice</source>
            <translation>Avis sur le PDF numérisé</translation>
        </message>
        <message>
            <source>PDF message</source>
            <translation>Message du PDF</translation>
        </message>
        <message>
            <source>PDF sidebar</source>
            <translation>Panneau latéral du PDF</translation>
        </message>
        <message>
            <source>Pages</source>
            <translation>Pages</translation>
        </message>
        <message>
            <source>Hits</source>
            <translation>Occurrences</translation>
        </message>
        <message>
            <source>This PDF cannot be shown.</source>
            <translation>Ce PDF ne peut pas être affiché.</translation>
        </message>
        <message>
            <source>The text of this page cannot be read.</source>
            <translation>Le texte de cette page ne peut pas être lu.</translation>
        </message>
        <message>
            <source>PDF preview — {status}</source>
            <translation>Aperçu PDF — {status}</translation>
        </message>
    </context>
    <context>
        <name>PreferencesDialog</name>
        <message>
            <source>English</source>
            <translation>Anglais</translation>
        </message>
        <message>
            <source>French</source>
            <translation>Français</translation>
        </message>
        <message>
            <source>German</source>
            <translation>Allemand</translation>
        </message>
        <message>
            <source>Spanish</source>
            <translation>Espagnol</translation>
        </message>
        <message>
            <source>Italian</source>
            <translation>Italien</translation>
        </message>
        <message>
            <source>Portuguese</source>
            <translation>Portugais</translation>
        </message>
        <message>
            <source>Dutch</source>
            <translation>Néerlandais</translation>
        </message>
        <message>
            <source>Russian</source>
            <translation>Russe</translation>
        </message>
        <message>
            <source>Arabic</source>
            <translation>Arabe</translation>
        </message>
        <message>
            <source>Chinese (simplified)</source>
            <translation>Chinois (simplifié)</translation>
        </message>
        <message>
            <source>Chinese (traditional)</source>
            <translation>Chinois (traditionnel)</translation>
        </message>
        <message>
            <source>Japanese</source>
            <translation>Japonais</translation>
        </message>
        <message>
            <source>Korean</source>
            <translation>Coréen</translation>
        </message>
        <message>
            <source>As the desktop</source>
            <translation>Comme le bureau</translation>
        </message>
        <message>
            <source>Light</source>
            <translation>Clair</translation>
        </message>
        <message>
            <source>Dark</source>
            <translation>Sombre</translation>
        </message>
        <message>
            <source>Preferences</source>
            <translation>Préférences</translation>
        </message>
        <message>
            <source>Discs and indexing</source>
            <translation>Disques et indexation</translation>
        </message>
        <message>
            <source>Keep a copy of a disc's ready-made index on this computer</source>
            <translation>Garder sur cet ordinateur une copie de l'index tout prêt d'un disque</translation>
        </message>
        <message>
            <source>Off: a published disc's index is searched where it lies (nothing copied, but a disc of the set must be in to search). On: it is copied when the disc is opened, so the archive can be searched with no disc in, at the cost of its size on disk.</source>
            <translation>Désactivé : l'index d'un disque publié est consulté là où il se trouve (rien n'est copié, mais un disque de la série doit être inséré pour chercher). Activé : il est copié à l'ouverture du disque, si bien que l'archive peut être consultée sans disque, au prix de sa taille sur le disque dur.</translation>
        </message>
        <message>
            <source>Indexing &amp;processes:</source>
            <translation>&amp;Processus d'indexation :</translation>
        </message>
        <message>
            <source>Interface</source>
            <translation>Interface</translation>
        </message>
        <message>
            <source>As the system</source>
            <translation>Comme le système</translation>
        </message>
        <message>
            <source>Applies at the next start.</source>
            <translation>Prend effet au prochain démarrage.</translation>
        </message>
        <message>
            <source>Interface &amp;language:</source>
            <translation>&amp;Langue de l'interface :</translation>
        </message>
        <message>
            <source>Reading</source>
            <translation>Lecture</translation>
        </message>
        <message>
            <source>Document &amp;colours:</source>
            <translation>&amp;Couleurs des documents :</translation>
        </message>
        <message>
            <source>Draw PDF pages inverted when the colours are dark</source>
            <translation>Inverser les pages PDF quand les couleurs sont sombres</translation>
        </message>
        <message>
            <source>Scanned pages (OCR)</source>
            <translation>Pages numérisées (OCR)</translation>
        </message>
        <message>
            <source>Read scanned pages in the background after indexing</source>
            <translation>Lire les pages numérisées en arrière-plan après l'indexation</translation>
        </message>
        <message>
            <source>OCR languages</source>
            <translation>Langues de l'OCR</translation>
        </message>
        <message>
            <source>&amp;Languages:</source>
            <translation>Lan&amp;gues :</translation>
        </message>
        <message>
            <source>No Tesseract language data found: install tesseract-ocr-eng (and the languages you need), or name its folder as ocr.tessdata in settings.toml.</source>
            <translation>Aucune donnée de langue Tesseract trouvée : installez tesseract-ocr-eng (et les langues dont vous avez besoin), ou indiquez son dossier dans ocr.tessdata de settings.toml.</translation>
        </message>
        <message>
            <source>OCR p&amp;rocesses:</source>
            <translation>P&amp;rocessus d'OCR :</translation>
        </message>
        <message>
            <source> s</source>
            <comment>seconds</comment>
            <translation> s</translation>
        </message>
        <message>
            <source>Give up on a page &amp;after:</source>
            <translation>&amp;Abandonner une page après :</translation>
        </message>
        <message>
            <source>Where Archive Reader keeps its files</source>
            <translation>Où Archive Reader range ses fichiers</translation>
        </message>
        <message>
            <source>Settings:</source>
            <translation>Réglages :</translation>
        </message>
        <message>
            <source>Archives and library:</source>
            <translation>Archives et bibliothèque :</translation>
        </message>
        <message>
            <source>Cache:</source>
            <translation>Cache :</translation>
        </message>
        <message>
            <source>Logs:</source>
            <translation>Journaux :</translation>
        </message>
        <message>
            <source>{language} (not installed)</source>
            <translation>{language} (non installé)</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>Ouvrir</translation>
        </message>
        <message>
            <source>Open {folder}</source>
            <translation>Ouvrir {folder}</translation>
        </message>
        <message>
            <source>Preferences not saved</source>
            <translation>Préférences non enregistrées</translation>
        </message>
        <message>
            <source>The preferences hold until Archive Reader closes, but could not be saved to {file}: {reason}.</source>
            <translation>Les préférences valent jusqu'à la fermeture d'Archive Reader, mais n'ont pas pu être enregistrées dans {file} : {reason}.</translation>
        </message>
    </context>
    <context>
        <name>PrintRun</name>
        <message>
            <source>Printing {document}…</source>
            <translation>Impression de {document}…</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Annuler</translation>
        </message>
        <message>
            <source>Printing</source>
            <translation>Impression</translation>
        </message>
        <message>
            <source>Cannot write {file}.</source>
            <translation>Impossible d'écrire {file}.</translation>
        </message>
        <message>
            <source>The printer did not start the job.</source>
            <translation>L'imprimante n'a pas démarré la tâche.</translation>
        </message>
        <message>
            <source>The printer stopped taking pages.</source>
            <translation>L'imprimante a cessé d'accepter des pages.</translation>
        </message>
        <message>
            <source>Its pages cannot be drawn.</source>
            <translation>Ses pages ne peuvent pas être dessinées.</translation>
        </message>
        <message>
            <source>This page cannot be drawn.</source>
            <translation>Cette page ne peut pas être dessinée.</translation>
        </message>
        <message>
            <source>The printer could not finish the job.</source>
            <translation>L'imprimante n'a pas pu terminer la tâche.</translation>
        </message>
        <message>
            <source>The printer reported an error.</source>
            <translation>L'imprimante a signalé une erreur.</translation>
        </message>
    </context>
    <context>
        <name>Printing</name>
        <message>
            <source>This PDF's pages cannot be saved: {reason}.</source>
            <translation>Les pages de ce PDF ne peuvent pas être enregistrées : {reason}.</translation>
        </message>
        <message>
            <source>This PDF could not be shown, so it cannot be printed.</source>
            <translation>Ce PDF n'a pas pu être affiché, il ne peut donc pas être imprimé.</translation>
        </message>
        <message>
            <source>This image is not shown (see the viewer's message), so it cannot be printed.</source>
            <translation>Cette image n'est pas affichée (voir le message de la visionneuse), elle ne peut donc pas être imprimée.</translation>
        </message>
        <message>
            <source>Archive Reader shows no pages of this kind of file, so it cannot print it or save it as a PDF. Use Open with System Viewer, or Save a Copy.</source>
            <translation>Archive Reader n'affiche aucune page pour ce type de fichier, il ne peut donc ni l'imprimer ni l'enregistrer en PDF. Utilisez Ouvrir avec la visionneuse du système, ou Enregistrer une copie.</translation>
        </message>
        <message>
            <source>No document is open.</source>
            <translation>Aucun document n'est ouvert.</translation>
        </message>
        <message>
            <source>A print job is still going.</source>
            <translation>Une impression est encore en cours.</translation>
        </message>
        <message>
            <source>Cannot print this document</source>
            <translation>Impossible d'imprimer ce document</translation>
        </message>
        <message>
            <source>“{title}”</source>
            <translation>« {title} »</translation>
        </message>
        <message>
            <source>Printing “{title}” was cancelled.</source>
            <translation>L'impression de « {title} » a été annulée.</translation>
        </message>
        <message>
            <source>{title}

{reason}</source>
            <translation>{title}

{reason}</translation>
        </message>
        <message numerus="yes">
            <source>“{title}” was printed, but pages {pages} could not be drawn: they say so.</source>
            <translation>
                <numerusform>« {title} » a été imprimé, mais la page {pages} n'a pas pu être dessinée : elle l'indique.</numerusform>
                <numerusform>« {title} » a été imprimé, mais les pages {pages} n'ont pas pu être dessinées : elles l'indiquent.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Some pages could not be drawn</source>
            <translation>
                <numerusform>Une page n'a pas pu être dessinée</numerusform>
                <numerusform>Des pages n'ont pas pu être dessinées</numerusform>
            </translation>
        </message>
        <message>
            <source>Saved “{title}” as {file}</source>
            <translation>« {title} » enregistré sous {file}</translation>
        </message>
        <message>
            <source>Printed “{title}”</source>
            <translation>« {title} » imprimé</translation>
        </message>
        <message>
            <source>Save as PDF</source>
            <translation>Enregistrer en PDF</translation>
        </message>
        <message>
            <source>PDF files (*.pdf);;All files (*)</source>
            <translation>Fichiers PDF (*.pdf);;Tous les fichiers (*)</translation>
        </message>
        <message>
            <source>Cannot save the PDF there</source>
            <translation>Impossible d'enregistrer le PDF à cet endroit</translation>
        </message>
        <message>
            <source>{file} is inside the archive, which is never written to. Choose a folder outside it.</source>
            <translation>{file} se trouve dans l'archive, où rien n'est jamais écrit. Choisissez un dossier en dehors de celle-ci.</translation>
        </message>
        <message>
            <source>The file cannot be read again: {reason}</source>
            <translation>Le fichier ne peut pas être relu : {reason}</translation>
        </message>
        <message numerus="yes">
            <source>Saved %Ln pages of “{title}” as {file}</source>
            <translation>
                <numerusform>%Ln page de « {title} » enregistrée sous {file}</numerusform>
                <numerusform>%Ln pages de « {title} » enregistrées sous {file}</numerusform>
            </translation>
        </message>
        <message>
            <source>{file}

{reason}</source>
            <translation>{file}

{reason}</translation>
        </message>
        <message>
            <source>Cannot save the PDF</source>
            <translation>Impossible d'enregistrer le PDF</translation>
        </message>
    </context>
    <context>
        <name>ProgressPanel</name>
        <message>
            <source>Indexing progress</source>
            <translation>Avancement de l'indexation</translation>
        </message>
        <message>
            <source>Indexing…</source>
            <translation>Indexation…</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Annuler</translation>
        </message>
        <message>
            <source>Stop indexing; opening the disc again resumes it</source>
            <translation>Arrêter l'indexation ; rouvrir le disque la reprend</translation>
        </message>
        <message>
            <source>Retry failed files</source>
            <translation>Retenter les fichiers en échec</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Fermer</translation>
        </message>
        <message>
            <source>Files indexed</source>
            <translation>Fichiers indexés</translation>
        </message>
        <message>
            <source>Failed files</source>
            <translation>Fichiers en échec</translation>
        </message>
        <message>
            <source>Indexing {what}…</source>
            <translation>Indexation de {what}…</translation>
        </message>
        <message>
            <source>Looking for files…</source>
            <translation>Recherche des fichiers…</translation>
        </message>
        <message numerus="yes">
            <source>Scanning {disc}: %Ln files found</source>
            <translation>
                <numerusform>Examen de {disc} : %Ln fichier trouvé</numerusform>
                <numerusform>Examen de {disc} : %Ln fichiers trouvés</numerusform>
            </translation>
        </message>
        <message>
            <source>{done} of {total}</source>
            <translation>{done} sur {total}</translation>
        </message>
        <message>
            <source>{bytes}/s</source>
            <translation>{bytes}/s</translation>
        </message>
        <message>
            <source>ETA {time}</source>
            <translation>reste {time}</translation>
        </message>
        <message>
            <source>Copying the ready-made index of {disc}</source>
            <translation>Copie de l'index tout prêt de {disc}</translation>
        </message>
        <message numerus="yes">
            <source>{done} of %Ln files</source>
            <translation>
                <numerusform>{done} sur %Ln fichier</numerusform>
                <numerusform>{done} sur %Ln fichiers</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln failed</source>
            <translation>
                <numerusform>%Ln en échec</numerusform>
                <numerusform>%Ln en échec</numerusform>
            </translation>
        </message>
        <message>
            <source>Finishing the index…</source>
            <translation>Finalisation de l'index…</translation>
        </message>
        <message>
            <source>Indexing finished</source>
            <translation>Indexation terminée</translation>
        </message>
        <message>
            <source>{indexed}, {failed}, {skipped}, {unchanged}, in {time}</source>
            <translation>{indexed}, {failed}, {skipped}, {unchanged}, en {time}</translation>
        </message>
        <message numerus="yes">
            <source>%Ln indexed</source>
            <translation>
                <numerusform>%Ln indexé</numerusform>
                <numerusform>%Ln indexés</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln skipped</source>
            <translation>
                <numerusform>%Ln ignoré</numerusform>
                <numerusform>%Ln ignorés</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln unchanged</source>
            <translation>
                <numerusform>%Ln inchangé</numerusform>
                <numerusform>%Ln inchangés</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ReadingColoursControl</name>
        <message>
            <source>&amp;System</source>
            <extracomment>The choices of View → Reading Colours, as kept in settings.toml, with their menu text.</extracomment>
            <translation>Comme le &amp;système</translation>
        </message>
        <message>
            <source>&amp;Light</source>
            <translation>&amp;Clair</translation>
        </message>
        <message>
            <source>&amp;Dark</source>
            <translation>&amp;Sombre</translation>
        </message>
        <message>
            <source>Reading &amp;Colours</source>
            <translation>&amp;Couleurs de lecture</translation>
        </message>
        <message>
            <source>&amp;Invert PDF Pages in Dark Mode</source>
            <translation>&amp;Inverser les pages PDF en mode sombre</translation>
        </message>
        <message>
            <source>Scans and photographs look wrong inverted</source>
            <translation>Les scans et les photos rendent mal une fois inversés</translation>
        </message>
    </context>
    <context>
        <name>ReadingController</name>
        <message>
            <source>Cannot read the file</source>
            <translation>Impossible de lire le fichier</translation>
        </message>
        <message>
            <source>Find in document</source>
            <translation>Rechercher dans le document</translation>
        </message>
        <message>
            <source>Find:</source>
            <translation>Rechercher :</translation>
        </message>
        <message>
            <source>“{text}” not found</source>
            <translation>« {text} » introuvable</translation>
        </message>
        <message>
            <source>Link outside the archive</source>
            <translation>Lien hors de l'archive</translation>
        </message>
        <message>
            <source>This link leads outside the archive:</source>
            <translation>Ce lien mène hors de l'archive :</translation>
        </message>
        <message>
            <source>Open in Browser</source>
            <translation>Ouvrir dans le navigateur</translation>
        </message>
        <message>
            <source>Copy Link</source>
            <translation>Copier le lien</translation>
        </message>
    </context>
    <context>
        <name>ResultsModel</name>
        <message>
            <source>The same text is also at:
{places}
(Right arrow: show them)</source>
            <translation>Le même texte se trouve aussi dans :
{places}
(Flèche droite : les afficher)</translation>
        </message>
        <message>
            <source>no date</source>
            <translation>sans date</translation>
        </message>
        <message>
            <source>p. {page}</source>
            <translation>p. {page}</translation>
        </message>
        <message>
            <source>text from OCR</source>
            <translation>texte issu de l'OCR</translation>
        </message>
        <message>
            <source>disc not inserted</source>
            <translation>disque absent</translation>
        </message>
    </context>
    <context>
        <name>ScanNotice</name>
        <message>
            <source>This PDF is a scan: it has no text to search or copy.</source>
            <translation>Ce PDF est une numérisation : il ne contient aucun texte à rechercher ou à copier.</translation>
        </message>
        <message>
            <source>This image is a scan: its words were read by OCR, so some may be misread. Hits are marked on the scan.</source>
            <translation>Cette image est une numérisation : ses mots ont été lus par OCR, certains peuvent donc être mal lus. Les occurrences sont marquées sur la numérisation.</translation>
        </message>
        <message>
            <source>This PDF is a scan: its words were read by OCR, so some may be misread. Hits are marked on the scan.</source>
            <translation>Ce PDF est une numérisation : ses mots ont été lus par OCR, certains peuvent donc être mal lus. Les occurrences sont marquées sur la numérisation.</translation>
        </message>
        <message>
            <source>This image is a scan waiting to be read by OCR: its words become searchable once it is read.</source>
            <translation>Cette image est une numérisation en attente de lecture par OCR : ses mots deviendront consultables une fois qu'elle aura été lue.</translation>
        </message>
        <message>
            <source>This PDF is a scan waiting to be read by OCR: its words become searchable once it is read.</source>
            <translation>Ce PDF est une numérisation en attente de lecture par OCR : ses mots deviendront consultables une fois qu'il aura été lu.</translation>
        </message>
        <message numerus="yes">
            <source>This image is a scan: %Ln of its {total} scanned pages are waiting to be read by OCR; the words of the others were read by OCR (some may be misread).</source>
            <translation>
                <numerusform>Cette image est une numérisation : %Ln de ses {total} pages numérisées attend d'être lue par OCR ; les mots des autres ont été lus par OCR (certains peuvent être mal lus).</numerusform>
                <numerusform>Cette image est une numérisation : %Ln de ses {total} pages numérisées attendent d'être lues par OCR ; les mots des autres ont été lus par OCR (certains peuvent être mal lus).</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>This PDF is a scan: %Ln of its {total} scanned pages are waiting to be read by OCR; the words of the others were read by OCR (some may be misread).</source>
            <translation>
                <numerusform>Ce PDF est une numérisation : %Ln de ses {total} pages numérisées attend d'être lue par OCR ; les mots des autres ont été lus par OCR (certains peuvent être mal lus).</numerusform>
                <numerusform>Ce PDF est une numérisation : %Ln de ses {total} pages numérisées attendent d'être lues par OCR ; les mots des autres ont été lus par OCR (certains peuvent être mal lus).</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>SearchPanel</name>
        <message>
            <source>All types</source>
            <translation>Tous les types</translation>
        </message>
        <message>
            <source>Text</source>
            <translation>Texte</translation>
        </message>
        <message>
            <source>Images</source>
            <translation>Images</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>Autre</translation>
        </message>
        <message>
            <source>Best match</source>
            <translation>Pertinence</translation>
        </message>
        <message>
            <source>Newest first</source>
            <translation>Plus récents d'abord</translation>
        </message>
        <message>
            <source>Oldest first</source>
            <translation>Plus anciens d'abord</translation>
        </message>
        <message>
            <source>By path</source>
            <translation>Par chemin</translation>
        </message>
        <message>
            <source>Search: words, "a phrase", type:pdf, year:1999..2003</source>
            <translation>Rechercher : des mots, "une phrase", type:pdf, year:1999..2003</translation>
        </message>
        <message>
            <source>Search query</source>
            <translation>Requête de recherche</translation>
        </message>
        <message>
            <source>Type to search (Ctrl+L). Press ? for the syntax.</source>
            <translation>Tapez pour rechercher (Ctrl+L). Appuyez sur ? pour la syntaxe.</translation>
        </message>
        <message>
            <source>Search syntax (F1)</source>
            <translation>Syntaxe de recherche (F1)</translation>
        </message>
        <message>
            <source>Search syntax</source>
            <translation>Syntaxe de recherche</translation>
        </message>
        <message>
            <source>Hit count</source>
            <translation>Nombre de résultats</translation>
        </message>
        <message>
            <source>Remove the year filter</source>
            <translation>Retirer le filtre sur l'année</translation>
        </message>
        <message>
            <source>Search results</source>
            <translation>Résultats de la recherche</translation>
        </message>
        <message>
            <source>Type filter</source>
            <translation>Filtre par type</translation>
        </message>
        <message>
            <source>Disc filter</source>
            <translation>Filtre par disque</translation>
        </message>
        <message>
            <source>All discs</source>
            <translation>Tous les disques</translation>
        </message>
        <message>
            <source>Sort order</source>
            <translation>Ordre de tri</translation>
        </message>
        <message>
            <source>Types in the query</source>
            <translation>Types de la requête</translation>
        </message>
        <message>
            <source>More results could not be loaded: {reason}</source>
            <translation>Impossible de charger plus de résultats : {reason}</translation>
        </message>
        <message>
            <source>Type to search the archive</source>
            <translation>Tapez pour rechercher dans l'archive</translation>
        </message>
        <message>
            <source>Did you mean &lt;a href="{query}"&gt;{query}&lt;/a&gt;?</source>
            <translation>Vouliez-vous dire &lt;a href="{query}"&gt;{query}&lt;/a&gt; ?</translation>
        </message>
        <message>
            <source>No documents match. Try fewer words, or a prefix like surveil*.</source>
            <translation>Aucun document ne correspond. Essayez avec moins de mots, ou un préfixe comme surveil*.</translation>
        </message>
        <message>
            <source>Insert a disc to search</source>
            <translation>Insérez un disque pour rechercher</translation>
        </message>
        <message>
            <source>The search index is read from the discs themselves, and none is inserted: insert {discs} to search.</source>
            <translation>L'index de recherche est lu sur les disques eux-mêmes, et aucun n'est inséré : insérez {discs} pour chercher.</translation>
        </message>
        <message>
            <source> or </source>
            <translation> ou </translation>
        </message>
        <message>
            <source>the disc it was opened from</source>
            <translation>le disque d'où il a été ouvert</translation>
        </message>
        <message>
            <source>Search failed</source>
            <translation>La recherche a échoué</translation>
        </message>
        <message numerus="yes">
            <source>%Ln documents</source>
            <translation>
                <numerusform>%Ln document</numerusform>
                <numerusform>%Ln documents</numerusform>
            </translation>
        </message>
        <message>
            <source>only the words as typed</source>
            <translation>seulement les mots tels que tapés</translation>
        </message>
        <message numerus="yes">
            <source>%Ln with {words}</source>
            <translation>
                <numerusform>%Ln avec {words}</numerusform>
                <numerusform>%Ln avec {words}</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln more with related words</source>
            <translation>
                <numerusform>%Ln de plus avec des mots apparentés</numerusform>
                <numerusform>%Ln de plus avec des mots apparentés</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>Session</name>
        <message>
            <source>the archive needs a repair</source>
            <translation>l'archive doit être réparée</translation>
        </message>
        <message>
            <source>{problem}: it is repaired when {holder} has finished. Start Archive Reader again then.</source>
            <translation>{problem} : elle sera réparée quand {holder} aura terminé. Relancez alors Archive Reader.</translation>
        </message>
    </context>
    <context>
        <name>SyntaxHelp</name>
        <message>
            <source>all the words (any form: intercepted, …)</source>
            <translation>tous les mots (sous toutes leurs formes : intercepted, …)</translation>
        </message>
        <message>
            <source>the words together, in this order</source>
            <translation>les mots ensemble, dans cet ordre</translation>
        </message>
        <message>
            <source>either word</source>
            <translation>l'un ou l'autre mot</translation>
        </message>
        <message>
            <source>without this word</source>
            <translation>sans ce mot</translation>
        </message>
        <message>
            <source>words starting with surveil</source>
            <translation>les mots commençant par surveil</translation>
        </message>
        <message>
            <source>words spelled like it (typos)</source>
            <translation>les mots d'orthographe proche (fautes de frappe)</translation>
        </message>
        <message>
            <source>in the title</source>
            <translation>dans le titre</translation>
        </message>
        <message>
            <source>pdf, html, txt, image, zip, other</source>
            <translation>pdf, html, txt, image, zip, other</translation>
        </message>
        <message>
            <source>by year</source>
            <translation>par année</translation>
        </message>
        <message>
            <source>on one disc</source>
            <translation>sur un disque</translation>
        </message>
        <message>
            <source>in a folder</source>
            <translation>dans un dossier</translation>
        </message>
        <message>
            <source>documents you tagged (Library tab)</source>
            <translation>les documents que vous avez étiquetés (onglet Bibliothèque)</translation>
        </message>
        <message>
            <source>documents you annotated</source>
            <translation>les documents que vous avez annotés</translation>
        </message>
        <message>
            <source>Your notes are searched too. The form you type comes first: &lt;code&gt;cafe&lt;/code&gt; finds cafe, then café; &lt;code&gt;"café"&lt;/code&gt; in quotes finds only café.</source>
            <translation>Vos notes sont aussi consultées. La forme tapée vient en premier : &lt;code&gt;cafe&lt;/code&gt; trouve cafe, puis café ; &lt;code&gt;"café"&lt;/code&gt; entre guillemets ne trouve que café.</translation>
        </message>
        <message>
            <source>the search box</source>
            <translation>la zone de recherche</translation>
        </message>
        <message>
            <source>open the first hit, go into the results</source>
            <translation>ouvrir le premier résultat, aller dans les résultats</translation>
        </message>
        <message>
            <source>show / hide the copies of a result</source>
            <translation>afficher / masquer les copies d'un résultat</translation>
        </message>
        <message>
            <source>next / previous hit in the document</source>
            <translation>occurrence suivante / précédente dans le document</translation>
        </message>
        <message>
            <source>close the document</source>
            <translation>fermer le document</translation>
        </message>
        <message>
            <source>find in the document (Enter, Shift+Enter; Esc closes)</source>
            <translation>rechercher dans le document (Entrée, Maj+Entrée ; Échap ferme)</translation>
        </message>
        <message>
            <source>back, forward</source>
            <translation>précédent, suivant</translation>
        </message>
        <message>
            <source>bookmark the place you are reading</source>
            <translation>poser un signet à l'endroit que vous lisez</translation>
        </message>
        <message>
            <source>copy a citation of it</source>
            <translation>en copier une citation</translation>
        </message>
        <message>
            <source>open a disc or folder, an ISO image</source>
            <translation>ouvrir un disque ou un dossier, une image ISO</translation>
        </message>
        <message>
            <source>save a copy of the document, print it, save it as a PDF</source>
            <translation>enregistrer une copie du document, l'imprimer, l'enregistrer en PDF</translation>
        </message>
        <message>
            <source>preferences</source>
            <translation>préférences</translation>
        </message>
        <message>
            <source>the Search, Browse and Library panels</source>
            <translation>les panneaux Recherche, Parcourir et Bibliothèque</translation>
        </message>
        <message>
            <source>PDF: page thumbnails and the pages with hits</source>
            <translation>PDF : vignettes des pages et pages avec des occurrences</translation>
        </message>
        <message>
            <source>larger, smaller, normal size</source>
            <translation>plus grand, plus petit, taille normale</translation>
        </message>
        <message>
            <source>this help, quit</source>
            <translation>cette aide, quitter</translation>
        </message>
        <message>
            <source>or</source>
            <translation>ou</translation>
        </message>
        <message>
            <source>Search syntax</source>
            <translation>Syntaxe de recherche</translation>
        </message>
        <message>
            <source>Keys</source>
            <translation>Touches</translation>
        </message>
    </context>
    <context>
        <name>TextViewer</name>
        <message>
            <source>Text viewer</source>
            <extracomment>Only this much of a file is shown; setPlainText of 20 MB takes about 0.4 s. Longer lines are broken for display: Qt lays out one huge line very slowly.</extracomment>
            <translation>Visionneuse de texte</translation>
        </message>
        <message>
            <source>Text document</source>
            <translation>Document texte</translation>
        </message>
        <message>
            <source>Ctrl+F: find · F3 / Shift+F3: next / previous hit · Ctrl+= / Ctrl+-: zoom</source>
            <translation>Ctrl+F : rechercher · F3 / Maj+F3 : occurrence suivante / précédente · Ctrl+= / Ctrl+- : zoom</translation>
        </message>
        <message>
            <source>Encoding</source>
            <translation>Encodage</translation>
        </message>
        <message>
            <source>The text encoding detected for this file</source>
            <translation>L'encodage de texte détecté pour ce fichier</translation>
        </message>
        <message>
            <source>Notice</source>
            <translation>Avis</translation>
        </message>
        <message>
            <source>Wrap lines</source>
            <translation>Retour à la ligne</translation>
        </message>
        <message>
            <source>Break long lines at the window's edge</source>
            <translation>Couper les longues lignes au bord de la fenêtre</translation>
        </message>
        <message>
            <source>Encoding: {name}</source>
            <translation>Encodage : {name}</translation>
        </message>
        <message>
            <source>Showing the first {shown} MB of {total} MB.</source>
            <translation>Affichage des {shown} premiers Mo sur {total} Mo.</translation>
        </message>
        <message>
            <source>Lines longer than {count} characters are broken.</source>
            <translation>Les lignes de plus de {count} caractères sont coupées.</translation>
        </message>
    </context>
    <context>
        <name>ThumbnailModel</name>
        <message numerus="yes">
            <source>{page} · %Ln hits</source>
            <translation>
                <numerusform>{page} · %Ln occurrence</numerusform>
                <numerusform>{page} · %Ln occurrences</numerusform>
            </translation>
        </message>
        <message>
            <source>Page {page}</source>
            <translation>Page {page}</translation>
        </message>
    </context>
    <context>
        <name>Timeline</name>
        <message>
            <source>Hits per year</source>
            <translation>Résultats par année</translation>
        </message>
        <message>
            <source>Hits per year: click a bar to show only that year</source>
            <translation>Résultats par année : cliquez sur une barre pour n'afficher que cette année</translation>
        </message>
        <message>
            <source>{year}: no documents</source>
            <translation>{year} : aucun document</translation>
        </message>
        <message numerus="yes">
            <source>{year}: %Ln documents; click to show every year again</source>
            <translation>
                <numerusform>{year} : %Ln document ; cliquez pour afficher de nouveau toutes les années</numerusform>
                <numerusform>{year} : %Ln documents ; cliquez pour afficher de nouveau toutes les années</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>{year}: %Ln documents; click to show only {year}</source>
            <translation>
                <numerusform>{year} : %Ln document ; cliquez pour n'afficher que {year}</numerusform>
                <numerusform>{year} : %Ln documents ; cliquez pour n'afficher que {year}</numerusform>
            </translation>
        </message>
        <message>
            <source>No dated hits</source>
            <translation>Aucun résultat daté</translation>
        </message>
    </context>
    <context>
        <name>WelcomeView</name>
        <message>
            <source>Welcome</source>
            <translation>Bienvenue</translation>
        </message>
        <message>
            <source>Search and read a document archive offline: insert or mount a disc, or open a copied folder or an ISO image. The first time, the archive is indexed; you can search while that runs.</source>
            <translation>Recherchez et lisez une archive de documents hors ligne : insérez ou montez un disque, ou ouvrez un dossier copié ou une image ISO. La première fois, l'archive est indexée ; vous pouvez chercher pendant ce temps.</translation>
        </message>
        <message>
            <source>Open disc or folder…</source>
            <translation>Ouvrir un disque ou un dossier…</translation>
        </message>
        <message>
            <source>Open ISO image…</source>
            <translation>Ouvrir une image ISO…</translation>
        </message>
        <message>
            <source>Try the sample archive</source>
            <translation>Essayer l'archive d'exemple</translation>
        </message>
        <message>
            <source>Recent</source>
            <translation>Récents</translation>
        </message>
        <message>
            <source>Recent archives</source>
            <translation>Archives récentes</translation>
        </message>
        <message>
            <source>You can also drop a folder or an .iso file on this window.</source>
            <translation>Vous pouvez aussi déposer un dossier ou un fichier .iso sur cette fenêtre.</translation>
        </message>
    </context>
    <context>
        <name>_FilteredTree</name>
        <message>
            <source>Filter</source>
            <translation>Filtre</translation>
        </message>
        <message>
            <source>The disc is not inserted.</source>
            <translation>Le disque n'est pas inséré.</translation>
        </message>
    </context>
    <context>
        <name>_OcrTexts</name>
        <message numerus="yes">
            <source>Reading scans paused: {done} of %Ln pages read</source>
            <translation>
                <numerusform>Lecture des numérisations en pause : {done} sur %Ln page lue</numerusform>
                <numerusform>Lecture des numérisations en pause : {done} sur %Ln pages lues</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Reading scans: {done} of %Ln pages</source>
            <translation>
                <numerusform>Lecture des numérisations : {done} sur %Ln page</numerusform>
                <numerusform>Lecture des numérisations : {done} sur %Ln pages</numerusform>
            </translation>
        </message>
        <message>
            <source> · {rate} pages/min · {time} left</source>
            <translation> · {rate} pages/min · encore {time}</translation>
        </message>
    </context>
    <context>
        <name>_Plurals</name>
        <message numerus="yes">
            <source>%Ln copies</source>
            <translation>
                <numerusform>%Ln copie</numerusform>
                <numerusform>%Ln copies</numerusform>
            </translation>
        </message>
    </context>
</TS>
