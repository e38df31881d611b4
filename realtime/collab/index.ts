/**
 * What other areas use of the collaboration engine. The meeting area:
 * - names documents with `collabDocName({ meetingId, meetingApplicantId, field })`;
 * - registers who may write/read with `registerCollabRights(resolver)` (once, at import), and the
 *   name each person shows in the awareness with `registerCollabNames(resolver)`;
 * - calls `collabRightsChanged({ meetingId, meetingApplicantId?, field?, accountIds? })` after the
 *   commit that changes assignments or recusals (or `collabRightsChangedAfterCommit(t, filter)`);
 * - calls `freezeCollabDoc(docName, t)` inside its "finish review" transaction and keeps the
 *   returned text; `frozenCollabText(docName)` reads it back for records and exports.
 */
export {
  COLLAB_FIELDS,
  COLLAB_TEXT,
  collabDocName,
  parseCollabDocName,
  type CollabDocRef,
  type CollabField,
} from './names';
export {
  registerCollabRights,
  registerCollabNames,
  collabRightsChanged,
  collabRightsChangedAfterCommit,
  type CollabRight,
  type CollabRightsResolver,
  type CollabNameResolver,
  type CollabRightsFilter,
} from './rights';
export { freezeCollabDoc, frozenCollabText } from './freeze';
export type { FrozenDoc } from './store';
