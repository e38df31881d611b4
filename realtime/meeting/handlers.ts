import { onEvent, type IO, type ZSocket } from '../handle';
import { ballotSheetBody } from '../../server/routes/rounds/schema';
import { submitBallotSheet } from '../../server/commands/meeting/submitBallot';
import './access';

/** Socket events of the live meeting; each calls the same command as its REST route. */
export function attachMeetingHandlers(io: IO, socket: ZSocket) {
  onEvent(io, socket, 'ballot:submit', {
    needs: 'round:vote',
    schema: ballotSheetBody,
    async handler({ actor, data }) {
      return submitBallotSheet(actor, data);
    },
  });
}
