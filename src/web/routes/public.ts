import type { RecordStatus } from '../../domain/record.ts';

/** Only published records leave through public pages, the public API and downloads. */
export const PUBLIC_STATUSES: readonly RecordStatus[] = ['published'];
