export const PAGE_SIZE = 12;

export type Page<T> = { items: T[]; page: number; pageCount: number; total: number };

export function pageOf<T>(items: T[], total: number, page: number, size = PAGE_SIZE): Page<T> {
  return { items, page, pageCount: Math.max(1, Math.ceil(total / size)), total };
}
