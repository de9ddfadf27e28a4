// The provider contract for every provider in the built-in list: each runs the same suite
// (conformance-suite.ts) against its own emulator, through its harness.
import { describe, expect, it } from 'vitest';
import { connectableProviders } from '../../../../src/core/providers/provider-list';
import { describeProviderConformance } from './conformance-suite';
import { HARNESSES, harnessFor } from './harnesses';

describe('the built-in provider list', () => {
  it('gives every provider that can be connected a harness, and no harness is left without a provider', () => {
    expect(Object.keys(HARNESSES).sort()).toEqual(connectableProviders().map((p) => p.id).sort());
  });
});

for (const descriptor of connectableProviders()) {
  const harness = harnessFor(descriptor.id);
  if (harness) describeProviderConformance({ descriptor, harness });
}
