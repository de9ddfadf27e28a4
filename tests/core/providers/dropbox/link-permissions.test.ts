// Both shapes of Dropbox link metadata (sharing.stone LinkPermissions ~664–689) read the same way.
import { describe, expect, it } from 'vitest';
import { linkAccess } from '../../../../src/core/providers/dropbox/link-permissions';

const meta = (link_permissions: Record<string, unknown>) => ({ link_permissions }) as never;

describe('Dropbox link permissions', () => {
  it('reads the newer fields when present', () => {
    expect(linkAccess(meta({ effective_audience: { '.tag': 'public' }, link_access_level: { '.tag': 'viewer' } }), 'viewer')).toEqual({ access: 'viewer', audience: 'public' });
    expect(linkAccess(meta({ effective_audience: { '.tag': 'public' }, link_access_level: { '.tag': 'editor' } }), 'viewer')).toEqual({ access: 'editor', audience: 'public' });
  });

  it('a public link in the older shape (no link_access_level) is the viewer link that was asked for', () => {
    expect(linkAccess(meta({ resolved_visibility: { '.tag': 'public' }, requested_visibility: { '.tag': 'public' } }), 'viewer')).toEqual({ access: 'viewer', audience: 'public' });
  });

  it('never calls a link public when the older shape says otherwise', () => {
    expect(linkAccess(meta({ resolved_visibility: { '.tag': 'team_only' } }), 'viewer')).toEqual({ access: 'unknown', audience: 'team' });
    expect(linkAccess(meta({ resolved_visibility: { '.tag': 'team_and_password' } }), 'viewer').audience).toBe('team');
    expect(linkAccess(meta({ resolved_visibility: { '.tag': 'password' } }), 'viewer').audience).toBe('password');
    // A password link is never "public"; what it grants once the password is typed is the viewer access asked for.
    expect(linkAccess(meta({ resolved_visibility: { '.tag': 'public' }, require_password: true }), 'viewer')).toEqual({ access: 'viewer', audience: 'password' });
    expect(linkAccess(meta({}), 'viewer')).toEqual({ access: 'unknown', audience: 'unknown' });
  });
});
