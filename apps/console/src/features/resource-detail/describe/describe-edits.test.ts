import { describe, expect, it } from 'vitest';
import { describeEdits } from './describe-edits';

describe('describeEdits', () => {
  it('counts spec changes from the generation, never the store revision', () => {
    expect(describeEdits(undefined)).toBe('not edited since');
    expect(describeEdits(1)).toBe('not edited since');
    expect(describeEdits(2)).toBe('edited once');
    expect(describeEdits(5)).toBe('edited 4 times');
  });
});
