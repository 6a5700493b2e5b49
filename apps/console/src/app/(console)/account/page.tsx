import { PageHeader } from '../../../components/page-header';
import { AccountView } from '../../../features/account/account-view';

export const metadata = { title: 'Account' };

export default function AccountPage() {
  return (
    <>
      <PageHeader title="Account" description="Your role, your password, and where you are signed in." />
      <AccountView />
    </>
  );
}
