// Loading a policy file registers its rules; every area's file is imported here once.
import './org';
import './account';
import './catalogue';
import './declaration';
import './around';
import './meeting';
import './setup';
import './after';

export { allow, authorize, can, allowedActions, inSubtree, refuseBeforePasswordChange, type Action, type Actor } from './registry';
