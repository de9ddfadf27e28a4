// What private data an image carried, so the user can be told honestly what was removed
// ("location removed"). Read with exif-reader from the EXIF block sharp exposes.
import exifReader from 'exif-reader';
import type { Metadata } from 'sharp';

export interface RemovedMetadata {
  location: boolean;
  camera: boolean;
  otherMetadata: boolean;
}

export function metadataReport(meta: Metadata): RemovedMetadata {
  let location = false;
  let camera = false;
  if (meta.exif) {
    try {
      const exif = exifReader(meta.exif) as {
        GPSInfo?: Record<string, unknown>;
        Image?: Record<string, unknown>;
        Photo?: Record<string, unknown>;
      };
      location = Boolean(exif.GPSInfo && Object.keys(exif.GPSInfo).length > 0);
      camera = Boolean(
        exif.Image?.Make || exif.Image?.Model || exif.Photo?.BodySerialNumber || exif.Photo?.LensModel || exif.Photo?.CameraOwnerName,
      );
    } catch {
      // Malformed EXIF is still EXIF: it is removed all the same, and we cannot say more.
    }
  }
  const otherMetadata = Boolean(meta.exif || meta.xmp || meta.iptc || (meta.comments && meta.comments.length > 0));
  return { location, camera, otherMetadata };
}
