import { redirect } from 'next/navigation';
import { AuthCard } from '../../features/auth/auth-card';
import { LoginForm } from '../../features/auth/login-form';
import { getRuntime } from '../../server/runtime';
import { readPageSession, readSetupRequired, safeNextPath } from '../../server/web/page-session';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Sign in' };

/** Why single sign-on sent the person back here (/login?sso=<reason>, from GET /api/v1/oidc/callback). */
const SSO_REFUSALS: Record<string, string> = {
  no_role: 'Your account at the identity provider is in no group that has a role in Gatehouse. Ask an administrator to add you to one.',
  disabled: 'Your Gatehouse account is disabled. Ask an administrator.',
  username_taken: 'Your user name at the identity provider belongs to a local Gatehouse account. Ask an administrator.',
  expired: 'The sign-in took too long or was started in another browser. Try again.',
  replayed: 'This sign-in was already used. Try again.',
  state: 'The answer from the identity provider did not belong to this sign-in. Try again.',
  provider: 'The identity provider did not sign you in.',
  token: 'The identity provider\'s answer could not be verified. Try again, or ask an administrator to check the console\'s log.',
  unavailable: 'The identity provider cannot be reached. Try again later, or sign in with a local account.',
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeNextPath(typeof params.next === 'string' ? params.next : undefined);
  if (await readSetupRequired()) redirect('/setup');
  if (await readPageSession()) redirect(next);
  const rt = await getRuntime();
  const refusal = typeof params.sso === 'string' ? SSO_REFUSALS[params.sso] : undefined;
  const notice = refusal ?? (params.signedOut ? 'You are signed out.' : params.expired ? 'Your session ended. Sign in again to continue.' : undefined);
  // Break-glass: with GATEHOUSE_PASSWORD_LOGIN=hidden the form is still here at /login?local=1.
  const showPassword = !rt.oidc || rt.passwordLogin !== 'hidden' || params.local === '1';
  return (
    <AuthCard title="Sign in" intro="Gateways, routes, upstream TLS policies and their certificates.">
      <LoginForm next={next} showPassword={showPassword} {...(notice ? { notice } : {})} {...(rt.oidc ? { sso: { name: rt.oidc.name } } : {})} />
    </AuthCard>
  );
}
