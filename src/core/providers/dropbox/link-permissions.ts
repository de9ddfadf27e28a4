// What a Dropbox link's metadata says about who can open it and what they may do. The service
// answers in one of two shapes (sharing.stone LinkPermissions, ~664–689): `effective_audience` +
// `link_access_level`, or the older `resolved_visibility` "instead"; public clients read either
// (maestral client.py convert_shared_link_metadata, after samschott/maestral#658).
import type { sharing } from 'dropbox';
import { DmDropError } from '../../../shared/errors';

export interface LinkAccess {
  /** `viewer`, `editor`, or `unknown` when the metadata does not say and we cannot infer it. */
  access: string;
  /** `public`, `team`, `password`, … or `unknown`. */
  audience: string;
}

type Permissions = sharing.LinkPermissions & {
  effective_audience?: { '.tag': string };
  link_access_level?: { '.tag': string };
  require_password?: boolean;
};

/** `resolved_visibility` tags in the words of `effective_audience`. */
const VISIBILITY_AUDIENCE: Record<string, string> = {
  public: 'public',
  team_only: 'team',
  team_and_password: 'team',
  password: 'password',
  shared_folder_only: 'shared folder members',
  no_one: 'no_one',
  only_you: 'only you',
};

/**
 * `asked` is the access level DM Drop requested for the link. A link whose metadata has no
 * `link_access_level` grants what was asked when it is public: the older shape predates access
 * levels, and Dropbox reports an editor link with `link_access_level: editor` in the newer one.
 */
export function linkAccess(meta: Pick<sharing.SharedLinkMetadataReference, 'link_permissions'>, asked: 'viewer'): LinkAccess {
  const p = (meta.link_permissions ?? {}) as Permissions;
  let audience = p.effective_audience?.['.tag'] ?? VISIBILITY_AUDIENCE[p.resolved_visibility?.['.tag'] ?? ''] ?? 'unknown';
  if (audience === 'public' && p.require_password) audience = 'password';
  // A password link is a public one behind a password (RequestedVisibility.password: "Login is not required").
  const access = p.link_access_level?.['.tag'] ?? (audience === 'public' || audience === 'password' ? asked : 'unknown');
  return { access, audience };
}

export function teamOnlyError(): DmDropError {
  return new DmDropError(
    'TEAM_ONLY_LINKS',
    'Your Dropbox team’s sharing policy makes links team-only (only members of your team can open them), so DM Drop cannot make a link anyone can open from this account. Ask your team admin to allow links for “Anyone”, or connect a personal Dropbox.',
  );
}

export function publicLinksForbidden(cause: unknown): DmDropError {
  return new DmDropError(
    'PUBLIC_LINKS_FORBIDDEN',
    'Your organisation does not allow links that anyone can open: your Dropbox team’s sharing policy refused a public link, so DM Drop cannot share from this account. Ask your team admin, or connect a personal Dropbox.',
    { cause },
  );
}

export function passwordLinksUnavailable(cause: unknown): DmDropError {
  return new DmDropError(
    'PASSWORD_LINKS_UNAVAILABLE',
    'This Dropbox account cannot put a password on a link: Dropbox allows link passwords on paid plans (Plus, Essentials, Business) only. Share without a password, or connect a paid Dropbox account.',
    { cause },
  );
}
