import { redirect } from 'next/navigation';
import { AuthCard } from '../../features/auth/auth-card';
import { LoginForm } from '../../features/auth/login-form';
import { readPageSession, readSetupRequired, safeNextPath } from '../../server/web/page-session';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeNextPath(typeof params.next === 'string' ? params.next : undefined);
  if (await readSetupRequired()) redirect('/setup');
  if (await readPageSession()) redirect(next);
  const notice = params.signedOut ? 'You are signed out.' : params.expired ? 'Your session ended. Sign in again to continue.' : undefined;
  return (
    <AuthCard title="Sign in" intro="Gateways, routes, upstream TLS policies and their certificates.">
      <LoginForm next={next} {...(notice ? { notice } : {})} />
    </AuthCard>
  );
}
