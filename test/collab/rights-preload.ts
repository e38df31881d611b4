// Loaded into spawned test nodes with `--import` (see rights-fixture.ts): test rights only.
import { installTestRights } from './rights-fixture';

installTestRights();
