import { registerPage } from '../registry';

/** The declarations screens register their pages here (one registerPage call per page). */
export const declarationsPages = registerPage;
