// Where the real Dropbox's behaviour is not known for sure, each plausible answer is a variant:
// `npm run emulator -- --variant NAME` serves it, and the conformance suite runs under each.
import type { DropboxEmulatorOptions } from './server';

export interface Variant {
  description: string;
  source: string;
  options: Partial<DropboxEmulatorOptions>;
}

export const variants: Record<string, Variant> = {
  'zip-stored': {
    description: 'The folder ZIP (dl=1) stores photos uncompressed and still writes sizes after the data (data descriptors), which streaming ZIP readers cannot delimit safely.',
    source: 'Unknown: Dropbox does not document its ZIP writer. Plausible because JPEGs do not shrink; the default deflates.',
    options: { folderLink: { zip: { compression: 'store', dataDescriptors: true, rootEntry: true } } },
  },
  'zip-sized': {
    description: 'The folder ZIP carries sizes in each local header (no data descriptors) and has no lone "/" entry.',
    source: 'libarchive/libarchive#982 (a maintainer downloading a Dropbox folder in 2018 saw no "/" entry).',
    options: { folderLink: { zip: { dataDescriptors: false, rootEntry: false } } },
  },
  'zip-folder-prefix': {
    description: 'The folder ZIP names its entries under the folder, like files/download_zip ("Album/photo.jpg").',
    source: 'files.stone, route download_zip ("including the top level folder"); whether shared-link ZIPs do the same is unknown.',
    options: { folderLink: { zip: { folderPrefix: true } } },
  },
  'folder-page-no-preload': {
    description: 'The folder page carries no first page of entries at all: every name comes from the list_shared_link_folder_entries XHR.',
    source: 'Issue 14: "at most a first page sits in an escaped JSON blob".',
    options: { folderLink: { preloadFirstPage: false } },
  },
};
