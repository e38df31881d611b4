import { registerPage } from '../registry';

/** The setup screens register their pages here (one registerPage call per page). */
export const setupPages = registerPage;
