/** Newest modification time (ms) under the folders the console build is made from. */
export function newestSourceMtime(root: string): number;
