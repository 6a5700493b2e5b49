import { LineDiff } from '../../components/line-diff';
import { unifiedDiffSides } from './describe-diff';

/** The server's unified diff shown with the console's line diff (the same marks and colours as elsewhere). */
export function UnifiedDiff({ diff, missingBefore, missingAfter }: { diff: string; missingBefore?: string; missingAfter?: string }) {
  const sides = unifiedDiffSides(diff, { ...(missingBefore ? { missingBefore } : {}), ...(missingAfter ? { missingAfter } : {}) });
  return <LineDiff before={sides.before} after={sides.after} beforeLabel={sides.beforeLabel} afterLabel={sides.afterLabel} />;
}
