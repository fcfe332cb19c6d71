import type { IdeaStatus } from '../../../db/schema';

export const PUBLIC_IDEA_STATUSES: IdeaStatus[] = ['published', 'shortlisted', 'winner'];
