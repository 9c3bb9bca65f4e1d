import { describe, expect, it } from '@jest/globals';
import { leaseMarginMs, leaseValidUntil } from './lease.js';

describe('leaseValidUntil', () => {
  it('counts from the send time, minus a sixth of the lease', () => {
    expect(leaseValidUntil(1_000_000, 6)).toBe(1_000_000 + 6000 - 1000);
    expect(leaseValidUntil(1_000_000, 12)).toBe(1_000_000 + 12_000 - 2000);
  });

  it('caps the margin at 5 s for long leases', () => {
    expect(leaseMarginMs(60)).toBe(5000);
    expect(leaseValidUntil(0, 3600)).toBe(3_600_000 - 5000);
  });
});
