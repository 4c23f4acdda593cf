// Where a change request is seen in the portal: its page, linked from notification mails and the
// REST API's answers (docs/decisions/030).

/** The portal page of one change request (relative to PORTAL_URL). */
export const changeRequestPath = (id: string) => `/change-requests/${id}`;
