import { redirect } from 'next/navigation';
import { AuthCard } from '../../features/auth/auth-card';
import { SetupForm } from '../../features/auth/setup-form';
import { readSetupRequired } from '../../server/web/page-session';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'First run' };

/** Open only while no account exists; afterwards it sends people to sign in. */
export default async function SetupPage() {
  if (!(await readSetupRequired())) redirect('/login');
  return (
    <AuthCard title="Create the first administrator" intro="No account exists yet. The account you create here manages everything else, including other accounts.">
      <SetupForm />
    </AuthCard>
  );
}
