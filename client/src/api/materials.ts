/** 评审材料: what an expert reads to review an applicant (blind review applied by the server). */
import type { reviewMaterials } from '../../../server/commands/meeting/materials';
import { http } from './client';
import { ApiError } from './error';
import { tokens } from './tokens';

export type Materials = Awaited<ReturnType<typeof reviewMaterials>>;

export const materialsApi = {
  get: (meetingApplicantId: number) => http.get<Materials>(`/meeting-applicants/${meetingApplicantId}/materials`),
  /** Files need the bearer token: fetched, then opened in a new tab as a blob. */
  async open(meetingApplicantId: number, fileId: number) {
    const win = window.open('', '_blank');
    const res = await fetch(`/api/meeting-applicants/${meetingApplicantId}/files/${fileId}`, {
      headers: { authorization: `Bearer ${tokens.current() ?? ''}` },
      credentials: 'same-origin',
    }).catch(() => null);
    if (!res || !res.ok) {
      win?.close();
      const body = await res?.json().catch(() => null);
      throw new ApiError(res?.status ?? 0, body?.error?.code ?? 'network_error', body?.error?.message ?? 'The file cannot be opened');
    }
    const url = URL.createObjectURL(await res.blob());
    if (win) win.location.href = url;
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  },
};
