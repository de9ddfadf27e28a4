// Logs never hold secrets: OAuth tokens, authorization codes, PKCE verifiers, and the parts of a
// share link that grant access (Dropbox's rlkey and link id, Drive file ids in links) are masked
// before a line is written.
const RULES: [RegExp, string][] = [
  [/(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1[token]'],
  [/\b(sl\.[A-Za-z0-9._-]{10,})/g, '[dropbox-token]'],
  [/\b(ya29\.[A-Za-z0-9._-]+)/g, '[google-token]'],
  [/\b(1\/\/0[A-Za-z0-9._-]+)/g, '[google-refresh-token]'],
  [/((?:refresh_token|access_token|code|code_verifier|client_secret|token)["']?\s*[=:]\s*["']?)[^"'&\s,}]+/gi, '$1[redacted]'],
  [/(rlkey=)[A-Za-z0-9]+/gi, '$1[redacted]'],
  [/(\/scl\/f[io]\/)[A-Za-z0-9]+(\/[^?\s"']*)?/g, '$1[link]'],
  [/(\/file\/d\/|\/drive\/folders\/|[?&]id=)[A-Za-z0-9_-]{10,}/g, '$1[id]'],
];

export function redact(text: string): string {
  return RULES.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}
