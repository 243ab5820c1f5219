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
            <source>Copy List</source>
            <translation>Copier la liste</translation>
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
