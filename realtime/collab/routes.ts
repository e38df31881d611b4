import { z } from 'zod';
import type { Routes } from '../../server/http/route';
import { bearerToken } from '../../server/http/authenticate';
import { verifyAccessToken } from '../../server/auth/tokens';
import { forbidden, invalidField, unauthenticated } from '../../server/errors';
import { parseCollabDocName } from './names';
import { capRight, resolveCollabRight } from './rights';
import { docRow } from './store';
import { issueTicket } from './tickets';

export const ticketBody = z.object({ doc: z.string().min(1).max(64) }).strict();

export const ticketView = z.object({
  ticket: z.string(),
  expiresAt: z.string(),
  /** What the connection will be allowed to do, as of now (checked again when it connects). */
  right: z.enum(['write', 'read']),
  frozen: z.boolean(),
});

export function registerCollabRoutes(r: Routes) {
  r.add({
    method: 'post',
    path: '/collab/tickets',
    summary: 'A single-use ticket (≈30 s) to open one collaborative document over /collab/<doc>',
    tags: ['collab'],
    needs: 'signedIn',
    body: ticketBody,
    response: ticketView,
    status: 201,
    async handler({ actor, body, req }) {
      if (actor.mustChangePassword) throw forbidden('password_change_required', 'Change your password first');
      const ref = parseCollabDocName(body.doc);
      if (!ref) throw invalidField('body.doc', 'collab_bad_document', 'Not a collaborative document name');
      // The route already verified the token; its version and expiry bound the ticket's life.
      const token = bearerToken(req.headers.authorization);
      if (!token) throw unauthenticated();
      const claims = await verifyAccessToken(token);
      const frozen = !!(await docRow(body.doc))?.frozenAt;
      const right = capRight(await resolveCollabRight(actor, ref), frozen);
      if (right === 'none') throw forbidden('collab_forbidden', 'You may not open this document');
      const { ticket, expiresAt } = await issueTicket({
        accountId: actor.id,
        doc: body.doc,
        tokenVersion: claims.tv,
        tokenExpiresAt: new Date(claims.exp * 1000),
      });
      return { ticket, expiresAt: expiresAt.toISOString(), right, frozen };
    },
  });
}
