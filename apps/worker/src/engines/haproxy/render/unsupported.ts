/**
 * A routing-table construct the HAProxy renderer cannot turn into configuration. Thrown, never skipped: the data
 * plane refuses the whole snapshot (the last good configuration keeps serving) and says why. With `engine:
 * 'haproxy'` the compiler already turns rules using such constructs into 500 answers with a condition on the route
 * (compiler/engines), so reaching this means the table was compiled for another engine or the two lists disagree.
 */
export class UnsupportedByHaproxy extends Error {
  constructor(
    readonly construct: string,
    where: string,
    why: string,
  ) {
    super(`the haproxy engine cannot render ${construct} (${where}): ${why}`);
    this.name = 'UnsupportedByHaproxy';
  }
}
