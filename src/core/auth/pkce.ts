// PKCE (RFC 7636) pieces for desktop OAuth: a high-entropy verifier and its S256 challenge.
import { createHash, randomBytes } from 'node:crypto';

export function createCodeVerifier(): string {
  return randomBytes(96).toString('base64url').slice(0, 128);
}

export function codeChallengeS256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export function randomState(): string {
  return randomBytes(16).toString('base64url');
}
