/**
 * The desired size `pulumi up` sends for a node group (pure; the live size is read by
 * `ManagedNodeGroup` through `aws.eks.getNodeGroup`).
 *
 * The cluster autoscaler owns a running group's desired size. EKS's `UpdateNodegroupConfig`
 * takes min, max and desired together, so whenever min or max change the provider sends a
 * desired size too. With `ignoreChanges` on it (the usual answer), that is the value recorded
 * at the last apply: an autoscaler scale-up since then would be undone. So `ManagedNodeGroup`
 * reads the group's live desired size while the program runs and sends it, clamped into the
 * new `[minSize, maxSize]`: a min/max change keeps the nodes that run, within the new bounds.
 * A group that does not exist yet (or whose cluster does not) starts at the configured size.
 * What remains: a scale-up in the minutes between the read and the update is not seen.
 */

/** Sizes of a node group. */
export interface GroupSizes {
  /** Fewest nodes. */
  readonly minSize: number;
  /** Nodes at creation. */
  readonly desiredSize: number;
  /** Most nodes. */
  readonly maxSize: number;
}

/**
 * The desired size to send: the live one clamped into `[minSize, maxSize]`, or the configured
 * one when there is no live group (`live` undefined).
 */
export function desiredSizeFor(sizes: GroupSizes, live: number | undefined): number {
  if (live === undefined || !Number.isInteger(live)) return sizes.desiredSize;
  return Math.min(sizes.maxSize, Math.max(sizes.minSize, live));
}

/**
 * True when an error of `aws.eks.getNodeGroup` says the group (or its cluster) does not exist;
 * any other error (permissions, throttling) must stop the program instead of silently falling
 * back to the configured size, which could scale a running group down.
 */
export function isNodeGroupNotFound(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /ResourceNotFoundException|couldn't find resource|not found|NotFound/i.test(text);
}
