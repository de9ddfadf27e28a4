// Start at login: the OS is asked only when the choice changes, and a refusal is told.
import { describe, expect, it, vi } from 'vitest';
import { setupLoginItem } from '../../src/main/shell/setup-login-item';

describe('start at login', () => {
  it('sets the login item only when the choice changes', () => {
    const loginItem = { set: vi.fn(async (_enabled: boolean) => undefined) };
    const item = setupLoginItem({ loginItem, log: { error: vi.fn() }, tell: vi.fn() });
    item.apply(false);
    item.apply(false);
    item.apply(true);
    item.apply(true);
    expect(loginItem.set.mock.calls).toEqual([[false], [true]]);
  });

  it('tells the person when the OS refuses, and does nothing without a login item (development, self-test)', async () => {
    const tell = vi.fn();
    const refused = setupLoginItem({ loginItem: { set: async () => Promise.reject(new Error('permission denied')) }, log: { error: vi.fn() }, tell });
    refused.apply(true);
    await vi.waitFor(() => expect(tell).toHaveBeenCalledWith('Start at login', expect.stringMatching(/could not add itself to the programs started at login: permission denied/)));
    expect(() => setupLoginItem({ log: { error: vi.fn() }, tell }).apply(true)).not.toThrow();
  });
});
