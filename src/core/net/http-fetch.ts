// The one fetch shape the engine uses for raw HTTP (link verification, OAuth token calls).
// node-fetch@2 is what the Dropbox SDK needs anyway; a provider may wrap it to reach an emulator.
import nodeFetch, { type RequestInit, type Response } from 'node-fetch';

export type HttpFetch = (url: string, init?: RequestInit) => Promise<Response>;
export type { RequestInit, Response };

export const plainFetch: HttpFetch = (url, init) => nodeFetch(url, init);
