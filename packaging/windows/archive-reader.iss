; Inno Setup 6 script: a per-user or all-users installer around the PyInstaller folder.
; Build on Windows, from the repository root, after the bundle (see docs/packaging.md):
;   .venv\Scripts\pyinstaller --noconfirm --distpath dist --workpath build\pyinstaller packaging\pyinstaller\archive-reader.spec
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\archive-reader.iss
; Output: dist\archive-reader-0.1.0-setup.exe

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Archive Reader"
#define AppId "org.archivereader.ArchiveReader"
#define Bundle "..\..\dist\archive-reader"

[Setup]
; A fixed AppId ties upgrades and the uninstaller to this app (braces doubled: literal).
AppId={{6F1C2B7E-4A8D-4E5B-9C3A-0D2E7F1A9B34}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Archive Reader developers
AppPublisherURL=https://example.invalid/archive-reader
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Ask: install for me only (no admin) or for all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
LicenseFile=..\..\LICENSE
OutputDir=..\..\dist
OutputBaseFilename=archive-reader-{#AppVersion}-setup
SetupIconFile=archive-reader.ico
UninstallDisplayIcon={app}\archive-reader-gui.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "isoassoc"; Description: "Offer {#AppName} to open .iso disc images"; GroupDescription: "File associations:"; Flags: unchecked

[Files]
; The whole one-folder bundle: both executables, _internal\ and licenses\.
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\archive-reader-gui.exe"; AppUserModelID: "{#AppId}"
Name: "{group}\Licences"; Filename: "{app}\licenses"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\archive-reader-gui.exe"; Tasks: desktopicon

[Registry]
; "Open with Archive Reader" for .iso files, without taking the default from Explorer's own
; mounting: a ProgID plus an OpenWithProgids entry. HKA = HKCU or HKLM, by install mode.
Root: HKA; Subkey: "Software\Classes\{#AppId}.iso"; ValueType: string; ValueName: ""; ValueData: "Disc image ({#AppName})"; Flags: uninsdeletekey; Tasks: isoassoc
Root: HKA; Subkey: "Software\Classes\{#AppId}.iso\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\archive-reader-gui.exe,0"; Tasks: isoassoc
Root: HKA; Subkey: "Software\Classes\{#AppId}.iso\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\archive-reader-gui.exe"" ""%1"""; Tasks: isoassoc
Root: HKA; Subkey: "Software\Classes\.iso\OpenWithProgids"; ValueType: string; ValueName: "{#AppId}.iso"; ValueData: ""; Flags: uninsdeletevalue; Tasks: isoassoc
Root: HKA; Subkey: "Software\Classes\Applications\archive-reader-gui.exe\SupportedTypes"; ValueType: string; ValueName: ".iso"; ValueData: ""; Flags: uninsdeletekey; Tasks: isoassoc

[Run]
Filename: "{app}\archive-reader-gui.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
