// zod's JIT turns each object schema into a parser made with `new Function` at its first parse. A
// command parses a few values (settings, a journal) and exits: making those parsers took ≈ 10 ms of
// a `dmdrop providers` start (loaded machine), they pay off only after thousands of parses, and
// code made by `new Function` is never in the bundle's code cache. Imported first by main.ts, so it
// runs before any schema is made (each schema reads the setting when it is made).
import { config } from 'zod';

config({ jitless: true });
