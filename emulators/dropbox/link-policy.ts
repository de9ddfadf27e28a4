// How the emulated Dropbox describes and polices shared links where the real service varies or is
// undocumented: which `LinkPermissions` fields it fills in, what a team policy does to a request for
// a public link, and what a stranger gets for a dead link. Each choice is an emulator switch
// (see variants.ts); docs/contracts/dropbox.md says where each answer comes from.
import type { ServerResponse } from 'node:http';

/**
 * `legacy`: `resolved_visibility` + `requested_visibility` only (the spec's own LinkPermissions
 * example, sharing.stone ~735–751); `audience`: `effective_audience` + `link_access_level` returned
 * instead (sharing.stone ~665–676: "For some links, an effective_audience value is returned
 * instead"); `both`: every field at once.
 */
export type LinkMetadataShape = 'legacy' | 'audience' | 'both';

/**
 * What a Dropbox team's sharing policy does to a request for a public link: nothing; the link is
 * made but only team members can open it; or the request is refused with one of the two
 * documented errors (CreateSharedLinkWithSettingsError `settings_error/not_authorized`, `access_denied`).
 */
export type TeamLinkPolicy = 'none' | 'team-only' | 'settings-error' | 'access-denied';

/** A stranger's GET of a revoked, expired or unknown link: a 200 error page, a 404 page, or a sign-in detour. */
export type DeadLinkAnswer = 'html-200' | 'html-404' | 'sign-in';

export function linkPermissions(shape: LinkMetadataShape, audience: 'public' | 'team', accountType: 'basic' | 'pro', requirePassword = false): Record<string, unknown> {
  // A password link: ResolvedVisibility/RequestedVisibility `password` ("A link-specific password
  // is required to access the link. Login is not required.", sharing.stone ~382–384) in the legacy
  // shape; LinkPermissions.require_password (~718–719) in every shape.
  const visibility = audience === 'public' ? (requirePassword ? 'password' : 'public') : requirePassword ? 'team_and_password' : 'team_only';
  const common = {
    can_revoke: true,
    visibility_policies: [
      { policy: { '.tag': 'public' }, resolved_policy: { '.tag': visibility }, allowed: audience === 'public', ...(audience === 'public' ? {} : { disallowed_reason: { '.tag': 'restricted_by_team' } }) },
    ],
    can_set_expiry: accountType === 'pro',
    // LinkPermissions.can_set_password / can_remove_password (sharing.stone ~714–717): a paid plan's.
    can_set_password: accountType === 'pro',
    can_remove_password: accountType === 'pro',
    require_password: requirePassword,
    can_remove_expiry: accountType === 'pro',
    allow_download: true,
    can_allow_download: true,
    can_disallow_download: accountType === 'pro',
    allow_comments: true,
    team_restricts_comments: false,
  };
  const legacy = { resolved_visibility: { '.tag': visibility }, requested_visibility: { '.tag': requirePassword ? 'password' : 'public' } };
  const current = { effective_audience: { '.tag': audience }, link_access_level: { '.tag': 'viewer' } };
  if (shape === 'legacy') return { ...legacy, ...common };
  if (shape === 'audience') return { ...common, ...current };
  return { ...legacy, ...common, ...current };
}

/** The page Dropbox serves in place of a link that no longer opens (wording modelled, not copied). */
export function sendDeadLink(res: ServerResponse, answer: DeadLinkAnswer, loginUrl: string): void {
  if (answer === 'sign-in') {
    res.writeHead(302, { location: loginUrl }).end();
    return;
  }
  res
    .writeHead(answer === 'html-200' ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' })
    .end(
      '<!doctype html><html><head><title>Dropbox - Link not found</title></head><body>' +
        '<h1>This link doesn’t work</h1><p>It may have been deleted, or it has expired.</p>' +
        '<a href="/login">Sign in</a> <a href="/register">Sign up</a></body></html>',
    );
}
