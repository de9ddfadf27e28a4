; DM Drop's additions to electron-builder's NSIS installer (electron-builder.json nsis.include).
; Explorer's Send To menu gets "DM Drop": files sent there start DM Drop with their paths as
; arguments, which a running DM Drop receives through its single-instance lock and shares.
; Windows has no all-users Send To folder, so the shortcut is the installing user's ($SENDTO).
; The uninstaller (also run before an update installs the new version) removes it again.

!macro customInstall
  CreateShortCut "$SENDTO\DM Drop.lnk" "$appExe" "" "$appExe" 0 "" "" "Share these photos with DM Drop"
!macroend

!macro customUnInstall
  Delete "$SENDTO\DM Drop.lnk"
!macroend
