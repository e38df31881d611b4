import type { Sequelize } from 'sequelize';
import { Organisation } from './Organisation';
import { Account } from './Account';
import { RefreshToken } from './RefreshToken';
import { initDeclarationModels, associateDeclarationModels } from './declaration';
import { initMeetingModels, associateMeetingModels } from './meeting';
import { initSetupModels, associateSetupModels } from './setup';
import { initAfterModels, associateAfterModels } from './after';

export { Organisation, Account, RefreshToken };
export * from './declaration';
export * from './meeting';
export * from './setup';
export * from './after';

/**
 * Every model registers here, once per process. Each area keeps its models in a folder with an
 * init and an associate function, and adds one line to each list below.
 */
const initialisers: Array<(s: Sequelize) => void> = [
  (s) => Organisation.initModel(s),
  (s) => Account.initModel(s),
  (s) => RefreshToken.initModel(s),
  initDeclarationModels,
  initMeetingModels,
  initSetupModels,
  initAfterModels,
];

const associations: Array<() => void> = [
  () => {
    Organisation.belongsTo(Organisation, { as: 'parent', foreignKey: 'parentId' });
    Organisation.hasMany(Organisation, { as: 'children', foreignKey: 'parentId' });
    Account.belongsTo(Organisation, { as: 'org', foreignKey: 'orgId' });
    RefreshToken.belongsTo(Account, { as: 'account', foreignKey: 'accountId' });
  },
  associateDeclarationModels,
  associateMeetingModels,
  associateSetupModels,
  associateAfterModels,
];

let initialised: Sequelize | null = null;
let associated = false;

/** The process's connection, for the few places that run SQL without a model. */
export function db(): Sequelize {
  if (!initialised) throw new Error('initModels() has not run');
  return initialised;
}

export function initModels(sequelize: Sequelize) {
  if (initialised === sequelize) return;
  for (const init of initialisers) init(sequelize);
  // Associations live on the model classes, not the connection: define them once per process.
  if (!associated) for (const associate of associations) associate();
  associated = true;
  initialised = sequelize;
}
