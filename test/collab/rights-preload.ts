// Loaded into spawned test nodes with `--import` (see rights-fixture.ts): test rights only.
// The meeting area registers its real resolver when its module is first imported; import it here
// first, so the test resolver installed below is the one that stays.
import '../../realtime/meeting/collabRights';
import { installTestRights } from './rights-fixture';

installTestRights();
