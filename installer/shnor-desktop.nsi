; ШНОР Desktop — Windows installer (NSIS 3, Unicode).
; Compiled by installer/build.sh:  makensis -DVERSION=x.y.z -DBUNDLE=<dist/shnor-desktop> -DOUTFILE=<setup.exe>
; Per-user install (no administrator rights needed), Start-menu entry, uninstaller.
; The user's data lives in %LOCALAPPDATA%\shnor\shnor-desktop and is never touched by
; an upgrade or an uninstall.

Unicode true
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "pass -DVERSION=..."
!endif
!ifndef BUNDLE
  !error "pass -DBUNDLE=<folder built by PyInstaller>"
!endif
!ifndef OUTFILE
  !define OUTFILE "shnor-desktop-${VERSION}-setup.exe"
!endif

; A fixed product id: upgrades replace the same installation, never add a second one.
!define PRODUCT_ID "{6F1B2C4E-5A7D-4B19-9E0A-3C8D2F7B1A55}"
!define PRODUCT_NAME "ШНОР Desktop"
!define PUBLISHER "ШНОР Desktop"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${PRODUCT_ID}"

!include "MUI2.nsh"

Name "${PRODUCT_NAME} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\ShnorDesktop"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
BrandingText "${PRODUCT_NAME} ${VERSION}"

!define MUI_ABORTWARNING
!define MUI_ICON "../shnor_desktop/resources/icons/shnor.ico"
!define MUI_UNICON "../shnor_desktop/resources/icons/shnor.ico"
!define MUI_FINISHPAGE_RUN "$INSTDIR\shnor-desktop.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Запустить ${PRODUCT_NAME}"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Russian"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_RUSSIAN} "ProductName" "${PRODUCT_NAME}"
VIAddVersionKey /LANG=${LANG_RUSSIAN} "FileDescription" "Установщик ${PRODUCT_NAME}"
VIAddVersionKey /LANG=${LANG_RUSSIAN} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_RUSSIAN} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_RUSSIAN} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_RUSSIAN} "LegalCopyright" "${PUBLISHER}"

Section "Программа" SecMain
  SectionIn RO
  ; an upgrade replaces the program files only; the data folder is elsewhere
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${BUNDLE}/*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${PRODUCT_NAME}"
  CreateShortcut "$SMPROGRAMS\${PRODUCT_NAME}\${PRODUCT_NAME}.lnk" "$INSTDIR\shnor-desktop.exe" "" "$INSTDIR\shnor-desktop.exe" 0
  CreateShortcut "$SMPROGRAMS\${PRODUCT_NAME}\Удалить ${PRODUCT_NAME}.lnk" "$INSTDIR\uninstall.exe"
  CreateShortcut "$DESKTOP\${PRODUCT_NAME}.lnk" "$INSTDIR\shnor-desktop.exe"

  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${PRODUCT_NAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\shnor-desktop.exe"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  ; program files only: the database, backups and documents in the user profile stay
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\shnor-desktop.exe"
  Delete "$INSTDIR\shnor.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${PRODUCT_NAME}\${PRODUCT_NAME}.lnk"
  Delete "$SMPROGRAMS\${PRODUCT_NAME}\Удалить ${PRODUCT_NAME}.lnk"
  RMDir "$SMPROGRAMS\${PRODUCT_NAME}"
  Delete "$DESKTOP\${PRODUCT_NAME}.lnk"
  DeleteRegKey HKCU "${UNINST_KEY}"
SectionEnd
