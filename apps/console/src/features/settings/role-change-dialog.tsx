'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Dialog } from '../../components/dialog';
import { errorMessageOf } from '../../components/mutation-error';
import { toast } from '../../components/toast';
import type { UserInfo, UserRole } from '../../server/auth/user.schema';
import { useTRPC } from '../../trpc/react';
import { describeRoleChange, roleWithArticle } from './describe-role-change';

/**
 * Confirms a role change before it is made: who, from which role to which, and what that changes for them.
 * Cancelling leaves the role as it was; the change itself is audited (user.update, "role a → b").
 */
export function RoleChangeDialog({ user, to, self, onClose }: { user: UserInfo; to: UserRole | null; self: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [problem, setProblem] = useState<string | null>(null);
  const update = useMutation(trpc.users.update.mutationOptions({ onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() }) }));
  const words = to ? describeRoleChange(user, user.role, to, self) : null;
  const close = () => {
    setProblem(null);
    onClose();
  };
  const confirm = async () => {
    if (!to) return;
    setProblem(null);
    try {
      await update.mutateAsync({ id: user.id, patch: { role: to } });
      toast.success(`${user.username} is now ${roleWithArticle(to)}`);
      onClose();
      // Your own role changed: the shell (and what it shows you) must learn it from the server.
      if (self) router.refresh();
    } catch (e) {
      setProblem(errorMessageOf(e));
    }
  };
  return (
    <Dialog open={to !== null} onClose={close} title={words?.title ?? 'Change the role'}>
      {words ? (
        <>
          <p>{words.summary}</p>
          {words.gains.length + words.losses.length > 0 ? (
            <ul aria-label="What changes">
              {words.gains.map((g) => <li key={g}>{g}</li>)}
              {words.losses.map((l) => <li key={l}>{l}</li>)}
            </ul>
          ) : null}
          <p className="muted">{words.effect}</p>
          {problem ? <div className="alert" role="alert">{problem}</div> : null}
          <div className="form-actions">
            <button type="button" className="button" onClick={close}>Cancel</button>
            <button type="button" className="button primary" disabled={update.isPending} onClick={() => void confirm()}>
              {update.isPending ? 'Changing…' : words.confirm}
            </button>
          </div>
        </>
      ) : null}
    </Dialog>
  );
}
