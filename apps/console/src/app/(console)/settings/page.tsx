import { PageHeader } from '../../../components/page-header';
import { NotificationChannelsSection } from '../../../features/notifications/channels-section';
import { ConsoleTlsSection } from '../../../features/settings/console-tls-section';
import { SettingsView } from '../../../features/settings/settings-view';

export const metadata = { title: 'Settings' };

export default function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings" description="Your account, and for administrators the console's accounts, API tokens and notification channels, and the certificate the console serves HTTPS with." />
      <SettingsView />
      <NotificationChannelsSection />
      <ConsoleTlsSection />
    </>
  );
}
