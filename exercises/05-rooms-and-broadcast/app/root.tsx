export { default, Layout, links, meta } from '../../../shared/app/root';
