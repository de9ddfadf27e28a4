// Types for scripts/cli-bundle.mjs (plain JS so bin/dmdrop.js can check the bundle before anything is built).
export const ROOT: string;
export const BUNDLED: string[];
export function bundlePath(root?: string): string;
export function isFresh(root?: string): boolean;
export function buildBundle(root?: string): Promise<string>;
export function freshBundle(root?: string): Promise<string | undefined>;
