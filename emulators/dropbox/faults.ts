// Dropbox's fault kinds, on the shared fault set (emulators/faults.ts).
import { FaultSet, type FaultRule as Rule } from '../faults';

export const FAULT_KINDS = [
  '429-json',
  '429-text',
  '409-too-many-writes',
  '500',
  '503',
  'drop-before-response',
  'drop-mid-body',
  'expired-token',
  'lost-response',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export type FaultRule = Rule<FaultKind>;

const RANDOM_MIX: FaultKind[] = ['429-json', '429-text', '500', '503', 'drop-before-response', 'drop-mid-body', 'expired-token'];

export class Faults extends FaultSet<FaultKind> {
  constructor() {
    super(RANDOM_MIX);
  }
}
