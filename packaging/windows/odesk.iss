; Inno Setup 6 script: the Windows installer for odesk, built from the PyInstaller one-dir bundle
; that packaging/odesk.spec makes in dist\odesk. Build on Windows with packaging\build_windows.py,
; or by hand from the repository root:
;   .venv\Scripts\python -m PyInstaller --noconfirm --distpath dist --workpath build\pyinstaller packaging\odesk.spec
;   iscc /DAppVersion=<version from pyproject.toml> packaging\windows\odesk.iss
; Output: dist\odesk-<version>-windows-x64-setup.exe
; Silent install for managed roll-out:  odesk-...-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /ALLUSERS
; Code signing: pass /DSignWith=<name of a SignTool configured in the Inno Setup IDE or with
; iscc "/S<name>=signtool sign /fd sha256 /tr http://timestamp.example /td sha256 /f trust.pfx $f">

#ifndef AppVersion
  #error Pass the version from pyproject.toml: iscc /DAppVersion=X.Y.Z odesk.iss
#endif
#define DistDir "..\..\dist\odesk"
#if !FileExists(AddBackslash(SourcePath) + DistDir + "\odesk.exe")
  #error dist\odesk\odesk.exe is missing: build the bundle from packaging\odesk.spec first
#endif
; build_windows.py copies resources\ beside the executable, where odesk's UI and server look for it.
#if !DirExists(AddBackslash(SourcePath) + DistDir + "\resources")
  #error dist\odesk\resources is missing: build with packaging\build_windows.py
#endif

[Setup]
; AppId identifies odesk to Windows across versions: never change it, or upgrades install twice.
AppId={{A1E1C310-C0AF-4EF8-A6FB-EE3FA3C4A1CB}
AppName=odesk
AppVersion={#AppVersion}
AppVerName=odesk {#AppVersion}
AppPublisher=odesk
AppComments=Open Dialogue network meeting records, offline-first and encrypted
VersionInfoVersion={#AppVersion}
VersionInfoProductName=odesk
DefaultDirName={autopf}\odesk
DefaultGroupName=odesk
DisableProgramGroupPage=yes
; Per-machine by default (IT roll-out); a user without admin rights may install for themselves.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 needs Windows 10 1809 or later.
MinVersion=10.0.17763
SetupIconFile=odesk.ico
UninstallDisplayIcon={app}\odesk.exe
UninstallDisplayName=odesk {#AppVersion}
OutputDir=..\..\dist
OutputBaseFilename=odesk-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Close a running odesk before replacing its files; the app locks its store when it closes.
CloseApplications=yes
RestartApplications=no
#ifdef SignWith
SignTool={#SignWith}
SignedUninstaller=yes
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; A new bundle replaces the old one whole, so no stale library from an earlier version is loaded.
Type: filesandordirs; Name: "{app}\_internal"
Type: filesandordirs; Name: "{app}\resources"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\odesk"; Filename: "{app}\odesk.exe"; WorkingDir: "{app}"; Comment: "Open Dialogue network meeting records"
Name: "{autodesktop}\odesk"; Filename: "{app}\odesk.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\odesk.exe"; Description: "{cm:LaunchProgram,odesk}"; Flags: nowait postinstall skipifsilent

; Uninstalling removes the program only. Each user's encrypted store
; (%LOCALAPPDATA%\odesk\odesk: odesk.db, vault.json) is left in place on purpose: it may hold
; changes not yet synced. IT deletes it after the device has synced or been revoked.
