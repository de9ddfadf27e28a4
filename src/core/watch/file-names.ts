// Which names in a watched folder are worth looking at. Temporary and partial files (browsers'
// downloads, Office locks, editors' swap files, the hidden names screenshot tools write before
// renaming into place) are never candidates; on a shared folder such as the macOS Desktop only the
// system's screenshot names are.
import { basename } from 'node:path';

const TEMPORARY = [
  /^\./, // dot-files: .DS_Store, macOS's ".Screenshot …" before its rename, editors' temp files
  /^~\$/, // Office lock files
  /^~.*\.tmp$/i,
  /\.(part|partial|crdownload|download|tmp|temp|swp|swx|lock|lck|filepart|opdownload)$/i,
  /^Thumbs\.db$/i,
  /^desktop\.ini$/i,
];

export function isTemporaryName(path: string): boolean {
  const name = basename(path);
  return TEMPORARY.some((re) => re.test(name));
}

/**
 * macOS names screenshots after the system language: "Screenshot 2026-11-25 at 18.30.12.png"
 * (10.14+), "Screen Shot …" (older), and the translations below (the locales we can vouch for).
 */
export const MACOS_SCREENSHOT_PREFIXES = [
  'Screenshot', // English (10.14+)
  'Screen Shot', // English (10.13 and earlier)
  'Bildschirmfoto', // German
  'Capture d’écran', // French (typographic apostrophe, as macOS writes it)
  "Capture d'écran",
  'Captura de pantalla', // Spanish
  'Captura de Tela', // Portuguese (Brazil)
  'Captura de ecrã', // Portuguese (Portugal)
  'Istantanea schermo', // Italian
  'Schermafbeelding', // Dutch
  'Skärmavbild', // Swedish
  'Skjermbilde', // Norwegian
  'Skærmbillede', // Danish
  'Näyttökuva', // Finnish
  'Zrzut ekranu', // Polish
  'Снимок экрана', // Russian
  'スクリーンショット', // Japanese
  '截屏', // Chinese (Simplified)
  '螢幕截圖', // Chinese (Traditional)
  '스크린샷', // Korean
];

const SCREENSHOT_EXT = /\.(png|jpe?g|heic|tiff?|gif|webp)$/i;

export function isMacScreenshotName(path: string): boolean {
  const name = basename(path).normalize('NFC');
  return SCREENSHOT_EXT.test(name) && MACOS_SCREENSHOT_PREFIXES.some((prefix) => name.startsWith(prefix.normalize('NFC')));
}
