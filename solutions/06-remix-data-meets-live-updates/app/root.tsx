// The shared layout (document, styles, scripts), and since lesson 06 one socket for the whole tab around every route.
import { Outlet } from '@remix-run/react';
import { ChatSocketProvider } from './hooks/useChatSocket';

export { Layout, links, meta } from '../../../shared/app/root';

export default function App() {
  return (
    <ChatSocketProvider>
      <Outlet />
    </ChatSocketProvider>
  );
}
