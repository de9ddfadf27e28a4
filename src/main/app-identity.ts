// Names the OS knows DM Drop by; each must equal what the installers write (a test compares them
// with electron-builder.json and package.json).

/** Windows: the AppUserModelID NSIS gives the Start-menu shortcut (electron-builder.json appId). Notifications are attributed through it. */
export const APP_USER_MODEL_ID = 'app.dmdrop.desktop';

/** Linux: the installed .desktop file's id (package.json desktopName); Wayland's portal identifies the app by it. */
export const DESKTOP_NAME = 'app.dmdrop.DMDrop.desktop';
