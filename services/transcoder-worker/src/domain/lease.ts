/**
 * Until when a successful claim/heartbeat sent at `sentAtMs` (local clock) guarantees
 * the lease. video-api sets the expiry from its own clock when it handles the request,
 * which is never earlier than our send time, so `sentAt + leaseSeconds` is a lower bound
 * that does not depend on clock skew; the margin covers the sweeper racing the expiry
 * and timer lateness.
 */
export function leaseValidUntil(sentAtMs: number, leaseSeconds: number): number {
  const leaseMs = leaseSeconds * 1000;
  return sentAtMs + leaseMs - leaseMarginMs(leaseSeconds);
}

/** A sixth of the lease, at most 5 s (heartbeats go every third of it). */
export function leaseMarginMs(leaseSeconds: number): number {
  return Math.min(5000, (leaseSeconds * 1000) / 6);
}
