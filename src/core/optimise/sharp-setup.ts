// sharp's process-wide limits for a desktop app on small machines: one libvips thread pool the
// size of the cores, and a small operation cache (we never process the same image twice), so one
// giant photo cannot take all memory. Imported for its effect by intake and optimise.
import { availableParallelism } from 'node:os';
import sharp from 'sharp';

sharp.concurrency(Math.max(1, Math.min(4, availableParallelism())));
sharp.cache({ memory: 64, files: 0, items: 20 });
