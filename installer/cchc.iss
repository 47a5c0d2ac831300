; CCHC Desktop — Windows installer (Inno Setup 6).
;
; Built from the PyInstaller one-folder output dist\cchc\ (installer/cchc.spec), e.g.:
;   iscc /DAppVersion=0.1.0 installer\cchc.iss
; The version comes from the package (cchc_desktop.__version__), passed in by the build.
;
; Per-user install: no administrator rights, into the user's own Programs folder, named directly as
; {localappdata}\Programs (what {autopf} means for a per-user install on Windows; Wine cannot expand
; {autopf} there, and the Wine lane installs this very script).
;
; THE USER'S DATA IS NEVER HERE. The database (cchc.sqlite), its backups (backups\), the installed
; template packs (templates\) and the log (cchc.log) live in the user's data folder
; (platformdirs: %LOCALAPPDATA%\CCHC Desktop), outside {app}. An upgrade first deletes the old
; version's libraries ({app}\_internal, [InstallDelete]: a module the new version dropped must not stay
; importable); an uninstall removes only the program's own files. Neither ever touches the data folder:
; no entry of this script may name it.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
; The one-folder bundle to pack, relative to this script's folder (the Wine lane packs an older build from
; another folder to prove an upgrade: /DBundleDir=...).
#ifndef BundleDir
  #define BundleDir "..\dist\cchc"
#endif

#define AppName "CCHC Desktop"
#define AppLongName "CCHC Desktop – Báo cáo cải cách hành chính"
#define AppExe "cchc-desktop.exe"

[Setup]
; A fixed AppId (generated once; never change it): an upgrade replaces the installed version in place.
AppId={{DD87FA70-6207-41FD-850B-F6B16FB1BB63}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=CCHC Desktop
VersionInfoVersion={#AppVersion}
VersionInfoCompany=CCHC Desktop
VersionInfoDescription={#AppLongName} – cài đặt
VersionInfoProductName={#AppName}
VersionInfoProductVersion={#AppVersion}
; Python 3.11+ runs on Windows 10 and later only: setup refuses Windows 7 and 8 with its own message.
MinVersion=10.0
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\{#AppName}
UsePreviousAppDir=yes
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UninstallDisplayName={#AppLongName}
UninstallDisplayIcon={app}\{#AppExe}
OutputDir=..\dist\installer
OutputBaseFilename=CCHC-Desktop-{#AppVersion}-cai-dat
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Close a running CCHC Desktop before replacing its files (its data stays where it is).
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "vietnamese"; MessagesFile: "Vietnamese.isl"

[Tasks]
Name: "desktopicon"; Description: "Tạo lối tắt trên màn hình nền"; GroupDescription: "Lối tắt:"

[InstallDelete]
; The previous version's libraries: the new ones are copied whole below.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
; Everything of the one-folder bundle (Python, Tk, the ttkbootstrap themes, the templates, the demo).
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppLongName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppLongName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "Mở CCHC Desktop ngay"; Flags: nowait postinstall skipifsilent
