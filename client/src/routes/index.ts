/**
 * Every area's page registrations, in menu order of arrival. Add one line per area, e.g.
 * `import './declarations/pages';`.
 */
import './foundation';
import './live/pages';
import './after/pages';
import './declarations/pages';
import './setup/pages';

export { pages, pageAt, menuFor, allowed, isPublicPath, registerPage, registerHomeCard, type PageEntry, type HomeCard } from './registry';
