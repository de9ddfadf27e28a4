// Types for scripts/ensure-electron.mjs (plain JS so npm can run it before anything is built).
export const MIN_NODE: [number, number];
export function electronVersion(electronDir: string): string;
export function isInstalled(electronDir: string): boolean;
export const messages: { skipped(version: string): string; oldNode(nodeVersion: string): string; downloadFailed(version: string): string };
export type Decision = { action: 'ready' } | { action: 'download' } | { action: 'stop'; message: string };
export function decide(facts: { electronDir: string; env: Record<string, string | undefined>; nodeVersion: string }): Decision;
export function ensureElectron(options: { electronDir: string; env?: Record<string, string | undefined>; nodeVersion?: string; log?: (line: string) => void }): number;
