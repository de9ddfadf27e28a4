// A link as a QR code, for opening it on the phone: encoded here by uqr and drawn as an SVG image
// in a data: URL (the CSP's img-src allows data:). Nothing is sent anywhere to make it.
import { renderSVG } from 'uqr';

/**
 * Dark on light whatever the window's theme (phone cameras read that best), with the four-module
 * quiet zone the QR standard asks for, and error correction M so a glare or a smudge still reads.
 */
export function qrCodeImageUrl(text: string): string {
  const svg = renderSVG(text, { ecc: 'M', border: 4, pixelSize: 8, blackColor: '#000000', whiteColor: '#ffffff' });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
