import { fileURLToPath } from 'node:url';
import { remixViteConfig } from '../../shared/vite-config';

// The shared course config, pointed at this snapshot's app/ folder.
export default remixViteConfig(fileURLToPath(new URL('./app', import.meta.url)));
